import { z } from 'zod';
import { isoTime, timeRange } from './common';

/**
 * Metrics (docs/api.md): time series for charts. `GET /api/v1/metrics?metric&from&to&step&groupBy`
 * answers `{ series: [{ key, points: [{ t, v }] }] }`, `t` being the start of a bucket `step`
 * seconds wide (buckets are aligned to the epoch).
 */

export const METRICS = ['spans', 'errors', 'handoffs', 'drift_rate', 'fidelity', 'consistency', 'sessions'] as const;
export type Metric = (typeof METRICS)[number];

/** Counts are dense (an empty bucket is 0); ratios and means leave an empty bucket out. */
export const COUNT_METRICS: readonly Metric[] = ['spans', 'errors', 'handoffs', 'sessions'];

export const GROUP_BYS = ['agent', 'agent_pair'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** The metrics each grouping applies to. */
export const GROUPABLE: Record<GroupBy, readonly Metric[]> = {
  agent: METRICS,
  agent_pair: ['handoffs', 'drift_rate', 'fidelity'],
};

/** Series beyond this many keys (by total volume) are folded into `(other)` for counts, left out for ratios. */
export const MAX_SERIES = 20;
export const MAX_BUCKETS = 1000;
/** The default step gives at most this many buckets over the range. */
export const TARGET_BUCKETS = 60;
export const MAX_STEP_SECONDS = 365 * 86_400;

/** Series keys that are not an agent's name. */
export const ALL_KEY = 'all';
export const OTHER_KEY = '(other)';
export const NONE_KEY = '(none)';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** `300` (seconds), `30s`, `5m`, `1h`, `1d` → seconds; undefined when it is none of these. */
export function parseStep(value: string): number | undefined {
  const match = /^(\d{1,12})([smhd]?)$/.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_SECONDS[match[2] || 's'] ?? 1);
}

/** Round bucket widths, seconds: a default step is one of these (1 min … 30 d), never 24 minutes. */
export const NICE_STEPS = [60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 1_209_600, 2_592_000] as const;

/** The smallest round width that gives at most `target` buckets over the range (at least a minute). */
export function niceStep(rangeMs: number, target: number): number {
  const least = rangeMs / 1000 / target;
  return NICE_STEPS.find((s) => s >= least) ?? Math.min(MAX_STEP_SECONDS, Math.ceil(least / 86_400) * 86_400);
}

/** At most TARGET_BUCKETS buckets over the range, each a round width (1, 5, 15, 30 minutes, 1, 3, 6 hours, a day…). */
export function defaultStep(fromMs: number, toMs: number): number {
  return niceStep(toMs - fromMs, TARGET_BUCKETS);
}

/** Buckets `[from, to]` spans: toStartOfInterval aligns them to multiples of the step since the epoch. */
export function bucketCount(fromMs: number, toMs: number, stepSeconds: number): number {
  const stepMs = stepSeconds * 1000;
  return Math.floor(toMs / stepMs) - Math.floor(fromMs / stepMs) + 1;
}

const STEP_FORMAT = 'step must be whole seconds (e.g. 300) or a duration like 30s, 5m, 1h, 1d';

export const metricParamsSchema = z
  .object({
    metric: z.enum(METRICS, { message: `metric must be one of ${METRICS.join(', ')}` }),
    from: z.string().optional(),
    to: z.string().optional(),
    step: z.string().optional(),
    groupBy: z.enum(GROUP_BYS, { message: `groupBy must be one of ${GROUP_BYS.join(', ')}` }).optional(),
  })
  .transform((raw, ctx) => {
    const p = timeRange(raw, ctx);
    let step: number;
    if (raw.step === undefined || raw.step === '') {
      step = defaultStep(p.from, p.to);
    } else {
      const parsed = parseStep(raw.step);
      if (parsed === undefined) {
        ctx.addIssue({ code: 'custom', path: ['step'], message: STEP_FORMAT });
        return z.NEVER;
      }
      if (parsed < 1 || parsed > MAX_STEP_SECONDS) {
        ctx.addIssue({ code: 'custom', path: ['step'], message: 'step must be between 1 s and 365 d' });
        return z.NEVER;
      }
      step = parsed;
    }
    if (p.from <= p.to) {
      const buckets = bucketCount(p.from, p.to, step);
      if (buckets > MAX_BUCKETS) {
        const least = Math.ceil((p.to - p.from) / ((MAX_BUCKETS - 1) * 1000));
        ctx.addIssue({
          code: 'custom',
          path: ['step'],
          message: `a step of ${step} s gives ${buckets} buckets over this range; at most ${MAX_BUCKETS} are allowed (use a step of at least ${least} s or a shorter range)`,
        });
      }
    }
    if (p.groupBy && !GROUPABLE[p.groupBy].includes(p.metric)) {
      ctx.addIssue({
        code: 'custom',
        path: ['groupBy'],
        message: `groupBy=${p.groupBy} does not apply to metric ${p.metric}: groupBy=agent_pair works with ${GROUPABLE.agent_pair.join(', ')}; groupBy=agent works with every metric`,
      });
    }
    return { metric: p.metric, from: p.from, to: p.to, step, groupBy: p.groupBy };
  });

/** `n`: for ratios and means, the rows behind the value (complete handoffs, measured handoffs, sessions). */
export const metricPointSchema = z.object({ t: isoTime, v: z.number(), n: z.number().int().nonnegative().optional() });
export const metricSeriesSchema = z.object({ key: z.string(), points: z.array(metricPointSchema) });
export const metricsResponseSchema = z.object({ series: z.array(metricSeriesSchema) });

export type MetricParams = z.output<typeof metricParamsSchema>;
export type MetricPoint = z.infer<typeof metricPointSchema>;
export type MetricSeries = z.infer<typeof metricSeriesSchema>;
export type MetricsResponse = z.infer<typeof metricsResponseSchema>;
