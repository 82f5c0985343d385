'use client';

import { useEffect, useState } from 'react';
import { formatAgo } from '@/lib/format';

/** "Live · updated 4s ago": the list refreshes by itself; a pulse while it does. */
export function LiveStatus({ updatedAt, fetching }: { updatedAt: number; fetching: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(id);
  }, []);
  if (!updatedAt) return null;
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-zinc-500" title={`Refreshes every 10 s; last update ${new Date(updatedAt).toLocaleTimeString()}`}>
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full bg-emerald-500 ${fetching ? 'animate-pulse' : ''}`} />
      Live · updated {formatAgo(new Date(updatedAt).toISOString(), Math.max(now, updatedAt))}
    </span>
  );
}
