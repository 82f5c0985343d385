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
 */

/** Score bins of the histogram: 0–9, 10–19, …, 80–89, 90–100 (both ends inclusive, as minScore/maxScore filter). */
export const SCORE_BINS: readonly { min: number; max: number }[] = Array.from({ length: 10 }, (_, i) => ({ min: i * 10, max: i === 9 ? 100 : i * 10 + 9 }));

export const statsParamsSchema = z.object({ from: z.string().optional(), to: z.string().optional() }).transform(timeRange);

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1).nullable();

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
});

export type StatsParams = z.output<typeof statsParamsSchema>;
export type Stats = z.infer<typeof statsSchema>;
