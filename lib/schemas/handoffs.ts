import { z } from 'zod';
import { hasControlCharacters, isoTime, jsonValue, listLimit, optionalText, timeRange } from './common';
import { cursorMismatch, DEFAULT_ORDER, handoffCursorParam, orderParam, sortParam } from './handoff-order';

/** Handoffs (docs/api.md): an edge sender → receiver with the drift found at it. */

export const SEVERITIES = ['critical', 'warning', 'info', 'none'] as const;

export const driftSchema = z.object({
  dropped: z.array(z.string()),
  changed: z.array(z.object({ key: z.string(), from: jsonValue, to: jsonValue })),
  added: z.array(z.string()),
  contractMissing: z.array(z.string()),
  preserveViolated: z.array(z.string()),
  forbiddenPresent: z.array(z.string()),
  constraintsDropped: z.array(z.string()),
  fidelity: z.number().min(0).max(1),
  textSimilarity: z.number().min(0).max(1).nullable(),
  truncated: z.boolean(),
  severity: z.enum(SEVERITIES),
  method: z.enum(['snapshot', 'digest', 'text']),
});

export const contractSchema = z.object({ required: z.array(z.string()), preserve: z.array(z.string()), forbidden: z.array(z.string()) });

export const handoffSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  traceId: z.string(),
  fromTraceId: z.string(),
  toTraceId: z.string(),
  fromAgent: z.string(),
  toAgent: z.string(),
  fromSpanId: z.string(),
  toSpanId: z.string(),
  time: isoTime,
  source: z.enum(['explicit', 'link', 'framework', 'delegation', 'compaction']),
  status: z.enum(['pending', 'complete']),
  contract: contractSchema.nullable(),
  drift: driftSchema,
});

export const handoffListSchema = z.object({ handoffs: z.array(handoffSchema), nextCursor: z.string().nullable() });

export const handoffListParamsSchema = z
  .object({
    from: z.string().optional(),
    to: z.string().optional(),
    fromAgent: optionalText('fromAgent', 256),
    toAgent: optionalText('toAgent', 256),
    severity: z.enum(SEVERITIES, { message: `severity must be one of ${SEVERITIES.join(', ')}` }).optional(),
    sort: sortParam,
    order: orderParam,
    limit: listLimit,
    cursor: handoffCursorParam,
  })
  .transform(timeRange)
  .transform((p, ctx) => {
    const sort = p.sort ?? 'time';
    const order = p.order ?? DEFAULT_ORDER[sort];
    const mismatch = p.cursor && cursorMismatch(p.cursor, sort, order);
    if (mismatch) ctx.addIssue({ code: 'custom', path: ['cursor'], message: mismatch });
    return { ...p, sort, order };
  });

export type Handoff = z.infer<typeof handoffSchema>;
export type HandoffList = z.infer<typeof handoffListSchema>;
export type HandoffListParams = z.output<typeof handoffListParamsSchema>;
export type Drift = z.infer<typeof driftSchema>;

// ---- one handoff, both sides ------------------------------------------------

/** A handoff id as a path segment: explicit ids are the sender's own text, inferred ones hold `:`, `>` and `@`. */
export const handoffIdSchema = z
  .string()
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, 'handoff id must not be empty')
      .max(512, 'handoff id must be at most 512 characters')
      .refine((s) => !hasControlCharacters(s), 'handoff id must not contain control characters'),
  );

/**
 * One side of a handoff as the drift compared it: the snapshot (facts
 * flattened by dotted path; null when only digests were recorded, or for the
 * text method) or, for the text method, what the agent was given (`text`).
 */
export const handoffSideSchema = z.object({
  agent: z.string(),
  spanId: z.string(),
  traceId: z.string(),
  time: isoTime.nullable(),
  phase: z.string().nullable(),
  facts: z.record(z.string(), jsonValue).nullable(),
  /** Fact keys recorded as digests (privacy mode): the keys only, never the values. */
  digests: z.array(z.string()),
  constraints: z.array(z.object({ id: z.string().optional(), text: z.string() })).nullable(),
  text: z.string().nullable(),
  tokens: z.number().nullable(),
  tokenLimit: z.number().nullable(),
  truncated: z.boolean(),
});

export const handoffDetailSchema = z.object({
  handoff: handoffSchema,
  /** Null when that side has not arrived (a pending handoff) or recorded nothing the analysis could compare. */
  sender: handoffSideSchema.nullable(),
  receiver: handoffSideSchema.nullable(),
});

export type HandoffSide = z.infer<typeof handoffSideSchema>;
export type HandoffDetail = z.infer<typeof handoffDetailSchema>;
