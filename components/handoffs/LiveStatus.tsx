'use client';

/** "Live" and when the list was last refreshed; a pulse while a refresh is in flight. */
export function LiveStatus({ fetching, updatedAt }: { fetching: boolean; updatedAt: number }) {
  const time = updatedAt ? new Date(updatedAt).toLocaleTimeString(undefined, { hour12: false }) : '';
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-zinc-500" title="Refreshes every few seconds while the page is open">
      <span aria-hidden className={`inline-block h-2 w-2 rounded-full bg-emerald-500 ${fetching ? 'animate-pulse' : ''}`} />
      Live{time && <span className="tabular-nums">· {time}</span>}
    </span>
  );
}
