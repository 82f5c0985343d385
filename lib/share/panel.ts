import { bucketCount, defaultStep, GROUP_BYS, GROUPABLE, MAX_BUCKETS, METRICS, parseStep, type GroupBy, type Metric } from '@/lib/schemas/metrics';

/**
 * A metric panel as a share link holds it (docs/security.md, "Share links"):
 * one metric, optionally grouped, over a range that is either frozen (two
 * instants: the link shows the series as they were when it was made) or live
 * (a rolling window ending now). The link's `target` is the panel written as a
 * query string, the same parameters `/embed/metrics` takes:
 * `metric=drift_rate&groupBy=agent_pair&step=3600&from=<ms>&to=<ms>` or
 * `metric=errors&step=300&live=86400`. Pure: `now` is passed in.
 */

export type PanelRange = { kind: 'frozen'; fromMs: number; toMs: number } | { kind: 'live'; seconds: number };

export interface PanelSpec {
  metric: Metric;
  groupBy?: GroupBy;
  /** Bucket width, seconds. */
  step: number;
  range: PanelRange;
}

/** A live window is at least a minute and at most 90 days. */
export const MIN_LIVE_SECONDS = 60;
export const MAX_LIVE_SECONDS = 90 * 86_400;

export type PanelParse = { ok: true; spec: PanelSpec } | { ok: false; message: string };

/** The window a panel shows at `nowMs`. */
export function panelWindow(spec: PanelSpec, nowMs: number): { fromMs: number; toMs: number } {
  return spec.range.kind === 'frozen' ? { fromMs: spec.range.fromMs, toMs: spec.range.toMs } : { fromMs: nowMs - spec.range.seconds * 1000, toMs: nowMs };
}

/** The canonical query string of a panel: what a link stores as its target. */
export function panelTarget(spec: PanelSpec): string {
  const q = new URLSearchParams({ metric: spec.metric });
  if (spec.groupBy) q.set('groupBy', spec.groupBy);
  q.set('step', String(spec.step));
  if (spec.range.kind === 'frozen') {
    q.set('from', String(spec.range.fromMs));
    q.set('to', String(spec.range.toMs));
  } else {
    q.set('live', String(spec.range.seconds));
  }
  return q.toString();
}

const INSTANT = /^\d{10,16}$/;

/** An instant as epoch milliseconds or ISO-8601; undefined when it is neither. */
function instant(text: string): number | undefined {
  if (INSTANT.test(text)) return Number(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A panel from its query string: `metric` (required), `groupBy`, `step`
 * (seconds or 30s/5m/1h/1d; default: about 60 buckets), and either `from` and
 * `to` (epoch ms or ISO-8601: frozen) or `live` (a duration: a rolling
 * window). Every problem is said in words, for a 400 or the embed's page.
 */
export function parsePanelTarget(text: string): PanelParse {
  const q = new URLSearchParams(text);
  const known = new Set(['metric', 'groupBy', 'step', 'from', 'to', 'live']);
  const unknown = [...q.keys()].find((k) => !known.has(k));
  if (unknown) return { ok: false, message: `a panel takes metric, groupBy, step, and from and to or live; “${unknown}” is none of these` };
  const metric = q.get('metric');
  if (!metric || !(METRICS as readonly string[]).includes(metric)) return { ok: false, message: `metric must be one of ${METRICS.join(', ')}` };
  const m = metric as Metric;
  const group = q.get('groupBy') || undefined;
  if (group !== undefined && !(GROUP_BYS as readonly string[]).includes(group)) return { ok: false, message: `groupBy must be one of ${GROUP_BYS.join(', ')}` };
  const groupBy = group as GroupBy | undefined;
  if (groupBy && !GROUPABLE[groupBy].includes(m)) return { ok: false, message: `groupBy=${groupBy} works with ${GROUPABLE[groupBy].join(', ')}, not ${m}` };

  const live = q.get('live');
  const from = q.get('from');
  const to = q.get('to');
  let range: PanelRange;
  if (live !== null) {
    if (from !== null || to !== null) return { ok: false, message: 'a panel is frozen (from and to) or live (live), not both' };
    const seconds = parseStep(live);
    if (seconds === undefined || seconds < MIN_LIVE_SECONDS || seconds > MAX_LIVE_SECONDS) return { ok: false, message: 'live must be a duration between 1m and 90d (e.g. 24h, 7d, or seconds)' };
    range = { kind: 'live', seconds };
  } else {
    if (from === null || to === null) return { ok: false, message: 'a panel needs from and to (a frozen range) or live (a rolling window such as 24h)' };
    const fromMs = instant(from);
    const toMs = instant(to);
    if (fromMs === undefined || toMs === undefined) return { ok: false, message: 'from and to must be epoch milliseconds or ISO-8601 times' };
    if (fromMs >= toMs) return { ok: false, message: 'from must be before to' };
    range = { kind: 'frozen', fromMs, toMs };
  }

  const spanMs = range.kind === 'frozen' ? range.toMs - range.fromMs : range.seconds * 1000;
  const rawStep = q.get('step');
  const step = rawStep ? parseStep(rawStep) : defaultStep(0, spanMs);
  if (step === undefined || step < 1) return { ok: false, message: 'step must be whole seconds (e.g. 300) or a duration like 30s, 5m, 1h, 1d' };
  // The most buckets the window can cover, wherever it falls (bucket edges are aligned to the epoch).
  if (bucketCount(0, spanMs, step) + 1 > MAX_BUCKETS) return { ok: false, message: `a step of ${step} s gives more than ${MAX_BUCKETS} buckets over this range: use a longer step` };
  return { ok: true, spec: { metric: m, groupBy, step, range } };
}

const UNITS = [
  { s: 86_400, short: 'd', word: 'day' },
  { s: 3_600, short: 'h', word: 'hour' },
  { s: 60, short: 'm', word: 'minute' },
  { s: 1, short: 's', word: 'second' },
] as const;

const largestUnit = (seconds: number) => UNITS.find((u) => seconds % u.s === 0) ?? UNITS[3];

/** A live window in words: `24 hours`, `7 days`, `90 minutes`. */
export function liveLabel(seconds: number): string {
  const u = largestUnit(seconds);
  const n = seconds / u.s;
  return `${n} ${u.word}${n === 1 ? '' : 's'}`;
}

/** A live window as the UI's relative range start: `now-24h`, `now-7d`. */
export function liveFrom(seconds: number): string {
  const u = largestUnit(seconds);
  return `now-${seconds / u.s}${u.short}`;
}
