import { AlertTriangle } from 'lucide-react';
import Link from 'next/link';
import { cn } from '@/lib/cn';
import { formatDuration, formatTime } from '@/lib/format';
import type { TraceSummary } from '@/lib/schemas/api';
import { turnTimeline } from '@/lib/sessions/timeline';
import { useTraceHref } from '@/components/share/share-context';

const LANE_PX = 30;
const clock = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The session's turns along time: one bar per trace (errors in red), idle gaps labelled; a bar opens its trace. */
export function TurnTimeline({ traces }: { traces: TraceSummary[] }) {
  const traceHref = useTraceHref();
  const t = turnTimeline(traces);
  if (t.bars.length === 0) return <p className="py-6 text-center text-sm text-zinc-500">No turn of this session is stored.</p>;
  return (
    <div>
      <ol aria-label="Turns" className="relative" style={{ height: t.lanes * LANE_PX }}>
        {t.gaps.map((g) => (
          <li
            key={`gap-${g.afterTurn}`}
            aria-hidden
            className="absolute top-1/2 flex -translate-y-1/2 items-center justify-center border-t border-dashed border-zinc-300 dark:border-zinc-700"
            style={{ left: `${g.leftPct}%`, width: `${g.widthPct}%` }}
          >
            <span className="-mt-px -translate-y-1/2 bg-white px-1 text-[10px] text-zinc-400 dark:bg-zinc-900">idle {formatDuration(g.ms * 1e6)}</span>
          </li>
        ))}
        {t.bars.map((b) => {
          const label = `Turn ${b.turn}: ${b.rootName || 'root span not received'}, ${formatDuration((b.endMs - b.startMs) * 1e6)}${b.errors ? `, ${b.errors} error${b.errors > 1 ? 's' : ''}` : ''}`;
          return (
            <li key={b.traceId} className="absolute" style={{ left: `${b.leftPct}%`, width: `${b.widthPct}%`, top: b.lane * LANE_PX + 3, height: LANE_PX - 6 }}>
              <Link
                href={traceHref(b.traceId)}
                aria-label={label}
                title={`${label}\n${formatTime(new Date(b.startMs).toISOString())}\nagents: ${b.agents.join(', ') || '–'}`}
                className={cn(
                  'flex h-full min-w-1.5 items-center gap-1 overflow-hidden rounded px-1 text-[11px] font-medium text-white outline-none hover:brightness-110 focus-visible:ring-2 focus-visible:ring-indigo-400 focus-visible:ring-offset-1 dark:focus-visible:ring-offset-zinc-900',
                  b.errors > 0 ? 'bg-red-500 dark:bg-red-600' : 'bg-indigo-500 dark:bg-indigo-600',
                )}
              >
                {b.errors > 0 && <AlertTriangle aria-hidden className="h-3 w-3 shrink-0" />}
                <span className="truncate">T{b.turn}</span>
              </Link>
            </li>
          );
        })}
      </ol>
      <div aria-hidden className="relative mt-2 h-4 border-t border-zinc-200 text-[10px] text-zinc-500 dark:border-zinc-800">
        {t.ticks.map((tick, i) => (
          <span
            key={tick.pct}
            className={cn('absolute top-1 whitespace-nowrap', i === 0 ? '' : i === t.ticks.length - 1 ? '-translate-x-full' : '-translate-x-1/2')}
            style={{ left: `${tick.pct}%` }}
          >
            {clock(tick.ms)}
          </span>
        ))}
      </div>
    </div>
  );
}
