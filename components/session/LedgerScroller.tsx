'use client';

import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { cn } from '@/lib/cn';

interface Edges {
  /** Columns (`[data-ledger-col]` header cells) wholly or partly left of the visible area, and right of it. */
  before: number;
  after: number;
}

const NONE: Edges = { before: 0, after: 0 };

/** How many marked header cells lie outside the visible width of the scroller (the sticky first column excepted). */
function measure(box: HTMLElement): Edges {
  const sticky = box.querySelector<HTMLElement>('[data-ledger-sticky]')?.offsetWidth ?? 0;
  const left = box.scrollLeft + sticky;
  const right = box.scrollLeft + box.clientWidth;
  let before = 0;
  let after = 0;
  for (const th of box.querySelectorAll<HTMLElement>('[data-ledger-col]')) {
    if (th.offsetLeft + 1 < left) before++;
    else if (th.offsetLeft + th.offsetWidth > right + 1) after++;
  }
  return { before, after };
}

const edgeButton =
  'inline-flex h-6 items-center gap-0.5 rounded-full border border-zinc-200 bg-white/95 px-2 text-xs font-medium text-zinc-700 shadow-sm hover:bg-zinc-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500/50 dark:border-zinc-700 dark:bg-zinc-900/95 dark:text-zinc-200 dark:hover:bg-zinc-800';

/**
 * A scroll box that says it scrolls: a shade on its right edge while more lies
 * beyond it, and under it "N more" buttons naming how many columns lie past
 * either edge (`what`, e.g. "snapshots"), which scroll by most of a screen.
 */
export function LedgerScroller({ what, children, label }: { what: string; label: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState<Edges>(NONE);
  const update = useCallback(() => {
    if (box.current) setEdges(measure(box.current));
  }, []);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, [update]);
  const scroll = (sign: 1 | -1) => box.current?.scrollBy({ left: sign * Math.max(120, box.current.clientWidth * 0.8), behavior: 'smooth' });

  return (
    <div>
      <div className="relative">
        <div ref={box} onScroll={update} role="region" aria-label={label} tabIndex={0} className="relative max-h-[32rem] overflow-auto rounded border border-zinc-100 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500/40 dark:border-zinc-800">
          {children}
        </div>
        <div aria-hidden className={cn('pointer-events-none absolute inset-y-0 right-0 w-10 rounded-r bg-gradient-to-l from-zinc-900/15 to-transparent transition-opacity dark:from-black/60', edges.after === 0 && 'opacity-0')} />
      </div>
      {(edges.before > 0 || edges.after > 0) && (
        <div className="mt-1.5 flex justify-end gap-1">
          {edges.before > 0 && (
            <button type="button" onClick={() => scroll(-1)} className={edgeButton} aria-label={`Scroll back: ${edges.before} ${what} before`}>
              <ChevronLeft aria-hidden className="h-3.5 w-3.5" />
              {edges.before}
            </button>
          )}
          {edges.after > 0 && (
            <button type="button" onClick={() => scroll(1)} className={edgeButton}>
              {edges.after} more {what}
              <ChevronRight aria-hidden className="h-3.5 w-3.5" />
            </button>
          )}
        </div>
      )}
    </div>
  );
}
