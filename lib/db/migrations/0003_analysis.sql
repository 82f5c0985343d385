-- Analysis results (ARCHITECTURE.md): handoffs with their drift and one row of
-- consistency per session. The analyzer rewrites a result by inserting a row
-- with a higher version; ReplacingMergeTree keeps the latest, and readers use
-- FINAL so they never see two versions of one handoff or session.
--
-- Both are keyed by id rather than by time: a handoff's time can move when its
-- sender side arrives after its receiver (it is the send time), and a
-- session's bounds grow with every turn. They are small next to spans, so time
-- filters scan them; rollups for long ranges can come later.

-- The trace rollup learns the session each request named, so the analyzer can
-- find a session's traces without scanning spans.
ALTER TABLE traces ADD COLUMN IF NOT EXISTS session_id String;
ALTER TABLE traces ADD INDEX IF NOT EXISTS idx_session session_id TYPE bloom_filter(0.01) GRANULARITY 1;

CREATE TABLE IF NOT EXISTS handoffs
(
    project LowCardinality(String),
    id String,
    session_id String,
    trace_id String,
    from_trace_id String,
    to_trace_id String,
    from_agent LowCardinality(String),
    to_agent LowCardinality(String),
    from_span_id String,
    to_span_id String,
    time DateTime64(9, 'UTC'),
    source LowCardinality(String),
    status LowCardinality(String),
    severity LowCardinality(String),
    method LowCardinality(String),
    fidelity Float64,
    -- JSON: the contract ('' when none) and the full drift result.
    contract String CODEC(ZSTD(1)),
    drift String CODEC(ZSTD(1)),
    -- Hash of the result: the analyzer skips rewriting a handoff that did not change.
    digest String,
    version UInt64,
    -- Set on the last version of a handoff that a later analysis no longer
    -- finds (an inferred edge superseded by an explicit one): FINAL hides it.
    deleted UInt8,
    INDEX idx_session session_id TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_from_trace from_trace_id TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_to_trace to_trace_id TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplacingMergeTree(version, deleted)
ORDER BY (project, id)
TTL toDateTime(time) + toIntervalDay({{RETENTION_DAYS}});

CREATE TABLE IF NOT EXISTS sessions
(
    project LowCardinality(String),
    session_id String,
    user_id String,
    start_time DateTime64(9, 'UTC'),
    end_time DateTime64(9, 'UTC'),
    traces UInt32,
    spans UInt32,
    errors UInt32,
    agents Array(String),
    input_tokens UInt64,
    output_tokens UInt64,
    handoffs UInt32,
    drifted_handoffs UInt32,
    pending_handoffs UInt32,
    contradictions UInt32,
    truncations UInt32,
    mean_retention Nullable(Float64),
    mean_fidelity Nullable(Float64),
    score UInt8,
    -- JSON: the last value of every fact, for the user's next session.
    final_facts String CODEC(ZSTD(1)),
    version UInt64,
    INDEX idx_user user_id TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project, session_id)
TTL toDateTime(end_time) + toIntervalDay({{RETENTION_DAYS}});
