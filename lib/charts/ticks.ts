/**
 * Axis ticks at values a person reads at a glance (issue: 95/190/285 and
 * 02:24 are not), bucket widths that are round durations, and the words
 * under a chart for its buckets and time zone. Pure: the time zone is
 * passed in (the viewer's, from Intl, in the components).
 */

import { NICE_STEPS } from '@/lib/schemas/metrics';

const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;

/** 0 and then multiples of 1, 2, 2.5 or 5 × 10^k up to at least `max`, about `count` intervals; whole numbers for counts. */
export function niceTicks(max: number, count = 4, whole = true): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw && (!whole || Number.isInteger(s))) ?? Math.max(1, Math.ceil(raw));
  const ticks: number[] = [];
  for (let v = 0; v < max + step - 1e-9; v += step) ticks.push(Math.round(v * 1e9) / 1e9);
  return ticks;
}

/** Minutes east of UTC of an instant in a zone (`Europe/Paris` in winter: 60). */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: a time axis asks for every bucket, and making a formatter costs far more than using one. */
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const parts = formatterOf(timeZone).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/**
 * Tick positions for a time axis whose values are bucket starts: the buckets
 * that start on a round time in the viewer's zone (on the hour, at midnight…),
 * about `target` of them. `buckets` are the chart's bucket starts (epoch ms).
 */
export function timeTicks(buckets: readonly number[], stepSeconds: number, timeZone: string, target = 6): number[] {
  if (buckets.length <= 2) return [...buckets];
  const span = (buckets[buckets.length - 1]! - buckets[0]!) / 1000;
  for (const every of NICE_STEPS) {
    if (every < stepSeconds || every % stepSeconds !== 0 || span / every > target) continue;
    const ticks = buckets.filter((t) => {
      const local = t / 1000 + zoneOffsetMinutes(t, timeZone) * 60;
      // Weeks and months have no round start here: days are counted from the epoch, in the viewer's zone.
      return local % every === 0;
    });
    if (ticks.length >= 2) return ticks;
  }
  // No round time falls on a bucket start: every n-th bucket.
  const n = Math.ceil(buckets.length / target);
  return buckets.filter((_, i) => i % n === 0);
}

/** "1-minute", "30-minute", "2-hour", "1-day" buckets, as words. */
export function bucketWords(stepSeconds: number): string {
  if (stepSeconds % DAY === 0) return `${stepSeconds / DAY}-day`;
  if (stepSeconds % HOUR === 0) return `${stepSeconds / HOUR}-hour`;
  if (stepSeconds % MINUTE === 0) return `${stepSeconds / MINUTE}-minute`;
  return `${stepSeconds}-second`;
}

/** "Europe/Paris (UTC+01:00)": the zone a chart's times are in. */
export function zoneLabel(timeZone: string, atMs: number): string {
  const offset = zoneOffsetMinutes(atMs, timeZone);
  const sign = offset < 0 ? '−' : '+';
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return timeZone === 'UTC' || timeZone === 'Etc/UTC' ? 'UTC' : `${timeZone} (UTC${sign}${hhmm})`;
}
