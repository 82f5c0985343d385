-- Context snapshots (docs/instrumentation.md): one row per `baton.context.snapshot`
-- event, pointing at a content-addressed body. Agents repeat most of their
-- context turn after turn, so identical bodies are stored once.
--
-- Sorted by trace then span: snapshots are read with the trace or span they
-- belong to; explicit handoffs are matched by handoff_id (bloom filter).
-- The key holds the body hash and time, so a redelivered event collapses.
CREATE TABLE IF NOT EXISTS snapshots
(
    project LowCardinality(String),
    trace_id String,
    span_id String,
    time DateTime64(9, 'UTC') CODEC(Delta(8), ZSTD(1)),
    session_id String,
    agent LowCardinality(String),
    phase LowCardinality(String),
    handoff_id String,
    handoff_to LowCardinality(String),
    body_hash String,
    source LowCardinality(String),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_handoff handoff_id TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_session session_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree
PARTITION BY toDate(time)
ORDER BY (project, trace_id, span_id, time, body_hash)
TTL toDateTime(time) + toIntervalDay({{RETENTION_DAYS}})
SETTINGS ttl_only_drop_parts = 1, merge_selector_base = 25;

-- Bodies by sha256 of their canonical JSON. last_seen is refreshed when a body
-- is written again, so a body still in use outlives the retention of its first use.
CREATE TABLE IF NOT EXISTS snapshot_bodies
(
    hash String,
    body String CODEC(ZSTD(3)),
    last_seen DateTime('UTC')
)
ENGINE = ReplacingMergeTree(last_seen)
ORDER BY hash
TTL last_seen + toIntervalDay({{RETENTION_DAYS}});
