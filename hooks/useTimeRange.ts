'use client';

import { useEffect, useMemo, useState } from 'react';
import { isRelative, rangeFromParams, type ResolvedRange, type TimeRange } from '@/lib/time-range';
import { useUrlState } from './useUrlState';

/** How often a relative range ("last 24 hours") moves forward while the page is open. */
const TICK_MS = 15_000;

/**
 * The page's time range from `?from&to` (default: the last 24 hours), in
 * milliseconds. A relative range is re-resolved every few seconds so lists
 * and charts follow the clock; an absolute one never moves.
 */
export function useTimeRange(): { range: TimeRange; resolved: ResolvedRange; invalid: boolean; setRange: (r: TimeRange) => void } {
  const { params, set } = useUrlState();
  const [now, setNow] = useState(() => Date.now());
  const from = params.get('from');
  const to = params.get('to');
  const parsed = useMemo(() => rangeFromParams({ get: (k) => (k === 'from' ? from : k === 'to' ? to : null) }, now), [from, to, now]);
  const relative = isRelative(parsed.range);
  useEffect(() => {
    if (!relative) return;
    const id = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(id);
  }, [relative]);
  const setRange = (r: TimeRange) => {
    setNow(Date.now());
    set({ from: r.from, to: r.to, cursor: undefined });
  };
  return { ...parsed, setRange };
}
