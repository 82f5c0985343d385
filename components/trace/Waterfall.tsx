'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { criticalPath } from '@/lib/critical-path';
import type { HandoffMark } from '@/lib/handoff-marks';
import { findMatches, stepTarget } from '@/lib/trace-find';
import { ancestorIds, parentIds, visibleRows, type Waterfall as Model } from '@/lib/trace-tree';
import { TimeAxis, TimeGrid } from './TimeAxis';
import { ROW_HEIGHT, WATERFALL_COLUMNS, WaterfallRow } from './WaterfallRow';
import { WaterfallToolbar } from './WaterfallToolbar';

interface Props {
  waterfall: Model;
  /** Handoff marks by span id. */
  marks: ReadonlyMap<string, HandoffMark>;
  selectedId: string | undefined;
  onSelect: (spanId: string) => void;
}

const EMPTY = new Set<string>();

/**
 * The span waterfall, virtualized: only the rows in view are in the DOM, so
 * a trace of tens of thousands of spans scrolls as smoothly as a small one.
 * Rows have one fixed height (no measuring). Subtrees fold (the chevron,
 * ArrowLeft / ArrowRight); up/down arrows, Home and End move the selection;
 * find, next error and next handoff select a row, unfolding what hides it.
 * A selection made elsewhere (the chain, a link) is scrolled into view.
 */
export function Waterfall({ waterfall, marks, selectedId, onSelect }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const all = waterfall.rows;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(EMPTY);
  const [query, setQuery] = useState('');
  const [showCritical, setShowCritical] = useState(false);
  const [revealTick, setRevealTick] = useState(0);
  const rows = useMemo(() => visibleRows(all, collapsed), [all, collapsed]);
  // Baton does not use the React Compiler; the virtualizer's functions are called during render by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  const order = useMemo(() => new Map(all.map((r, i) => [r.span.spanId, i])), [all]);
  const indexById = useMemo(() => new Map(rows.map((r, i) => [r.span.spanId, i])), [rows]);
  const search = useDeferredValue(query);
  const matches = useMemo(() => findMatches(all, search), [all, search]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const errors = useMemo(() => all.filter((r) => r.span.status.code === 'error').map((r) => r.span.spanId), [all]);
  const handoffs = useMemo(() => all.filter((r) => marks.has(r.span.spanId)).map((r) => r.span.spanId), [all, marks]);
  const critical = useMemo(() => (showCritical ? criticalPath(waterfall) : null), [showCritical, waterfall]);

  // Scroll a newly selected row into view once; unfold its ancestors first when it is hidden.
  const scrolledFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!selectedId || scrolledFor.current === selectedId) return;
    const index = indexById.get(selectedId);
    if (index === undefined) {
      if (!order.has(selectedId)) return;
      const hidden = ancestorIds(all, selectedId).filter((id) => collapsed.has(id));
      if (hidden.length > 0) setCollapsed((prev) => new Set([...prev].filter((id) => !hidden.includes(id))));
      return;
    }
    scrolledFor.current = selectedId;
    virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedId, indexById, order, all, collapsed, virtualizer, revealTick]);

  const focusRow = (spanId: string) =>
    // The row may only be rendered after the scroll: focus it on the next frame.
    requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-span-id="${CSS.escape(spanId)}"]`)?.focus());

  /** Select a row anywhere in the trace: unfold what hides it and scroll to it (again, if it was already selected). */
  const goTo = (spanId: string | undefined) => {
    if (!spanId) return;
    scrolledFor.current = undefined;
    onSelect(spanId);
    setRevealTick((t) => t + 1);
  };
  const step = (what: 'match' | 'error' | 'handoff', direction: 1 | -1) => {
    const targets = what === 'match' ? matches : what === 'error' ? errors : handoffs;
    goTo(stepTarget(targets, order, selectedId, direction));
  };

  const toggle = useCallback((spanId: string) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(spanId)) next.add(spanId);
      return next;
    });
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = selectedId ? (indexById.get(selectedId) ?? -1) : -1;
    const current = rows[index];
    if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && current) {
      event.preventDefault();
      const open = current.children > 0 && !collapsed.has(current.span.spanId);
      if (event.key === 'ArrowLeft' && open) toggle(current.span.spanId);
      else if (event.key === 'ArrowLeft' && current.parentId) {
        onSelect(current.parentId);
        focusRow(current.parentId);
      } else if (event.key === 'ArrowRight' && current.children > 0 && !open) toggle(current.span.spanId);
      else if (event.key === 'ArrowRight' && open && rows[index + 1]) {
        onSelect(rows[index + 1]!.span.spanId);
        focusRow(rows[index + 1]!.span.spanId);
      }
      return;
    }
    const moves: Record<string, (i: number) => number> = { ArrowDown: (i) => i + 1, ArrowUp: (i) => i - 1, Home: () => 0, End: () => rows.length - 1 };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(rows.length - 1, move(index)));
    const target = rows[next];
    if (!target) return;
    onSelect(target.span.spanId);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    focusRow(target.span.spanId);
  };

  return (
    <div className="flex h-[75vh] min-h-96 flex-col rounded-lg border border-zinc-200 bg-white lg:h-full lg:min-h-0 dark:border-zinc-800 dark:bg-zinc-900">
      <WaterfallToolbar
        query={query}
        onQuery={setQuery}
        matches={matches}
        errors={errors}
        handoffs={handoffs}
        selectedId={selectedId}
        onStep={step}
        onCollapseAll={() => setCollapsed(parentIds(all))}
        onExpandAll={() => setCollapsed(EMPTY)}
        critical={showCritical}
        onCritical={setShowCritical}
      />
      <div className={`grid ${WATERFALL_COLUMNS} border-b border-zinc-200 text-xs font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800`}>
        <span className="px-2 py-1.5">Span</span>
        <TimeAxis durationNs={waterfall.durationNs} />
        <span className="py-1.5 pr-3 text-right">Duration</span>
      </div>
      <div ref={scroller} role="table" aria-label="Spans" aria-rowcount={rows.length} onKeyDown={onKeyDown} className="min-h-0 flex-1 overflow-auto">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          <TimeGrid durationNs={waterfall.durationNs} />
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const id = row.span.spanId;
            return (
              <WaterfallRow
                key={id}
                row={row}
                top={item.start}
                selected={id === selectedId}
                match={matchSet.has(id)}
                critical={critical ? critical.has(id) : undefined}
                collapsed={collapsed.has(id)}
                mark={marks.get(id)}
                onSelect={onSelect}
                onToggle={toggle}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
