'use client';

import type { ReactNode } from 'react';
import type { HeldList } from '@/hooks/useHeldList';

/**
 * The part of a live list that holds still for its reader (`useHeldList`):
 * the table, and astride its top border, without moving a row, "N new — show"
 * while rows wait behind the hold (`what`: the singular noun, "handoff").
 */
export function HoldRegion<T>({ held, what, children }: { held: HeldList<T>; what: string; children: ReactNode }) {
  return (
    <div className="relative" {...held.holdProps} data-held={held.mode === 'paused' || undefined}>
      <div aria-live="polite" className="pointer-events-none absolute inset-x-0 -top-3 z-20 flex justify-center">
        {held.waiting > 0 && (
          <button
            type="button"
            onClick={held.showNew}
            className="pointer-events-auto rounded-full bg-indigo-600 px-3 py-1 text-xs font-medium text-white shadow-md hover:bg-indigo-500 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-300 dark:bg-indigo-500 dark:hover:bg-indigo-400"
          >
            {`${held.waiting} new ${what}${held.waiting === 1 ? '' : 's'} — show`}
          </button>
        )}
      </div>
      {children}
    </div>
  );
}
