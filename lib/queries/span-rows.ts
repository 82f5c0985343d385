import { z } from 'zod';
import { stringMap } from '@/lib/db/row-schemas';
import { decodeAttrs, type AttrValue } from '@/lib/domain/attributes';
import { nanosToIso } from '@/lib/domain/time';
import { readMessages } from '@/lib/model/messages';
import { SPAN_TYPES } from '@/lib/model/normalize';
import { SPAN_STATUSES } from '@/lib/model/span-status';
import type { Span, SpanEvent } from '@/lib/schemas/api';

/** A `spans` row as the trace query selects it, and its conversion to the API's Span. */

const u64 = z.union([z.string(), z.number()]).transform((v) => Number(v));

export const SPAN_COLUMNS = `
  trace_id, span_id, parent_span_id, name, kind,
  toString(toUnixTimestamp64Nano(start_time)) AS start_ns,
  toString(toUnixTimestamp64Nano(end_time)) AS end_ns,
  duration_ns, status_code, status_message, service, session_id, user_id, agent, type, model,
  input_tokens, output_tokens, attributes, attribute_types, resource_hash,
  scope_name, scope_version, scope_attributes, scope_attribute_types, events, links,
  dropped_attributes_count, dropped_events_count, dropped_links_count, tool`;

export const spanRowSchema = z.object({
  trace_id: z.string(),
  span_id: z.string(),
  parent_span_id: z.string(),
  name: z.string(),
  kind: z.string(),
  start_ns: z.string(),
  end_ns: z.string(),
  duration_ns: u64,
  status_code: z.enum(SPAN_STATUSES).catch('unset'),
  status_message: z.string(),
  service: z.string(),
  session_id: z.string(),
  user_id: z.string(),
  agent: z.string(),
  type: z.enum(SPAN_TYPES).catch('other'),
  model: z.string(),
  input_tokens: u64,
  output_tokens: u64,
  attributes: stringMap,
  attribute_types: stringMap,
  resource_hash: z.string(),
  scope_name: z.string(),
  scope_version: z.string(),
  scope_attributes: stringMap,
  scope_attribute_types: stringMap,
  events: z.string(),
  links: z.string(),
  dropped_attributes_count: u64,
  dropped_events_count: u64,
  dropped_links_count: u64,
  tool: z.string(),
});
export type SpanRow = z.infer<typeof spanRowSchema>;

const storedEvent = z.object({
  time: z.string(),
  name: z.string(),
  values: stringMap,
  types: stringMap,
  ref: z.string().optional(),
});
const storedLink = z.object({ traceId: z.string(), spanId: z.string(), values: stringMap, types: stringMap });

export type StoredEvent = z.infer<typeof storedEvent>;

export function parseEvents(json: string): StoredEvent[] {
  return z.array(storedEvent).parse(JSON.parse(json));
}

/** Content-addressed rows a trace refers to, loaded once per trace. */
export interface Lookups {
  /** Snapshot bodies by hash: the event's attributes as a JSON object. */
  bodies: ReadonlyMap<string, Record<string, AttrValue>>;
  /** Resource attributes by hash. */
  resources: ReadonlyMap<string, Record<string, AttrValue>>;
}

function toEvent(e: StoredEvent, bodies: Lookups['bodies']): SpanEvent {
  const attributes = e.ref ? (bodies.get(e.ref) ?? { 'baton.snapshot.body_hash': e.ref }) : decodeAttrs(e.values, e.types);
  return { time: nanosToIso(e.time), name: e.name, attributes };
}

export function toSpan(row: SpanRow, events: StoredEvent[], lookups: Lookups): Span {
  const links = z.array(storedLink).parse(JSON.parse(row.links));
  const attributes = decodeAttrs(row.attributes, row.attribute_types);
  const spanEvents = events.map((e) => toEvent(e, lookups.bodies));
  return {
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: row.parent_span_id,
    name: row.name,
    kind: row.kind,
    startTime: nanosToIso(row.start_ns),
    endTime: nanosToIso(row.end_ns),
    durationNs: row.duration_ns,
    status: { code: row.status_code, message: row.status_message },
    service: row.service,
    sessionId: row.session_id,
    userId: row.user_id,
    agent: row.agent,
    type: row.type,
    model: row.model,
    tool: row.tool,
    usage: { input: row.input_tokens, output: row.output_tokens },
    attributes,
    resource: lookups.resources.get(row.resource_hash) ?? {},
    scope: {
      name: row.scope_name,
      version: row.scope_version,
      attributes: decodeAttrs(row.scope_attributes, row.scope_attribute_types),
    },
    events: spanEvents,
    links: links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: decodeAttrs(l.values, l.types) })),
    dropped: {
      attributes: row.dropped_attributes_count,
      events: row.dropped_events_count,
      links: row.dropped_links_count,
    },
    messages: readMessages({ attributes, events: spanEvents, name: row.name, type: row.type }),
  };
}
