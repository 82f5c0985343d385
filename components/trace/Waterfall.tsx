'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { formatDuration } from '@/lib/format';
import type { Waterfall as Model } from '@/lib/trace-tree';
import { ROW_HEIGHT, WaterfallRow } from './WaterfallRow';

interface Props {
  waterfall: Model;
  selectedId: string | undefined;
  onSelect: (spanId: string) => void;
}

/**
 * The span waterfall, virtualized: only the rows in view are in the DOM, so
 * a trace of tens of thousands of spans scrolls as smoothly as a small one.
 * Rows have one fixed height (no measuring). Up/down arrows, Home and End
 * move the selection; a selection made elsewhere (the chain, a link) is
 * scrolled into view.
 */
export function Waterfall({ waterfall, selectedId, onSelect }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = waterfall.rows;
  // Baton does not use the React Compiler; the virtualizer's functions are called during render by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  const indexById = useMemo(() => new Map(rows.map((r, i) => [r.span.spanId, i])), [rows]);
  useEffect(() => {
    const index = selectedId ? indexById.get(selectedId) : undefined;
    if (index !== undefined) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedId, indexById, virtualizer]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, (i: number) => number> = { ArrowDown: (i) => i + 1, ArrowUp: (i) => i - 1, Home: () => 0, End: () => rows.length - 1 };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const index = selectedId ? (indexById.get(selectedId) ?? -1) : -1;
    const next = Math.max(0, Math.min(rows.length - 1, move(index)));
    const target = rows[next];
    if (!target) return;
    onSelect(target.span.spanId);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    // The row may only be rendered after the scroll: focus it on the next frame.
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-span-id="${CSS.escape(target.span.spanId)}"]`)?.focus());
  };

  return (
    <div className="flex h-full min-h-0 flex-col rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="grid grid-cols-[minmax(260px,2fr)_3fr_80px] border-b border-zinc-200 text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
        <span className="px-2 py-1.5">Span</span>
        <span className="flex justify-between border-l border-zinc-100 px-2 py-1.5 dark:border-zinc-800">
          <span>0</span>
          <span>{formatDuration(waterfall.durationNs)}</span>
        </span>
        <span className="py-1.5 pr-3 text-right">Duration</span>
      </div>
      <div ref={scroller} role="table" aria-label="Spans" aria-rowcount={rows.length} onKeyDown={onKeyDown} className="min-h-0 flex-1 overflow-auto">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <WaterfallRow
                key={row.span.spanId}
                row={row}
                top={item.start}
                selected={row.span.spanId === selectedId}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
