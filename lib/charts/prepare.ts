import { ALL_KEY, COUNT_METRICS, OTHER_KEY, type Metric, type MetricsResponse } from '@/lib/schemas/metrics';

/**
 * Chart preparation (STYLE §6): series to rows, labels, units, colours,
 * top-N. Pure and unit-tested; the Recharts components only render.
 */

export interface MetricInfo {
  label: string;
  /** What one value is: a count per bucket, a share 0..1, or a score 0..100. */
  unit: 'count' | 'share' | 'score';
  /** The list behind the metric. */
  list: '/traces' | '/sessions' | '/handoffs';
  description: string;
  /** The axis title: what one value counts or measures. */
  axis: string;
  /** For a ratio or mean: what its volume counts (the rows behind each point), and that axis's short title. */
  volume?: string;
  volumeAxis?: string;
}

export const METRIC_INFO: Record<Metric, MetricInfo> = {
  spans: { label: 'Spans', unit: 'count', list: '/traces', description: 'Spans started per bucket', axis: 'spans' },
  errors: { label: 'Errors', unit: 'count', list: '/traces', description: 'Spans with error status per bucket', axis: 'error spans' },
  sessions: { label: 'Sessions started', unit: 'count', list: '/sessions', description: 'Sessions whose first turn started in the bucket', axis: 'sessions' },
  handoffs: { label: 'Handoffs', unit: 'count', list: '/handoffs', description: 'Handoffs sent per bucket', axis: 'handoffs' },
  drift_rate: { label: 'Drift rate', unit: 'share', list: '/handoffs', description: 'Share of complete handoffs with any drift', axis: 'drifted', volume: 'complete handoffs', volumeAxis: 'handoffs' },
  fidelity: { label: 'Handoff fidelity', unit: 'share', list: '/handoffs', description: 'Mean share of what senders handed over (facts, constraints, contract entries) that arrived unchanged', axis: 'fidelity', volume: 'measured handoffs', volumeAxis: 'handoffs' },
  consistency: { label: 'Consistency score', unit: 'score', list: '/sessions', description: 'Mean score of the sessions ending in the bucket', axis: 'score', volume: 'sessions', volumeAxis: 'sessions' },
};

export const isCountMetric = (m: Metric) => COUNT_METRICS.includes(m);

/** One row per bucket: `t` (epoch ms) and a value per series key; null where a ratio has no point (a gap); `volumeKey(key)` its volume. */
export type ChartRow = { t: number } & Record<string, number | null>;

/** The row field holding a ratio's volume (the rows behind its value). */
export const volumeKey = (key: string) => `${key}#n`;

export function seriesRows(res: MetricsResponse): { rows: ChartRow[]; keys: string[] } {
  const keys = res.series.map((s) => s.key);
  const byT = new Map<number, ChartRow>();
  for (const s of res.series) {
    for (const p of s.points) {
      const t = Date.parse(p.t);
      const row = byT.get(t) ?? ({ t } as ChartRow);
      row[s.key] = p.v;
      if (p.n !== undefined) row[volumeKey(s.key)] = p.n;
      byT.set(t, row);
    }
  }
  const rows = [...byT.values()].sort((a, b) => a.t - b.t);
  for (const row of rows) for (const k of keys) if (row[k] === undefined) row[k] = null;
  return { rows, keys };
}

/** Sum of a count series (a headline or a legend total). */
export const seriesTotal = (res: MetricsResponse | undefined) => res?.series.reduce((n, s) => n + s.points.reduce((m, p) => m + p.v, 0), 0) ?? 0;

const PALETTE = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#ec4899', '#84cc16', '#f97316', '#06b6d4', '#a855f7'];

/**
 * A colour per series key. Keys take the palette in name order, so each
 * series of a chart has its own colour (up to 12) and keeps it while the
 * volumes that order the series change; `all` is indigo, `(other)` grey.
 */
export function seriesColors(keys: readonly string[]): Map<string, string> {
  const named = [...keys].filter((k) => k !== ALL_KEY && k !== OTHER_KEY).sort();
  const colors = new Map(named.map((k, i) => [k, PALETTE[i % PALETTE.length]!]));
  colors.set(ALL_KEY, PALETTE[0]!);
  colors.set(OTHER_KEY, '#a1a1aa');
  return colors;
}

export function formatValue(v: number | null | undefined, unit: MetricInfo['unit']): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (unit === 'share') return formatPercent(v);
  if (unit === 'score') return v.toFixed(v >= 10 ? 0 : 1);
  return formatCount(v);
}

/** 0.333 → "33%", 0.005 → "0.5%"; null → "–". */
export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const pct = v * 100;
  if (pct > 0 && pct < 1) return `${pct.toFixed(1)}%`;
  return `${Math.round(pct)}%`;
}

/** 1234 → "1,234"; 12_345 → "12.3k"; 2_500_000 → "2.5M". */
export function formatCount(n: number): string {
  if (Math.abs(n) < 10_000) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) < 999_950) return `${(n / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An axis tick for a bucket start: the time of day over short ranges, the day over long ones (viewer's zone). */
export function timeTick(ms: number, rangeMs: number): string {
  const d = new Date(ms);
  const day = `${MONTHS[d.getMonth()]} ${d.getDate()}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (rangeMs <= 36 * 3_600_000) return time;
  if (rangeMs <= 4 * 86_400_000) return `${day} ${time}`;
  return day;
}

/** The bucket a tooltip is about: "Nov 26 14:00 – 14:24". */
export function bucketLabel(ms: number, stepSeconds: number): string {
  const a = new Date(ms);
  const b = new Date(ms + stepSeconds * 1000);
  const day = (d: Date) => `${MONTHS[d.getMonth()]} ${d.getDate()}`;
  const time = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return day(a) === day(b) ? `${day(a)} ${time(a)} – ${time(b)}` : `${day(a)} ${time(a)} – ${day(b)} ${time(b)}`;
}

/**
 * Rows for every bucket of [fromMs, toMs] (buckets aligned to the epoch, as
 * the metrics API makes them), so the time axis stays even where a ratio has
 * no point; missing values are null.
 */
export function denseRows(rows: readonly ChartRow[], keys: readonly string[], fromMs: number, toMs: number, stepSeconds: number): ChartRow[] {
  const stepMs = stepSeconds * 1000;
  const byT = new Map(rows.map((r) => [r.t, r]));
  const out: ChartRow[] = [];
  for (let t = Math.floor(fromMs / stepMs) * stepMs; t <= toMs; t += stepMs) {
    const row = byT.get(t);
    out.push(row ?? (Object.fromEntries([['t', t], ...keys.map((k) => [k, null])]) as ChartRow));
  }
  return out;
}
