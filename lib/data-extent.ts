import type { TimeRange } from '@/lib/time-range';

/**
 * The range to offer when the chosen one is empty but data is stored
 * elsewhere (`dataExtent` of the stats): the last whole days up to now when the
 * data reaches the last day (a live view that keeps up), else exactly where the
 * data is (absolute, in epoch ms). Pure: `now` is passed in.
 */

const DAY_MS = 86_400_000;

export interface OfferedRange {
  range: TimeRange;
  /** The button's words. */
  label: string;
}

export function rangeForExtent(extent: { fromMs: number; toMs: number }, now: number): OfferedRange {
  if (now - extent.toMs <= DAY_MS) {
    const days = Math.max(1, Math.ceil((now - extent.fromMs) / DAY_MS));
    return { range: { from: `now-${days}d`, to: 'now' }, label: days === 1 ? 'Show the last day' : `Show the last ${days} days` };
  }
  return { range: { from: String(extent.fromMs), to: String(extent.toMs) }, label: 'Show the range that holds data' };
}
