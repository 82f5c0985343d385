-- Schema v1: spans, exactly as received, plus the agent-model columns.
--
-- One row per finished span, never updated. The sort key serves the hottest
-- read, "open this trace": (project, trace_id, span_id) makes a whole trace one
-- primary-key range in each day partition, with no helper lookup, and the
-- `traces` rollup below tells which days to read. Lists and charts over time
-- read rollups (traces here, sessions later) rather than scanning spans by
-- time, which is why time is not in this key.
--
-- ReplacingMergeTree on (project, trace_id, span_id) makes delivery idempotent:
-- an exporter's retry of the same batch collapses into one row at merge time,
-- and readers dedupe with LIMIT 1 BY span_id until then. A span's partition is
-- the day it started, so its copies always share a partition.
--
-- Attribute sets are two maps: values (text) and types (only for keys that are
-- not strings), so string attributes filter directly and every type round-trips.
CREATE TABLE IF NOT EXISTS spans
(
    project LowCardinality(String),
    trace_id String,
    span_id String,
    parent_span_id String,
    trace_state String CODEC(ZSTD(1)),
    flags UInt32,
    name LowCardinality(String),
    kind LowCardinality(String),
    start_time DateTime64(9, 'UTC') CODEC(Delta(8), ZSTD(1)),
    end_time DateTime64(9, 'UTC') CODEC(Delta(8), ZSTD(1)),
    duration_ns UInt64 CODEC(T64, ZSTD(1)),
    status_code LowCardinality(String),
    status_message String CODEC(ZSTD(1)),
    service LowCardinality(String),
    session_id String CODEC(ZSTD(1)),
    user_id String CODEC(ZSTD(1)),
    agent LowCardinality(String),
    type LowCardinality(String),
    model LowCardinality(String),
    input_tokens UInt64 CODEC(T64, ZSTD(1)),
    output_tokens UInt64 CODEC(T64, ZSTD(1)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    attribute_types Map(LowCardinality(String), LowCardinality(String)) CODEC(ZSTD(1)),
    resource_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    resource_attribute_types Map(LowCardinality(String), LowCardinality(String)) CODEC(ZSTD(1)),
    resource_dropped_attributes_count UInt32,
    resource_schema_url LowCardinality(String),
    scope_name LowCardinality(String),
    scope_version LowCardinality(String),
    scope_attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    scope_attribute_types Map(LowCardinality(String), LowCardinality(String)) CODEC(ZSTD(1)),
    scope_schema_url LowCardinality(String),
    -- JSON arrays; snapshot events keep a reference to their body (snapshot_bodies).
    events String CODEC(ZSTD(3)),
    links String CODEC(ZSTD(3)),
    dropped_attributes_count UInt32,
    dropped_events_count UInt32,
    dropped_links_count UInt32,
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX idx_session session_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = ReplacingMergeTree
PARTITION BY toDate(start_time)
ORDER BY (project, trace_id, span_id)
TTL toDateTime(start_time) + toIntervalDay({{RETENTION_DAYS}})
SETTINGS ttl_only_drop_parts = 1;

-- One row per (trace, insert block), merged by AggregatingMergeTree; readers
-- always GROUP BY trace_id. Holds what the trace list and the trace page need
-- without touching spans: time bounds (which spans partitions to read), root
-- span, session, counts. Span and error counts are exact-unique over span ids,
-- so a redelivered batch is not counted twice.
CREATE TABLE IF NOT EXISTS traces
(
    project LowCardinality(String),
    trace_id String,
    day Date,
    start_time SimpleAggregateFunction(min, DateTime64(9, 'UTC')),
    end_time SimpleAggregateFunction(max, DateTime64(9, 'UTC')),
    -- Latest span start: with end_time, bounds the spans of the trace even
    -- when a span's end is missing or before its start.
    last_start SimpleAggregateFunction(max, DateTime64(9, 'UTC')),
    -- (name, service) of the root span; spans with a parent sort after roots.
    root AggregateFunction(argMin, Tuple(String, String), Tuple(UInt8, DateTime64(9, 'UTC'))),
    -- The root-most span naming a session names the trace's session (DESIGN §3.1).
    session AggregateFunction(argMinIf, String, DateTime64(9, 'UTC'), UInt8),
    user AggregateFunction(argMinIf, String, DateTime64(9, 'UTC'), UInt8),
    span_ids AggregateFunction(uniqExact, String),
    error_span_ids AggregateFunction(uniqExactIf, String, UInt8),
    services SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    agents SimpleAggregateFunction(groupUniqArrayArray, Array(String))
)
ENGINE = AggregatingMergeTree
PARTITION BY day
ORDER BY (project, trace_id)
TTL day + toIntervalDay({{RETENTION_DAYS}})
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS traces_mv TO traces AS
SELECT
    s.project AS project,
    s.trace_id AS trace_id,
    toDate(min(s.start_time)) AS day,
    min(s.start_time) AS start_time,
    max(s.end_time) AS end_time,
    max(s.start_time) AS last_start,
    argMinState((toString(s.name), toString(s.service)), (toUInt8(s.parent_span_id != ''), s.start_time)) AS root,
    argMinIfState(s.session_id, s.start_time, toUInt8(s.session_id != '')) AS session,
    argMinIfState(s.user_id, s.start_time, toUInt8(s.user_id != '')) AS user,
    uniqExactState(s.span_id) AS span_ids,
    uniqExactIfState(s.span_id, toUInt8(s.status_code = 'error')) AS error_span_ids,
    groupUniqArray(toString(s.service)) AS services,
    groupUniqArrayIf(toString(s.agent), s.agent != '') AS agents
FROM spans AS s
GROUP BY s.project, s.trace_id;
