-- Units of analysis (a session, or a trace that names no session) that the
-- analyzer could not analyse, with the reason and when it tries again. A row
-- with failed = 0 records that a later attempt succeeded. The analyzer reads
-- the failing ones at start to go on retrying them; the session and trace
-- APIs read a unit's latest row to say why its analysis is missing.
CREATE TABLE IF NOT EXISTS analysis_failures
(
    project LowCardinality(String),
    -- The session id, or the trace id of a trace that names no session.
    unit String,
    session_id String,
    trace_ids Array(String),
    failed UInt8,
    reason String,
    attempts UInt32,
    next_attempt DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project, unit)
TTL toDateTime(updated_at) + toIntervalDay({{RETENTION_DAYS}});
