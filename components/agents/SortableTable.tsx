'use client';

import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';
import { sortRows, type SortDir, type SortValue } from '@/lib/sort';

export interface Column<T> {
  id: string;
  label: string;
  /** What the header's tooltip explains. */
  title?: string;
  value: (row: T) => SortValue;
  render: (row: T) => ReactNode;
  numeric?: boolean;
}

const th = 'px-3 py-2 text-xs font-medium uppercase tracking-wide text-zinc-500';
const td = 'px-3 py-2 align-top';

/**
 * A table sorted by any column: each header is a button (keyboard-usable),
 * the sorted one carries aria-sort. The sort itself lives in the URL (the caller's).
 */
export function SortableTable<T>({ label, columns, rows, rowKey, sort, onSort }: { label: string; columns: Column<T>[]; rows: readonly T[]; rowKey: (row: T) => string; sort: { column: string; dir: SortDir }; onSort: (column: string, dir: SortDir) => void }) {
  const active = columns.find((c) => c.id === sort.column) ?? columns[0]!;
  const sorted = sortRows(rows, active.value, sort.dir);
  return (
    <div className="overflow-x-auto">
      <table aria-label={label} className="w-full text-sm">
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            {columns.map((c) => {
              const isActive = c.id === active.id;
              const Icon = !isActive ? ArrowUpDown : sort.dir === 'asc' ? ArrowUp : ArrowDown;
              return (
                <th key={c.id} aria-sort={isActive ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined} className={cn(th, c.numeric ? 'text-right' : 'text-left')} title={c.title}>
                  <button
                    type="button"
                    onClick={() => onSort(c.id, isActive && sort.dir === 'desc' ? 'asc' : isActive ? 'desc' : c.numeric ? 'desc' : 'asc')}
                    className={cn('inline-flex items-center gap-1 rounded uppercase outline-none hover:text-zinc-800 focus-visible:ring-2 focus-visible:ring-indigo-500/40 dark:hover:text-zinc-200', isActive && 'text-zinc-800 dark:text-zinc-200')}
                  >
                    {c.label}
                    <Icon aria-hidden className={cn('h-3 w-3', !isActive && 'opacity-40')} />
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {sorted.map((row) => (
            <tr key={rowKey(row)} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
              {columns.map((c) => (
                <td key={c.id} className={cn(td, c.numeric && 'text-right tabular-nums')}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
