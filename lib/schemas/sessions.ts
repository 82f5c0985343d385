import { z } from 'zod';
import { traceSummarySchema } from './api';
import { analysisFailureSchema } from './analysis';
import { cursorParam, hasControlCharacters, isoTime, jsonValue, listLimit, optionalText, timeRange, wholeNumberParam } from './common';
import { handoffSchema } from './handoffs';

/** Sessions (docs/analysis.md, "Session consistency"; docs/api.md): the traces sharing a session id, and how consistent the session stayed. */

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

/** How an observation contradicts the value before it (docs/analysis.md, "Session consistency"): its scope and the value it contradicts. */
export const factContradictionSchema = z.object({ scope: z.enum(['session', 'cross-session']), from: jsonValue });

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
  /** The contradiction this observation makes, if any (the same one `contradictions` lists). */
  contradiction: factContradictionSchema.nullable(),
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
  meanRetention: z.number().nullable(),
  meanFidelity: z.number().nullable(),
  handoffs: z.number(),
  driftedHandoffs: z.number(),
  pendingHandoffs: z.number(),
  /** Complete handoffs of severity critical, and warning: they cap the score (docs/analysis.md, "Score"). */
  criticalHandoffs: z.number(),
  warningHandoffs: z.number(),
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

/** One turn (trace) of a session, in turn order: the trace's summary and what the turn did to the session's facts. */
export const sessionTurnSchema = traceSummarySchema.extend({
  /** 1-based place in the session's turns (by start, then trace id). */
  turn: z.number().int().positive(),
  endTime: isoTime,
  /** Share of the facts established so far that the turn still held (docs/analysis.md, "Session consistency"); null when it recorded no facts, or is not analysed yet. */
  retention: z.number().nullable(),
  established: z.number().int().nonnegative(),
  held: z.number().int().nonnegative(),
  /** Tokens of the turn's model calls. */
  tokens: z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() }),
});

/** A page of turns, with the context sizes their snapshots recorded. */
export const sessionTurnPageSchema = z.object({
  turns: z.array(sessionTurnSchema),
  /** The page's snapshots that recorded a token count, in time order (at most MAX_CONTEXT_POINTS). */
  context: z.array(contextSizeSchema),
  /** The page's turns recorded more context sizes than `context` holds. */
  contextTruncated: z.boolean(),
  nextCursor: z.string().nullable(),
});
export const sessionFactPageSchema = z.object({ facts: z.array(factObservationSchema), nextCursor: z.string().nullable() });
export const sessionContradictionPageSchema = z.object({ contradictions: z.array(contradictionSchema), nextCursor: z.string().nullable() });
export const sessionHandoffPageSchema = z.object({ handoffs: z.array(handoffSchema), nextCursor: z.string().nullable() });

/**
 * A session read from the analyzer's stored results (nothing is analysed on
 * request): the summary and metrics, and the first page of each list; the
 * rest through /turns, /handoffs, /facts and /contradictions with the cursors.
 */
export const sessionDetailSchema = z.object({
  session: sessionSummarySchema,
  /** The first page of turns (`/turns`). */
  traces: z.array(sessionTurnSchema),
  handoffs: z.array(handoffSchema),
  facts: z.array(factObservationSchema),
  contradictions: z.array(contradictionSchema),
  /** The context sizes the first page of turns recorded. */
  context: z.array(contextSizeSchema),
  contextTruncated: z.boolean(),
  /** Where each list goes on (its sub-route's `cursor`); null when the first page holds all of it. */
  nextCursors: z.object({ turns: z.string().nullable(), handoffs: z.string().nullable(), facts: z.string().nullable(), contradictions: z.string().nullable() }),
  metrics: sessionMetricsSchema,
  /**
   * The analyzer has not folded this session into its stored results yet (it
   * is new, or every analysis of it failed): the summary and turns come from
   * the traces, and facts, contradictions, retention and the score are not there yet.
   */
  analysisPending: z.boolean(),
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
export type SessionTurn = z.infer<typeof sessionTurnSchema>;
export type SessionMetrics = z.infer<typeof sessionMetricsSchema>;
export type SessionTurnPage = z.infer<typeof sessionTurnPageSchema>;
export type SessionFactPage = z.infer<typeof sessionFactPageSchema>;
export type SessionContradictionPage = z.infer<typeof sessionContradictionPageSchema>;
export type SessionHandoffPage = z.infer<typeof sessionHandoffPageSchema>;
