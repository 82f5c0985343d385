import { bucketCount, defaultStep, GROUP_BYS, GROUPABLE, MAX_BUCKETS, METRICS, parseStep, type GroupBy, type Metric } from '@/lib/schemas/metrics';

/**
 * The metrics embed's parameters (`/embed/metrics?metric&groupBy&step`, the
 * range read separately), checked in the page so a wrong link shows what is
 * wrong instead of an empty chart. Pure.
 */

export type EmbedParams = { ok: true; metric: Metric; groupBy?: GroupBy; step: number } | { ok: false; title: string; message: string };

export function embedParams(get: (name: string) => string | null, fromMs: number, toMs: number): EmbedParams {
  const metric = get('metric');
  if (!metric) return { ok: false, title: 'No metric given', message: `Add ?metric= with one of ${METRICS.join(', ')}.` };
  if (!(METRICS as readonly string[]).includes(metric)) return { ok: false, title: `Unknown metric “${metric}”`, message: `The metric must be one of ${METRICS.join(', ')}.` };
  const m = metric as Metric;
  const group = get('groupBy') || undefined;
  if (group !== undefined && !(GROUP_BYS as readonly string[]).includes(group)) return { ok: false, title: `Unknown grouping “${group}”`, message: `groupBy must be one of ${GROUP_BYS.join(', ')}.` };
  const groupBy = group as GroupBy | undefined;
  if (groupBy && !GROUPABLE[groupBy].includes(m)) return { ok: false, title: `${m} cannot be grouped by ${groupBy}`, message: `groupBy=${groupBy} works with ${GROUPABLE[groupBy].join(', ')}.` };
  const rawStep = get('step');
  const step = rawStep ? parseStep(rawStep) : defaultStep(fromMs, toMs);
  if (step === undefined || step < 1) return { ok: false, title: `Unreadable step “${rawStep}”`, message: 'step is whole seconds (e.g. 300) or a duration like 30s, 5m, 1h, 1d.' };
  if (bucketCount(fromMs, toMs, step) > MAX_BUCKETS) return { ok: false, title: 'Too many buckets', message: `A step of ${step} s gives more than ${MAX_BUCKETS} buckets over this range: use a longer step or a shorter range.` };
  return { ok: true, metric: m, groupBy, step };
}
