import { z } from 'zod';
import { parseApiTime, type Milliseconds } from '@/lib/domain/time';
import { SPAN_TYPES } from '@/lib/model/normalize';

/**
 * The public read API (DESIGN §4): parameters in, JSON out. One schema per
 * shape, shared by the route handlers (which parse and check), the hooks and
 * the components (which only use the inferred types).
 */

// ---- values ---------------------------------------------------------------

export const traceIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'trace id must be 32 hex characters')
  .transform((s) => s.toLowerCase());

const attrValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(attrValue), z.record(z.string(), attrValue)]),
);
const attributes = z.record(z.string(), attrValue);

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);

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
  status: z.object({ code: z.enum(['unset', 'ok', 'error']), message: z.string() }),
  service: z.string(),
  sessionId: z.string(),
  userId: z.string(),
  agent: z.string(),
  type: z.enum(SPAN_TYPES),
  model: z.string(),
  usage: z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() }),
  attributes,
  resource: attributes,
  scope: z.object({ name: z.string(), version: z.string(), attributes }),
  events: z.array(spanEventSchema),
  links: z.array(spanLinkSchema),
  dropped: z.object({ attributes: z.number(), events: z.number(), links: z.number() }),
});

/** Handoffs arrive with the drift analysis (issue 3); until then the list is empty. */
export const handoffSchema = z.object({ id: z.string() }).passthrough();

export const traceDetailSchema = z.object({
  traceId: z.string(),
  sessionId: z.string(),
  spans: z.array(spanSchema),
  /** True when the trace has more spans than one response carries. */
  truncated: z.boolean(),
  handoffs: z.array(handoffSchema),
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

const DAY_MS = 86_400_000;

const timeParam = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx): Milliseconds | undefined => {
      if (v === undefined || v === '') return undefined;
      const t = parseApiTime(v);
      if (t === undefined) {
        ctx.addIssue({ code: 'custom', message: `${name} must be ISO-8601 or epoch milliseconds` });
        return z.NEVER;
      }
      return t;
    });

const cursorSchema = z.object({ t: z.string().regex(/^\d{1,20}$/), id: z.string().regex(/^[0-9a-f]{32}$/) });
export type TraceCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: TraceCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

const cursorParam = z
  .string()
  .optional()
  .transform((v, ctx): TraceCursor | undefined => {
    if (!v) return undefined;
    try {
      return cursorSchema.parse(JSON.parse(Buffer.from(v, 'base64url').toString('utf8')));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'cursor is not one this API returned' });
      return z.NEVER;
    }
  });

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined));

export const traceListParamsSchema = z
  .object({
    from: timeParam('from'),
    to: timeParam('to'),
    service: optionalText(256),
    agent: optionalText(256),
    q: optionalText(256),
    limit: z.coerce.number().int().min(1, 'limit must be 1..200').max(200, 'limit must be 1..200').default(50),
    cursor: cursorParam,
  })
  .transform((p, ctx) => {
    const to = p.to ?? (Date.now() as Milliseconds);
    const from = p.from ?? ((to - DAY_MS) as Milliseconds);
    if (from > to) ctx.addIssue({ code: 'custom', message: 'from must not be after to' });
    return { ...p, from, to };
  });

export type TraceListParams = z.output<typeof traceListParamsSchema>;
