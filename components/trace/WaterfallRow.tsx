import { memo } from 'react';
import { TYPE_BAR, TypeBadge } from '@/components/ui/TypeBadge';
import { formatDuration } from '@/lib/format';
import type { WaterfallRow as Row } from '@/lib/trace-tree';

export const ROW_HEIGHT = 30;

// Fixed class strings (no class merging per row: thousands of rows pass by while scrolling).
const ROW_CLASS =
  'absolute left-0 top-0 grid w-full grid-cols-[minmax(260px,2fr)_3fr_80px] items-center text-left text-sm outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500';
const IDLE_CLASS = 'hover:bg-zinc-50 dark:hover:bg-zinc-800/50';
const SELECTED_CLASS = 'bg-indigo-50 dark:bg-indigo-950/50';

interface Props {
  row: Row;
  selected: boolean;
  onSelect: (spanId: string) => void;
  top: number;
}

/** One span in the waterfall: name column on the left, its bar on the trace's time axis. */
export const WaterfallRow = memo(function WaterfallRow({ row, selected, onSelect, top }: Props) {
  const { span } = row;
  const error = span.status.code === 'error';
  return (
    <button
      type="button"
      role="row"
      aria-selected={selected}
      data-span-id={span.spanId}
      onClick={() => onSelect(span.spanId)}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      className={selected ? `${ROW_CLASS} ${SELECTED_CLASS}` : `${ROW_CLASS} ${IDLE_CLASS}`}
    >
      <span role="cell" className="flex min-w-0 items-center gap-1.5 pr-2" style={{ paddingLeft: 8 + Math.min(row.depth, 24) * 14 }}>
        <TypeBadge type={span.type} />
        <span className={error ? 'truncate text-red-700 dark:text-red-400' : 'truncate'} title={span.name}>
          {span.name || '(unnamed span)'}
        </span>
        {span.agent && span.type !== 'agent' && <span className="truncate text-xs text-zinc-400">{span.agent}</span>}
        {span.type === 'agent' && span.agent && (
          <span className="truncate text-xs font-medium text-indigo-600 dark:text-indigo-400">{span.agent}</span>
        )}
        {row.orphan && <span className="text-[11px] text-amber-600" title="Its parent span has not arrived">orphan</span>}
      </span>
      <span role="cell" className="relative h-full border-l border-zinc-100 dark:border-zinc-800">
        <span
          className={`absolute top-1/2 h-3 -translate-y-1/2 rounded-sm ${error ? 'bg-red-500' : TYPE_BAR[span.type]}`}
          style={{ left: `${row.offset * 100}%`, width: `${Math.min(row.width, 1 - row.offset) * 100}%`, minWidth: 2 }}
        />
      </span>
      <span role="cell" className="pr-3 text-right text-xs tabular-nums text-zinc-500">
        {formatDuration(span.durationNs)}
      </span>
    </button>
  );
});
