-- Schema v12: pins (docs/security.md, "Pins"). A pinned trace outlives
-- BATON_RETENTION_DAYS until its last pin is removed.
--
-- Design: the rows stay where they are and carry a flag. The trace-scoped
-- tables (spans, traces, snapshots, handoffs) get `pinned UInt8 DEFAULT 0`
-- and their TTL becomes `… DELETE WHERE pinned = 0`; pinning is an
-- `ALTER TABLE … UPDATE pinned = 1` of the trace's primary-key range, run
-- synchronously (mutations_sync). No reader changes: the trace page reads
-- the same rows with the same queries, so a read costs what it did (measured
-- in docs/benchmarks.md, "Pins"), and a span stays one row (no copy for the
-- first-write-wins resolution to count). The writer's column lists do not
-- change: ingest writes the DEFAULT 0. The cost is the pin itself: an
-- update rewrites only the `pinned` column of the parts holding the trace.
-- With ttl_only_drop_parts = 1 a part whose rows have all expired and none
-- is pinned is still dropped whole; a part holding a pinned row is rewritten
-- without its expired unpinned rows (checked on chDB).
--
-- The content-addressed tables (resources, snapshot_bodies) are shared by
-- traces and rewritten by the writer with a newer last_seen, which a
-- ReplacingMergeTree merge keeps: a flag there would be lost to the next
-- refresh. A pin writes a copy whose last_seen is far in the future
-- (lib/pins/store.ts, PINNED_LAST_SEEN), which every merge keeps and no TTL
-- reaches; the last unpin replaces it with a copy seen now.
--
-- ADD COLUMN IF NOT EXISTS and MODIFY TTL are idempotent; the TTL keeps the
-- retention templated in, and applyRetention keeps the WHERE (RETENTION_TTL).
ALTER TABLE spans ADD COLUMN IF NOT EXISTS pinned UInt8 DEFAULT 0;
ALTER TABLE traces ADD COLUMN IF NOT EXISTS pinned UInt8 DEFAULT 0;
ALTER TABLE snapshots ADD COLUMN IF NOT EXISTS pinned UInt8 DEFAULT 0;
ALTER TABLE handoffs ADD COLUMN IF NOT EXISTS pinned UInt8 DEFAULT 0;

ALTER TABLE spans MODIFY TTL toDateTime(start_time) + toIntervalDay({{RETENTION_DAYS}}) WHERE pinned = 0 SETTINGS materialize_ttl_after_modify = 0;
ALTER TABLE traces MODIFY TTL day + toIntervalDay({{RETENTION_DAYS}}) WHERE pinned = 0 SETTINGS materialize_ttl_after_modify = 0;
ALTER TABLE snapshots MODIFY TTL toDateTime(time) + toIntervalDay({{RETENTION_DAYS}}) WHERE pinned = 0 SETTINGS materialize_ttl_after_modify = 0;
ALTER TABLE handoffs MODIFY TTL toDateTime(time) + toIntervalDay({{RETENTION_DAYS}}) WHERE pinned = 0 SETTINGS materialize_ttl_after_modify = 0;

-- Who pinned what, when and why ('manual', or 'share link <id>'). A trace
-- stays pinned while any of its pins is not removed. Rows are rewritten with
-- a higher version (a removal) and read through FINAL. Never cut by
-- BATON_RETENTION_DAYS.
CREATE TABLE IF NOT EXISTS pins
(
    id String,
    resource LowCardinality(String),
    target String,
    project String,
    pinned_by String,
    reason String,
    created_at DateTime64(3, 'UTC'),
    removed UInt8,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;
