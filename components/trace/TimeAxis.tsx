import { useMemo } from 'react';
import { formatDuration } from '@/lib/format';
import { niceTicks } from '@/lib/time-ticks';
import { WATERFALL_COLUMNS } from './WaterfallRow';

const TICKS = 6;

function useTicks(durationNs: number) {
  return useMemo(() => niceTicks(durationNs, TICKS).map((ns) => ({ ns, at: durationNs > 0 ? ns / durationNs : 0 })), [durationNs]);
}

/** The waterfall header's time axis: round ticks (0, 250 ms, 500 ms, …) at their place on the trace's span. */
export function TimeAxis({ durationNs }: { durationNs: number }) {
  const ticks = useTicks(durationNs);
  return (
    <span aria-label="Time axis" role="group" className="relative block h-full min-h-7 overflow-hidden border-l border-zinc-100 dark:border-zinc-800">
      {ticks.map(({ ns, at }) => (
        <span
          key={ns}
          data-tick={ns}
          className="absolute top-1/2 -translate-y-1/2 whitespace-nowrap border-l border-zinc-300 pl-1 text-[11px] font-normal normal-case tabular-nums tracking-normal dark:border-zinc-600"
          // A label near the right edge is drawn to the left of its tick so it stays inside.
          style={at > 0.9 ? { right: `${(1 - at) * 100}%`, borderLeft: 0, borderRight: '1px solid', paddingLeft: 0, paddingRight: 4 } : { left: `${at * 100}%` }}
        >
          {ns === 0 ? '0' : formatDuration(ns)}
        </span>
      ))}
    </span>
  );
}

/** Faint grid lines at the ticks, behind the rows' bars. */
export function TimeGrid({ durationNs }: { durationNs: number }) {
  const ticks = useTicks(durationNs);
  return (
    <div aria-hidden className={`pointer-events-none absolute inset-0 grid ${WATERFALL_COLUMNS}`}>
      <span />
      <span className="relative">
        {ticks.slice(1).map(({ ns, at }) => (
          <span key={ns} className="absolute inset-y-0 w-px bg-zinc-100 dark:bg-zinc-800/70" style={{ left: `${at * 100}%` }} />
        ))}
      </span>
      <span />
    </div>
  );
}
