'use client';

import { useEffect, useState } from 'react';
import type { LiveMode } from '@/hooks/useHeldList';
import { formatAgo } from '@/lib/format';
import { cn } from '@/lib/cn';

const TEXT: Record<LiveMode, string> = { live: 'Live', paused: 'Paused', frozen: 'Frozen range' };
const DOT: Record<LiveMode, string> = { live: 'bg-emerald-500', paused: 'bg-amber-500', frozen: 'bg-zinc-400 dark:bg-zinc-500' };
const TITLE: Record<LiveMode, string> = {
  live: 'Refreshes every few seconds; the list holds still while the pointer or focus is on it',
  paused: 'Holding still while the pointer or focus is on the list; new rows are counted, not shown',
  frozen: 'This range ends at a fixed time: the list does not refresh',
};

/**
 * Whether a list refreshes: "Live" (a pulsing dot) and when it last did,
 * "Paused" while it holds still for the reader, "Frozen range" when the range
 * ends at a fixed time and nothing refreshes.
 */
export function LiveIndicator({ mode, updatedAt, fetching }: { mode: LiveMode; updatedAt: number; fetching: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (mode === 'frozen') return;
    const id = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(id);
  }, [mode]);
  return (
    <span role="status" data-live={mode} className="inline-flex items-center gap-1.5 whitespace-nowrap text-xs text-zinc-500" title={TITLE[mode]}>
      <span aria-hidden className="relative inline-flex h-2 w-2">
        {mode === 'live' && <span className={cn('absolute inline-flex h-full w-full rounded-full opacity-60', DOT.live, fetching ? 'animate-ping' : 'animate-pulse')} />}
        <span className={cn('relative inline-flex h-2 w-2 rounded-full', DOT[mode])} />
      </span>
      <span className={cn('font-medium', mode === 'live' ? 'text-emerald-700 dark:text-emerald-400' : mode === 'paused' ? 'text-amber-700 dark:text-amber-400' : undefined)}>{TEXT[mode]}</span>
      {mode !== 'frozen' && updatedAt > 0 && <span className="tabular-nums">· updated {formatAgo(new Date(updatedAt).toISOString(), Math.max(now, updatedAt))}</span>}
    </span>
  );
}
