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
-- Map keys are plain String: LowCardinality keys cost a quarter of the insert
-- throughput (docs/benchmarks.md) and ZSTD compresses the repeated keys anyway.
-- Resources are content-addressed in their own table: every span of a process
-- repeats the same resource, and parsing those maps on each span was a large
-- share of the insert cost.
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
    attributes Map(String, String) CODEC(ZSTD(1)),
    attribute_types Map(String, LowCardinality(String)) CODEC(ZSTD(1)),
    -- The span's resource, stored once in `resources` (every span of a process
    -- carries the same one).
    resource_hash String,
    scope_name LowCardinality(String),
    scope_version LowCardinality(String),
    scope_attributes Map(String, String) CODEC(ZSTD(1)),
    scope_attribute_types Map(String, LowCardinality(String)) CODEC(ZSTD(1)),
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
-- merge_selector_base 10 (default 5): merges wait for more parts of a size, so
-- each span is rewritten fewer times; it halved merge CPU under sustained
-- ingest (docs/benchmarks.md) at the cost of somewhat more parts to read.
SETTINGS ttl_only_drop_parts = 1, merge_selector_base = 25;

-- One row per (trace, request) with partial aggregates, merged by
-- AggregatingMergeTree; readers always GROUP BY trace_id. The writer computes
-- the partials itself (ingest/rows.ts) rather than through a materialized view:
-- the view cost a sixth of the insert throughput (docs/benchmarks.md).
-- Holds what the trace list and the trace page need to find and order traces
-- without scanning spans: time bounds (which spans partitions to read), root
-- span, session, services, agents. Span and error counts are read exactly from
-- spans for the traces on screen, so a redelivered batch is never counted twice.
CREATE TABLE IF NOT EXISTS traces
(
    project LowCardinality(String),
    trace_id String,
    day Date,
    start_time SimpleAggregateFunction(min, DateTime64(9, 'UTC')),
    end_time SimpleAggregateFunction(max, DateTime64(9, 'UTC')),
    -- Latest span start: with start_time, bounds the spans of the trace even
    -- when a span's end is missing or before its start.
    last_start SimpleAggregateFunction(max, DateTime64(9, 'UTC')),
    -- (has a parent, start, name, service) of the root-most span: the minimum
    -- is the earliest span without a parent, else the earliest span.
    root SimpleAggregateFunction(min, Tuple(UInt8, DateTime64(9, 'UTC'), String, String)),
    -- (no session, start, session): the earliest span naming a session names
    -- the trace's session (docs/semantic-mapping.md); spans naming none sort last.
    session SimpleAggregateFunction(min, Tuple(UInt8, DateTime64(9, 'UTC'), String)),
    user SimpleAggregateFunction(min, Tuple(UInt8, DateTime64(9, 'UTC'), String)),
    services SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    agents SimpleAggregateFunction(groupUniqArrayArray, Array(String))
)
ENGINE = AggregatingMergeTree
PARTITION BY day
ORDER BY (project, trace_id)
TTL day + toIntervalDay({{RETENTION_DAYS}})
SETTINGS ttl_only_drop_parts = 1, merge_selector_base = 25;

-- Resources (service, SDK, host, deployment attributes) by sha256 of their
-- canonical JSON. last_seen is refreshed when a resource is written again, so
-- one still in use outlives the retention of its first use.
CREATE TABLE IF NOT EXISTS resources
(
    hash String,
    attributes Map(String, String),
    attribute_types Map(String, LowCardinality(String)),
    dropped_attributes_count UInt32,
    schema_url String,
    last_seen DateTime('UTC')
)
ENGINE = ReplacingMergeTree(last_seen)
ORDER BY hash
TTL last_seen + toIntervalDay({{RETENTION_DAYS}});
