import { z } from 'zod';
import { timeRange } from './common';

/**
 * Headline figures over a time range, for the overview: `GET /api/v1/stats?from&to`.
 * (Not under `/sessions/`: a session may be named `stats`.)
 *
 * - `spans`, `errors`: spans that started in the range (as the `spans` and
 *   `errors` metrics count them).
 * - `sessions`, `meanScore`, `scoreHistogram`: sessions active in the range
 *   (ended at or after `from`, started at or before `to`), as the session
 *   list selects them, so a histogram bar's count is the length of the list
 *   `/sessions?minScore&maxScore` shows over the same range.
 * - `handoffs`: handoffs whose time (the send) is in the range; the
 *   severities, drift rate and mean fidelity are over the complete ones, as
 *   the `drift_rate` and `fidelity` metrics define them.
 * - `impact`: the drift of those complete handoffs by impact, one entry per
 *   agent pair, kind and key (docs/analysis.md, "Drift by impact").
 * - `dataExtent`: when the range holds nothing (no span, session or handoff),
 *   the first start and last end of the stored traces, so the overview can
 *   offer that range; null otherwise, and when nothing is stored.
 */

/** Score bins of the histogram: 0–9, 10–19, …, 80–89, 90–100 (both ends inclusive, as minScore/maxScore filter). */
export const SCORE_BINS: readonly { min: number; max: number }[] = Array.from({ length: 10 }, (_, i) => ({ min: i * 10, max: i === 9 ? 100 : i * 10 + 9 }));

export const statsParamsSchema = z.object({ from: z.string().optional(), to: z.string().optional() }).transform(timeRange);

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1).nullable();

/** One line of the overview's problems by impact: at this pair, this kind of drift on this key, in so many handoffs. */
export const driftImpactSchema = z.object({
  fromAgent: z.string(),
  toAgent: z.string(),
  /** contract: a contract entry missing, preserved key broken or forbidden key present; constraint: a constraint dropped; dropped, changed: a fact; added: an ungrounded fact. */
  kind: z.enum(['contract', 'constraint', 'dropped', 'changed', 'added']),
  key: z.string(),
  severity: z.enum(['critical', 'warning', 'info']),
  handoffs: count,
});

export const dataExtentSchema = z.object({ fromMs: z.number().int(), toMs: z.number().int() });

export const statsSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  spans: count,
  errors: count,
  sessions: count,
  meanScore: z.number().min(0).max(100).nullable(),
  scoreHistogram: z.array(z.object({ min: z.number().int(), max: z.number().int(), sessions: count })),
  handoffs: z.object({
    total: count,
    complete: count,
    pending: count,
    drifted: count,
    severity: z.object({ critical: count, warning: count, info: count, none: count }),
    driftRate: share,
    meanFidelity: share,
  }),
  impact: z.array(driftImpactSchema),
  dataExtent: dataExtentSchema.nullable(),
});

export type DriftImpact = z.infer<typeof driftImpactSchema>;
export type DataExtent = z.infer<typeof dataExtentSchema>;

export type StatsParams = z.output<typeof statsParamsSchema>;
export type Stats = z.infer<typeof statsSchema>;
