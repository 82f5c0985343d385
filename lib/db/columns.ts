import type { WritableTable } from '@/lib/db/store';

/**
 * Column order of the rows Baton inserts (JSONCompactEachRow: one JSON array
 * per row, values in exactly this order). ingest/rows.ts and the analyzer
 * build the arrays; a test checks these lists against the tables.
 */

export const SPAN_COLUMNS = [
  'project',
  'trace_id',
  'span_id',
  'parent_span_id',
  'trace_state',
  'flags',
  'name',
  'kind',
  'start_time',
  'end_time',
  'duration_ns',
  'status_code',
  'status_message',
  'service',
  'session_id',
  'user_id',
  'agent',
  'type',
  'model',
  'input_tokens',
  'output_tokens',
  'attributes',
  'attribute_types',
  'resource_hash',
  'scope_name',
  'scope_version',
  'scope_attributes',
  'scope_attribute_types',
  'scope_schema_url',
  'events',
  'links',
  'dropped_attributes_count',
  'dropped_events_count',
  'dropped_links_count',
  'tool',
  // resource_hash again, ending the sort key: copies from different resources never merge (migration 0006).
  'resource_key',
] as const;

/**
 * How readers order the stored copies of one span (same trace and span id)
 * before `LIMIT 1 BY ... span_id`: the first copy stored wins, forever
 * (ARCHITECTURE.md, "Idempotent spans"); copies stored in the same
 * millisecond go to the lower resource hash. Merges agree: since schema v6
 * they only meet copies from one resource, and keep the oldest (`first_rank`).
 */
export const SPAN_COPY_ORDER = 'ingested_at, resource_hash';

export const TRACE_COLUMNS = [
  'project',
  'trace_id',
  'day',
  'start_time',
  'end_time',
  'last_start',
  'root',
  'session',
  'user',
  'services',
  'agents',
  'session_ids',
] as const;

export const SNAPSHOT_COLUMNS = [
  'project',
  'trace_id',
  'span_id',
  'time',
  'session_id',
  'agent',
  'phase',
  'handoff_id',
  'handoff_to',
  'body_hash',
  'source',
] as const;

export const BODY_COLUMNS = ['hash', 'body', 'last_seen'] as const;

export const RESOURCE_COLUMNS = ['hash', 'attributes', 'attribute_types', 'dropped_attributes_count', 'schema_url', 'last_seen'] as const;

export const HANDOFF_COLUMNS = [
  'project',
  'id',
  'session_id',
  'trace_id',
  'from_trace_id',
  'to_trace_id',
  'from_agent',
  'to_agent',
  'from_span_id',
  'to_span_id',
  'time',
  'source',
  'status',
  'severity',
  'method',
  'fidelity',
  'contract',
  'drift',
  'digest',
  'version',
  'deleted',
  'receiver_time',
  'added_count',
] as const;

export const SESSION_COLUMNS = [
  'project',
  'session_id',
  'user_id',
  'start_time',
  'end_time',
  'traces',
  'spans',
  'errors',
  'agents',
  'input_tokens',
  'output_tokens',
  'handoffs',
  'drifted_handoffs',
  'pending_handoffs',
  'contradictions',
  'truncations',
  'mean_retention',
  'mean_fidelity',
  'score',
  'final_facts',
  'version',
  'retention_sum',
  'retention_count',
  'fidelity_sum',
  'fidelity_count',
  'previous_session_id',
  'user_start',
  'user_trace',
  'state',
  'critical_handoffs',
  'warning_handoffs',
] as const;

/** Incremental analysis state (migration 0008). */
export const SESSION_TURN_COLUMNS = [
  'project',
  'session_id',
  'start_time',
  'trace_id',
  'keys',
  'last_keys',
  'has_facts',
  'new_keys',
  'established',
  'held',
  'retention',
  'snapshots',
  'truncations',
  'spans',
  'errors',
  'input_tokens',
  'output_tokens',
  'agents',
  'end_time',
  'user_id',
  'handoff_ids',
  'handoffs',
  'drifted_handoffs',
  'pending_handoffs',
  'fidelity_sum',
  'fidelity_count',
  'version',
  'deleted',
  'critical_handoffs',
  'warning_handoffs',
] as const;

export const SESSION_FACT_COLUMNS = [
  'project',
  'session_id',
  'time',
  'trace_id',
  'span_id',
  'seq',
  'key',
  'value',
  'agent',
  'phase',
  'declared',
  'contradiction',
  'contradiction_from',
  'version',
] as const;

export const SESSION_KEY_COLUMNS = ['project', 'session_id', 'key', 'first_start', 'first_trace', 'last_time', 'last_value', 'version'] as const;

export const SESSION_VALUE_COLUMNS = ['project', 'session_id', 'key', 'value_key', 'first_time', 'rank'] as const;

export const COLUMNS: Record<WritableTable, readonly string[]> = {
  spans: SPAN_COLUMNS,
  traces: TRACE_COLUMNS,
  snapshots: SNAPSHOT_COLUMNS,
  snapshot_bodies: BODY_COLUMNS,
  resources: RESOURCE_COLUMNS,
  handoffs: HANDOFF_COLUMNS,
  sessions: SESSION_COLUMNS,
  session_turns: SESSION_TURN_COLUMNS,
  session_facts: SESSION_FACT_COLUMNS,
  session_keys: SESSION_KEY_COLUMNS,
  session_values: SESSION_VALUE_COLUMNS,
};
