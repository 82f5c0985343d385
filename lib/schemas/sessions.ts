import { z } from 'zod';
import { traceSummarySchema } from './api';
import { analysisFailureSchema } from './analysis';
import { cursorParam, hasControlCharacters, isoTime, jsonValue, listLimit, optionalText, timeRange, wholeNumberParam } from './common';
import { handoffSchema } from './handoffs';

/** Sessions (DESIGN §3.5, §4): the traces sharing a session id, and how consistent the session stayed. */

export const sessionSummarySchema = z.object({
  sessionId: z.string(),
  userId: z.string(),
  startTime: isoTime,
  endTime: isoTime,
  traces: z.number().int().nonnegative(),
  spans: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  agents: z.array(z.string()),
  handoffs: z.number().int().nonnegative(),
  driftedHandoffs: z.number().int().nonnegative(),
  contradictions: z.number().int().nonnegative(),
  score: z.number().int().min(0).max(100),
});

export const sessionListSchema = z.object({ sessions: z.array(sessionSummarySchema), nextCursor: z.string().nullable() });

export const factObservationSchema = z.object({
  key: z.string(),
  value: jsonValue,
  time: isoTime,
  agent: z.string(),
  phase: z.string(),
  traceId: z.string(),
  spanId: z.string(),
  /** The snapshot declared this key in `baton.snapshot.updates`: a change made on purpose, not a contradiction. */
  declared: z.boolean(),
});

/** One snapshot's context size: what the session's agents held against their window, over time. */
export const contextSizeSchema = z.object({
  time: isoTime,
  agent: z.string(),
  phase: z.string(),
  tokens: z.number().nonnegative(),
  tokenLimit: z.number().nonnegative().nullable(),
  truncated: z.boolean(),
  traceId: z.string(),
  spanId: z.string(),
});

export const contradictionSchema = z.object({
  key: z.string(),
  from: jsonValue,
  to: jsonValue,
  time: isoTime,
  agent: z.string(),
  traceId: z.string(),
  spanId: z.string(),
  scope: z.enum(['session', 'cross-session']),
});

export const sessionMetricsSchema = z.object({
  retention: z.array(z.object({ traceId: z.string(), value: z.number().nullable(), established: z.number(), held: z.number() })),
  meanRetention: z.number().nullable(),
  meanFidelity: z.number().nullable(),
  handoffs: z.number(),
  driftedHandoffs: z.number(),
  pendingHandoffs: z.number(),
  contradictions: z.number(),
  truncations: z.number(),
  errors: z.number(),
  tokens: z.object({ input: z.number(), output: z.number() }),
  meanTraceDurationNs: z.number().nullable(),
  /** The user's session before this one, which cross-session contradictions compare against. */
  previousSessionId: z.string().nullable(),
  score: z.number().int().min(0).max(100),
  scoreFormula: z.string(),
});

export const sessionDetailSchema = z.object({
  session: sessionSummarySchema,
  traces: z.array(traceSummarySchema),
  handoffs: z.array(handoffSchema),
  facts: z.array(factObservationSchema),
  contradictions: z.array(contradictionSchema),
  /** Snapshots that recorded a token count, in time order. */
  context: z.array(contextSizeSchema),
  metrics: sessionMetricsSchema,
  analysisFailure: analysisFailureSchema,
});

export const sessionListParamsSchema = z
  .object({
    from: z.string().optional(),
    to: z.string().optional(),
    agent: optionalText('agent', 256),
    user: optionalText('user', 256),
    q: optionalText('q', 256),
    minScore: wholeNumberParam('minScore', 0, 100),
    maxScore: wholeNumberParam('maxScore', 0, 100),
    limit: listLimit,
    cursor: cursorParam,
  })
  .transform(timeRange)
  .refine((p) => p.minScore === undefined || p.maxScore === undefined || p.minScore <= p.maxScore, { message: 'minScore must not exceed maxScore' });

export const sessionIdSchema = z
  .string()
  .min(1, 'session id is empty')
  .max(512, 'session id is longer than 512 characters')
  .refine((s) => !hasControlCharacters(s), 'session id must not contain control characters');

export type SessionSummary = z.infer<typeof sessionSummarySchema>;
export type SessionList = z.infer<typeof sessionListSchema>;
export type SessionDetail = z.infer<typeof sessionDetailSchema>;
export type FactObservation = z.infer<typeof factObservationSchema>;
export type Contradiction = z.infer<typeof contradictionSchema>;
export type ContextSize = z.infer<typeof contextSizeSchema>;
export type SessionListParams = z.output<typeof sessionListParamsSchema>;
