import { ChevronDown, ChevronRight } from 'lucide-react';
import { memo, type MouseEvent } from 'react';
import { SEVERITY_COLOR } from '@/components/ui/SeverityBadge';
import { TYPE_BAR, TypeBadge } from '@/components/ui/TypeBadge';
import { formatDuration } from '@/lib/format';
import type { HandoffMark } from '@/lib/handoff-marks';
import type { WaterfallRow as Row } from '@/lib/trace-tree';

export const ROW_HEIGHT = 30;
export const WATERFALL_COLUMNS = 'grid-cols-[minmax(260px,2fr)_3fr_80px]';

// Fixed class strings (no class merging per row: thousands of rows pass by while scrolling).
const ROW_CLASS = `absolute left-0 top-0 grid w-full cursor-pointer ${WATERFALL_COLUMNS} items-center text-left text-sm outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500`;
const IDLE_CLASS = 'hover:bg-zinc-50 dark:hover:bg-zinc-800/50';
const MATCH_CLASS = 'bg-amber-50 hover:bg-amber-100 dark:bg-amber-950/40 dark:hover:bg-amber-950/60';
const SELECTED_CLASS = 'bg-indigo-50 dark:bg-indigo-950/50';
const CHEVRON_CLASS = 'flex h-5 w-4 shrink-0 items-center justify-center rounded text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 dark:hover:bg-zinc-700 dark:hover:text-zinc-100';

interface Props {
  row: Row;
  selected: boolean;
  /** The row matches the search. */
  match: boolean;
  /** On the critical path (true/false) while it is shown; undefined otherwise. */
  critical: boolean | undefined;
  collapsed: boolean;
  mark: HandoffMark | undefined;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
  top: number;
}

/** The handoff mark: an arrow out (sends), in (receives) or both, in the colour of its worst drift. */
function HandoffMarker({ mark }: { mark: HandoffMark }) {
  const glyph = mark.sent.length && mark.received.length ? '⇄' : mark.sent.length ? '→' : '←';
  return (
    <span
      role="img"
      aria-label={mark.label}
      title={mark.label}
      data-handoff-mark={mark.severity}
      className="inline-flex h-4 shrink-0 items-center rounded-full border px-1 text-[11px] font-semibold leading-none"
      style={{ color: SEVERITY_COLOR[mark.severity], borderColor: SEVERITY_COLOR[mark.severity] }}
    >
      {glyph}
    </span>
  );
}

/**
 * One span in the waterfall: a chevron folding its subtree (when it has
 * children), its name column, handoff mark, and its bar on the trace's time axis.
 */
export const WaterfallRow = memo(function WaterfallRow({ row, selected, match, critical, collapsed, mark, onSelect, onToggle, top }: Props) {
  const { span } = row;
  const error = span.status.code === 'error';
  const name = span.name || '(unnamed span)';
  const toggle = (event: MouseEvent) => {
    event.stopPropagation();
    onToggle(span.spanId);
  };
  return (
    <div
      role="row"
      tabIndex={0}
      aria-selected={selected}
      aria-expanded={row.children > 0 ? !collapsed : undefined}
      data-span-id={span.spanId}
      data-match={match || undefined}
      data-critical={critical || undefined}
      onClick={() => onSelect(span.spanId)}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        onSelect(span.spanId);
      }}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      className={`${ROW_CLASS} ${selected ? SELECTED_CLASS : match ? MATCH_CLASS : IDLE_CLASS}`}
    >
      <span role="cell" className="flex min-w-0 items-center gap-1.5 pr-2" style={{ paddingLeft: 4 + Math.min(row.depth, 24) * 14 }}>
        {row.children > 0 ? (
          <button type="button" tabIndex={-1} aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${name} (${row.children} children)`} onClick={toggle} className={CHEVRON_CLASS}>
            {collapsed ? <ChevronRight aria-hidden className="h-3.5 w-3.5" /> : <ChevronDown aria-hidden className="h-3.5 w-3.5" />}
          </button>
        ) : (
          <span aria-hidden className="w-4 shrink-0" />
        )}
        <TypeBadge type={span.type} />
        <span className={error ? 'truncate text-red-700 dark:text-red-400' : 'truncate'} title={span.name}>
          {name}
        </span>
        {span.agent && span.type !== 'agent' && <span className="truncate text-xs text-zinc-400">{span.agent}</span>}
        {span.type === 'agent' && span.agent && (
          <span className="truncate text-xs font-medium text-indigo-600 dark:text-indigo-400">{span.agent}</span>
        )}
        {mark && <HandoffMarker mark={mark} />}
        {collapsed && <span className="shrink-0 text-[11px] tabular-nums text-zinc-400">+{row.children}</span>}
        {row.orphan && <span className="text-[11px] text-amber-600" title="Its parent span has not arrived">orphan</span>}
      </span>
      <span role="cell" className="relative h-full border-l border-zinc-100 dark:border-zinc-800">
        <span
          className={`absolute top-1/2 h-3 -translate-y-1/2 rounded-sm ${error ? 'bg-red-500' : TYPE_BAR[span.type]} ${critical === false ? 'opacity-25' : ''} ${critical ? 'ring-2 ring-indigo-600 dark:ring-indigo-300' : ''}`}
          style={{ left: `${row.offset * 100}%`, width: `${Math.min(row.width, 1 - row.offset) * 100}%`, minWidth: 2 }}
        />
        {critical && <span className="sr-only">on the critical path</span>}
      </span>
      <span role="cell" className="pr-3 text-right text-xs tabular-nums text-zinc-500">
        {formatDuration(span.durationNs)}
      </span>
    </div>
  );
});
