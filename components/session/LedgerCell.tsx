import { AlertTriangle, RefreshCw } from 'lucide-react';
import { cn } from '@/lib/cn';
import type { LedgerCell as Cell } from '@/lib/sessions/ledger';

const LOOK: Record<Cell['change'], string> = {
  first: 'text-zinc-800 dark:text-zinc-200',
  same: 'text-zinc-400 dark:text-zinc-500',
  changed: 'bg-amber-100 font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-200',
  declared: 'bg-sky-100 text-sky-900 dark:bg-sky-900/40 dark:text-sky-200',
};

function describe(cell: Cell): string {
  if (cell.contradiction === 'cross-session') return `contradicts the previous session, which ended on ${cell.previous}`;
  if (cell.contradiction === 'session') return `contradiction: was ${cell.previous}`;
  if (cell.change === 'changed') return `changed from ${cell.previous}`;
  if (cell.change === 'declared') return cell.previous === null ? 'declared update' : `declared update from ${cell.previous}`;
  if (cell.change === 'same') return 'unchanged';
  return 'first seen';
}

/** One value of the ledger: unchanged values fade, changes stand out, declared updates and contradictions say so. */
export function LedgerCell({ cell }: { cell: Cell | null }) {
  if (!cell) {
    return (
      <td className="px-2 py-1 text-center text-zinc-300 dark:text-zinc-700">
        <span aria-label="not held">·</span>
      </td>
    );
  }
  const note = describe(cell);
  return (
    <td className="px-1 py-0.5" data-change={cell.change} data-contradiction={cell.contradiction ?? undefined}>
      <span
        title={`${cell.text}\n${note}`}
        className={cn(
          'flex max-w-36 items-center gap-1 rounded px-1.5 py-0.5 font-mono text-xs',
          LOOK[cell.change],
          cell.contradiction && 'bg-red-100 font-semibold text-red-800 ring-1 ring-red-400 dark:bg-red-950/60 dark:text-red-200 dark:ring-red-700',
        )}
      >
        {cell.contradiction && <AlertTriangle aria-hidden className="h-3 w-3 shrink-0" />}
        {!cell.contradiction && cell.change === 'declared' && <RefreshCw aria-hidden className="h-3 w-3 shrink-0" />}
        <span className="truncate">{cell.text}</span>
        {(cell.contradiction || cell.change === 'changed' || cell.change === 'declared') && <span className="sr-only">({note})</span>}
      </span>
    </td>
  );
}
