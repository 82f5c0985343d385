import { z } from 'zod';
import { SPAN_TYPES } from '@/lib/model/normalize';
import { SPAN_STATUSES } from '@/lib/model/span-status';
import { cursorParam, isoTime, jsonValue, listLimit, optionalText, timeRange } from './common';
import { handoffSchema } from './handoffs';
import { spanMessagesSchema } from './messages';
import { snapshotSchema } from './snapshots';
import { analysisFailureSchema } from './analysis';

/**
 * The public read API (docs/api.md): parameters in, JSON out. One schema per
 * shape, shared by the route handlers (which parse and check), the hooks and
 * the components (which only use the inferred types).
 */

// ---- values ---------------------------------------------------------------

export const traceIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'trace id must be 32 hex characters')
  .transform((s) => s.toLowerCase());

const attributes = z.record(z.string(), jsonValue);


// ---- responses ------------------------------------------------------------

export const spanEventSchema = z.object({ time: isoTime, name: z.string(), attributes });
export const spanLinkSchema = z.object({ traceId: z.string(), spanId: z.string(), attributes });

export const spanSchema = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string(),
  name: z.string(),
  kind: z.string(),
  startTime: isoTime,
  endTime: isoTime,
  durationNs: z.number().int().nonnegative(),
  /** `control`: an error status that only reports a framework's control-flow exception (not counted as an error). */
  status: z.object({ code: z.enum(SPAN_STATUSES), message: z.string() }),
  service: z.string(),
  sessionId: z.string(),
  userId: z.string(),
  agent: z.string(),
  type: z.enum(SPAN_TYPES),
  model: z.string(),
  /** The tool a tool span runs; empty otherwise. */
  tool: z.string(),
  usage: z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() }),
  attributes,
  resource: attributes,
  scope: z.object({ name: z.string(), version: z.string(), attributes }),
  events: z.array(spanEventSchema),
  links: z.array(spanLinkSchema),
  dropped: z.object({ attributes: z.number(), events: z.number(), links: z.number() }),
  /** The span's messages, read from whichever convention it uses; null when it carries none. */
  messages: spanMessagesSchema.nullable(),
});

export const traceDetailSchema = z.object({
  traceId: z.string(),
  sessionId: z.string(),
  spans: z.array(spanSchema),
  /** True when the trace has more spans than one response carries. */
  truncated: z.boolean(),
  /**
   * Stored copies of these spans that another resource (service, process)
   * sent with the same trace and span id, and that Baton ignored: each span
   * shows its first stored copy. An exporter's retry (same resource) is not
   * counted.
   */
  ignoredSpanCopies: z.number().int().nonnegative(),
  handoffs: z.array(handoffSchema),
  /** Every context snapshot of the trace, read (facts flattened), in time order. */
  snapshots: z.array(snapshotSchema),
  /** Why the analysis of the trace's session (or of the trace, when it names none) is missing, if it is. */
  analysisFailure: analysisFailureSchema,
});

export const traceSummarySchema = z.object({
  traceId: z.string(),
  sessionId: z.string(),
  service: z.string(),
  rootName: z.string(),
  agents: z.array(z.string()),
  startTime: isoTime,
  durationNs: z.number().int().nonnegative(),
  spans: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
});

export const traceListSchema = z.object({
  traces: z.array(traceSummarySchema),
  nextCursor: z.string().nullable(),
});

export const apiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type Span = z.infer<typeof spanSchema>;
export type SpanEvent = z.infer<typeof spanEventSchema>;
export type TraceDetail = z.infer<typeof traceDetailSchema>;
export type TraceSummary = z.infer<typeof traceSummarySchema>;
export type TraceList = z.infer<typeof traceListSchema>;
export type ApiError = z.infer<typeof apiErrorSchema>;

// ---- parameters -----------------------------------------------------------

export const traceListParamsSchema = z
  .object({
    from: z.string().optional(),
    to: z.string().optional(),
    service: optionalText('service', 256),
    agent: optionalText('agent', 256),
    q: optionalText('q', 256),
    limit: listLimit,
    cursor: cursorParam,
  })
  .transform(timeRange);

export type TraceListParams = z.output<typeof traceListParamsSchema>;
