'use client';

import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { cn } from '@/lib/cn';
import { DEFAULT_ORDER, type HandoffSort, type SortOrder } from '@/lib/schemas/handoff-order';
import type { Handoff } from '@/lib/schemas/handoffs';
import { HandoffRow } from './HandoffRow';

const th = 'px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500';

export interface HandoffOrder {
  sort: HandoffSort;
  order: SortOrder;
}

/** A header the list sorts by (on the server, across every page): a button, and aria-sort on the sorted one. */
function SortHeader({ id, label, title, value, onSort, right }: { id: HandoffSort; label: string; title: string; value: HandoffOrder; onSort: (next: HandoffOrder) => void; right?: boolean }) {
  const active = value.sort === id;
  const Icon = !active ? ArrowUpDown : value.order === 'asc' ? ArrowUp : ArrowDown;
  const next: HandoffOrder = active ? { sort: id, order: value.order === 'asc' ? 'desc' : 'asc' } : { sort: id, order: DEFAULT_ORDER[id] };
  return (
    <th scope="col" aria-sort={active ? (value.order === 'asc' ? 'ascending' : 'descending') : 'none'} className={cn(th, right && 'text-right')} title={title}>
      <button
        type="button"
        onClick={() => onSort(next)}
        className={cn('inline-flex items-center gap-1 rounded uppercase outline-none hover:text-zinc-800 focus-visible:ring-2 focus-visible:ring-indigo-500/40 dark:hover:text-zinc-200', active && 'text-zinc-800 dark:text-zinc-200')}
      >
        {label}
        <Icon aria-hidden className={cn('h-3 w-3', !active && 'opacity-40')} />
      </button>
    </th>
  );
}

/** Handoffs in the order asked (newest first by default), each row saying what broke. */
export function HandoffTable({ handoffs, now, order, onSort }: { handoffs: Handoff[]; now: number; order: HandoffOrder; onSort: (next: HandoffOrder) => void }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table aria-label="Handoffs" className="w-full text-sm">
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <SortHeader id="time" label="Time" title="Newest first; again for oldest first" value={order} onSort={onSort} />
            <th scope="col" className={th}>
              From → to
            </th>
            <SortHeader id="severity" label="Severity" title="Most severe first (pending last); again for least severe first" value={order} onSort={onSort} />
            <SortHeader id="fidelity" label="Fidelity" title="Least faithful first (pending and text comparisons last); again for most faithful first" value={order} onSort={onSort} right />
            <th scope="col" className={th} title="Contract entries broken, then facts dropped, changed and added, by key">
              What broke
            </th>
            <th scope="col" className={th}>
              Session
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {handoffs.map((h) => (
            <HandoffRow key={h.id} h={h} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
