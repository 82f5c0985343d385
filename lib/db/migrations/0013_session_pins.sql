-- Schema v13: session pins (docs/security.md, "Pins"). A pinned session —
-- pinned by an editor, or behind a share link — outlives
-- BATON_RETENTION_DAYS with everything its page reads, until it is unpinned.
--
-- The same design as 0012_pins.sql, extended to the session tables the
-- analyzer writes: each gets `pinned UInt8 DEFAULT 0` and a TTL
-- `… DELETE WHERE pinned = 0`. A session pin flags its rows here by
-- session id, its traces' rows in the trace-scoped tables by trace id, and
-- the handoffs that name it (lib/pins/flags.ts). The analyzer's column
-- lists do not change: a row it rewrites carries the DEFAULT 0 until the
-- pins' periodic pass flags it again (lib/pins/keeper.ts).
--
-- ADD COLUMN IF NOT EXISTS and MODIFY TTL are idempotent; the TTL keeps the
-- retention templated in, and applyRetention keeps the WHERE (RETENTION_TTL).
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS pinned UInt8 DEFAULT 0;
ALTER TABLE session_turns ADD COLUMN IF NOT EXISTS pinned UInt8 DEFAULT 0;
ALTER TABLE session_facts ADD COLUMN IF NOT EXISTS pinned UInt8 DEFAULT 0;
ALTER TABLE session_keys ADD COLUMN IF NOT EXISTS pinned UInt8 DEFAULT 0;
ALTER TABLE session_values ADD COLUMN IF NOT EXISTS pinned UInt8 DEFAULT 0;

ALTER TABLE sessions MODIFY TTL toDateTime(end_time) + toIntervalDay({{RETENTION_DAYS}}) WHERE pinned = 0 SETTINGS materialize_ttl_after_modify = 0;
ALTER TABLE session_turns MODIFY TTL toDateTime(start_time) + toIntervalDay({{RETENTION_DAYS}}) WHERE pinned = 0 SETTINGS materialize_ttl_after_modify = 0;
ALTER TABLE session_facts MODIFY TTL toDateTime(time) + toIntervalDay({{RETENTION_DAYS}}) WHERE pinned = 0 SETTINGS materialize_ttl_after_modify = 0;
ALTER TABLE session_keys MODIFY TTL toDateTime(last_time) + toIntervalDay({{RETENTION_DAYS}}) WHERE pinned = 0 SETTINGS materialize_ttl_after_modify = 0;
ALTER TABLE session_values MODIFY TTL toDateTime(first_time) + toIntervalDay({{RETENTION_DAYS}}) WHERE pinned = 0 SETTINGS materialize_ttl_after_modify = 0;
