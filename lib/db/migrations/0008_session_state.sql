-- The stored state of incremental session analysis (docs/analysis.md,
-- "Incremental analysis"): what the analyzer needs to fold new data into a
-- session without reading the session again, and what the session API pages
-- through. Every table is ordered by session first, so a session's rows are
-- one primary-key range; rows are rewritten with a higher version and read
-- through FINAL.

-- One row per turn (trace) of a session, in turn order. A turn whose start
-- moves (an earlier span arrived) gets a tombstone at its old place.
CREATE TABLE IF NOT EXISTS session_turns
(
    project LowCardinality(String),
    session_id String,
    start_time DateTime64(9, 'UTC'),
    trace_id String,
    -- The fact keys the turn observes (ledger order, each once) and those of its last snapshot with facts.
    keys Array(String),
    last_keys Array(String),
    has_facts UInt8,
    -- Retention (docs/analysis.md, "Session consistency"): keys first seen in this turn, keys established so far, held, the share.
    new_keys Array(String),
    established UInt32,
    held UInt32,
    retention Nullable(Float64),
    -- Identities of the snapshots the analysis has taken in (span@time@body): what is new next time.
    snapshots Array(String),
    truncations UInt32,
    -- What the turn adds to the session's summary.
    spans UInt32,
    errors UInt32,
    input_tokens UInt64,
    output_tokens UInt64,
    agents Array(String),
    end_time DateTime64(9, 'UTC'),
    user_id String,
    -- The handoffs this trace's analysis found (an explicit one is found by both of its traces), and
    -- what they add to the session's figures: each handoff is counted by one turn of the session, the
    -- one with the smallest trace id among those it is found by.
    handoff_ids Array(String),
    handoffs UInt32,
    drifted_handoffs UInt32,
    pending_handoffs UInt32,
    fidelity_sum UInt64,
    fidelity_count UInt32,
    version UInt64,
    deleted UInt8,
    INDEX idx_trace trace_id TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplacingMergeTree(version, deleted)
ORDER BY (project, session_id, start_time, trace_id)
TTL toDateTime(start_time) + toIntervalDay({{RETENTION_DAYS}});

-- The fact ledger: every observation of every key, in ledger order (time,
-- trace, span, then the key's place in its snapshot), with the contradiction
-- it makes, if any.
CREATE TABLE IF NOT EXISTS session_facts
(
    project LowCardinality(String),
    session_id String,
    time DateTime64(9, 'UTC'),
    trace_id String,
    span_id String,
    seq UInt16,
    key String,
    -- JSON of the observed value (the digest in privacy mode).
    value String CODEC(ZSTD(1)),
    agent LowCardinality(String),
    phase LowCardinality(String),
    declared UInt8,
    -- '' or the contradiction's scope (session, cross-session), and the value it contradicts (JSON).
    contradiction LowCardinality(String),
    contradiction_from String CODEC(ZSTD(1)),
    version UInt64,
    INDEX idx_key key TYPE bloom_filter(0.01) GRANULARITY 1
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project, session_id, time, trace_id, span_id, seq)
TTL toDateTime(time) + toIntervalDay({{RETENTION_DAYS}});

-- Per key of a session: its first turn (retention) and its last observation
-- (the value a new observation is compared with).
CREATE TABLE IF NOT EXISTS session_keys
(
    project LowCardinality(String),
    session_id String,
    key String,
    first_start DateTime64(9, 'UTC'),
    first_trace String,
    last_time DateTime64(9, 'UTC'),
    last_value String CODEC(ZSTD(1)),
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project, session_id, key)
TTL toDateTime(last_time) + toIntervalDay({{RETENTION_DAYS}});

-- Grounding: the first time the session observed each value of each key
-- (value_key as lib/analysis/value-key.ts spells it; '*' for the key alone).
-- The version is higher for an earlier time, so merges keep the first.
CREATE TABLE IF NOT EXISTS session_values
(
    project LowCardinality(String),
    session_id String,
    key String,
    value_key String,
    first_time DateTime64(9, 'UTC'),
    rank UInt64
)
ENGINE = ReplacingMergeTree(rank)
ORDER BY (project, session_id, key, value_key)
TTL toDateTime(first_time) + toIntervalDay({{RETENTION_DAYS}});

-- Running sums the session summary is kept from (retention and fidelity in thousandths, as they are rounded).
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS retention_sum UInt64 DEFAULT 0;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS retention_count UInt32 DEFAULT 0;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS fidelity_sum UInt64 DEFAULT 0;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS fidelity_count UInt32 DEFAULT 0;
-- The user's session this one was compared with: when it changes, the ledger is folded again.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS previous_session_id String DEFAULT '';
-- The turn that named the session's user (its earliest turn that names one).
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS user_start DateTime64(9, 'UTC') DEFAULT 0;
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS user_trace String DEFAULT '';
-- 1 when the session's incremental state (session_turns, session_facts, …) is written: a summary
-- the earlier, whole-session analyzer wrote (0) is folded whole once.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS state UInt8 DEFAULT 0;

-- What a handoff's drift depended on besides its two sides: the receiver's
-- time, and whether it had ungrounded (added) facts a later-arriving earlier
-- fact could ground.
ALTER TABLE handoffs ADD COLUMN IF NOT EXISTS receiver_time Nullable(DateTime64(9, 'UTC'));
ALTER TABLE handoffs ADD COLUMN IF NOT EXISTS added_count UInt32 DEFAULT 0;
