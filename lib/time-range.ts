/**
 * Time ranges as the UI keeps them in the URL (README.md, "How it fits together"): relative
 * (`now-24h` → `now`) so a bookmark keeps showing the latest data, or
 * absolute (epoch milliseconds) so a postmortem link shows the same thing
 * months later. "Copy link" freezes a relative range into an absolute one.
 * Pure: `now` is always passed in.
 */

export interface TimeRange {
  /** `now`, `now-<n><unit>` (units s, m, h, d, w), epoch ms, or an ISO-8601 time. */
  from: string;
  to: string;
}

export interface ResolvedRange {
  fromMs: number;
  toMs: number;
}

export const DEFAULT_RANGE: TimeRange = { from: 'now-24h', to: 'now' };

export const PRESETS: readonly { label: string; from: string }[] = [
  { label: 'Last 15 minutes', from: 'now-15m' },
  { label: 'Last hour', from: 'now-1h' },
  { label: 'Last 6 hours', from: 'now-6h' },
  { label: 'Last 24 hours', from: 'now-24h' },
  { label: 'Last 7 days', from: 'now-7d' },
  { label: 'Last 30 days', from: 'now-30d' },
];

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds for one end of a range; undefined when the text is none of the accepted forms. */
export function resolvePoint(text: string, nowMs: number): number | undefined {
  const t = text.trim();
  if (t === 'now') return nowMs;
  const rel = /^now-(\d{1,6})([smhdw])$/.exec(t);
  if (rel) return nowMs - Number(rel[1]) * (UNIT_MS[rel[2] as string] as number);
  if (/^\d{10,16}$/.test(t)) return Number(t);
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

export const isRelative = (r: TimeRange) => r.from.startsWith('now') || r.to.startsWith('now');

/** The range in milliseconds, or undefined when it is unreadable or empty (from after to). */
export function resolveRange(range: TimeRange, nowMs: number): ResolvedRange | undefined {
  const fromMs = resolvePoint(range.from, nowMs);
  const toMs = resolvePoint(range.to, nowMs);
  if (fromMs === undefined || toMs === undefined || fromMs >= toMs) return undefined;
  return { fromMs, toMs };
}

/** The range from URL parameters, falling back to the default for missing or unreadable ones. */
export function rangeFromParams(params: { get(name: string): string | null }, nowMs: number): { range: TimeRange; resolved: ResolvedRange; invalid: boolean } {
  const asked = { from: params.get('from') ?? DEFAULT_RANGE.from, to: params.get('to') ?? DEFAULT_RANGE.to };
  const resolved = resolveRange(asked, nowMs);
  if (resolved) return { range: asked, resolved, invalid: false };
  return { range: DEFAULT_RANGE, resolved: resolveRange(DEFAULT_RANGE, nowMs) as ResolvedRange, invalid: true };
}

/** A relative range made absolute at `nowMs`: what "Copy link" puts in the URL. */
export function freezeRange(range: TimeRange, nowMs: number): TimeRange {
  const r = resolveRange(range, nowMs);
  return r ? { from: String(r.fromMs), to: String(r.toMs) } : range;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-26 14:05` in the viewer's time zone. */
export function formatMinute(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** What the picker's button says: a preset's label, else the two ends. */
export function rangeLabel(range: TimeRange, nowMs: number): string {
  if (range.to === 'now') {
    const preset = PRESETS.find((p) => p.from === range.from);
    if (preset) return preset.label;
    const rel = /^now-(\d+)([smhdw])$/.exec(range.from);
    if (rel) return `Last ${rel[1]}${rel[2]}`;
  }
  const r = resolveRange(range, nowMs);
  return r ? `${formatMinute(r.fromMs)} → ${formatMinute(r.toMs)}` : 'Invalid range';
}
