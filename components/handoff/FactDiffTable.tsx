import { cn } from '@/lib/cn';
import { factText, type DiffRow, type DiffStatus } from '@/lib/handoff-diff';

const STATUS: Record<DiffStatus, { label: string; row: string; badge: string }> = {
  dropped: { label: 'dropped', row: 'bg-red-50 dark:bg-red-950/30', badge: 'bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-200' },
  changed: { label: 'changed', row: 'bg-amber-50 dark:bg-amber-950/30', badge: 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-200' },
  added: { label: 'ungrounded', row: 'bg-sky-50 dark:bg-sky-950/30', badge: 'bg-sky-100 text-sky-800 dark:bg-sky-900/60 dark:text-sky-200' },
  withheld: { label: 'withheld', row: '', badge: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300' },
  carried: { label: 'from earlier', row: '', badge: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300' },
  unchanged: { label: 'unchanged', row: '', badge: 'text-zinc-400' },
};

const STATUS_TITLE: Record<DiffStatus, string> = {
  dropped: 'The sender held this fact; the receiver does not.',
  changed: 'Both hold it, with different values.',
  added: 'Only the receiver holds it, and nothing earlier in the session did: ungrounded.',
  withheld: 'The contract forbids this key to cross: leaving it behind is no loss.',
  carried: 'Only the receiver holds it, but something earlier in the session did.',
  unchanged: 'Arrived as sent.',
};

function Value({ present, value, keysOnly }: { present: boolean; value: unknown; keysOnly: boolean }) {
  if (!present) return <span className="text-zinc-400">—</span>;
  if (keysOnly) return <span className="italic text-zinc-500">digest</span>;
  return <span className="whitespace-pre-wrap break-words">{factText(value)}</span>;
}

/**
 * Sender and receiver facts side by side, one row per key: dropped red,
 * changed amber (from → to), ungrounded blue, the rest plain. In digest mode
 * only keys are shown; values never reach Baton.
 */
export function FactDiffTable({ rows, keysOnly }: { rows: DiffRow[]; keysOnly: boolean }) {
  if (rows.length === 0) return <p className="py-2 text-sm text-zinc-500">Neither side recorded any fact.</p>;
  return (
    <table aria-label="Facts at the handoff" className="w-full table-fixed border-collapse text-sm">
      <thead>
        <tr className="border-b border-zinc-200 text-left text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
          <th scope="col" className="w-[28%] px-2 py-1.5 font-medium">Fact</th>
          <th scope="col" className="w-[30%] px-2 py-1.5 font-medium">Sender</th>
          <th scope="col" className="w-[30%] px-2 py-1.5 font-medium">Receiver</th>
          <th scope="col" className="w-[12%] px-2 py-1.5 font-medium">
            <span className="sr-only">What happened</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const s = STATUS[r.status];
          return (
            <tr key={r.key} data-status={r.status} className={cn('border-b border-zinc-100 align-top dark:border-zinc-800/70', s.row)}>
              <th scope="row" className="px-2 py-1.5 text-left font-mono text-xs font-normal">
                <span className="break-all">{r.key}</span>
                {r.contract.map((c) => (
                  <span
                    key={c}
                    className={cn('ml-1 rounded px-1 text-[10px] font-sans', r.violation ? 'bg-red-600 text-white' : 'bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200')}
                    title={r.violation ? `Contract broken: ${c}` : `Contract: ${c}`}
                  >
                    {c}
                  </span>
                ))}
              </th>
              <td className="px-2 py-1.5 font-mono text-xs">
                <Value present={r.inSender} value={r.from} keysOnly={keysOnly} />
              </td>
              <td className="px-2 py-1.5 font-mono text-xs">
                {r.status === 'changed' && !keysOnly && <span aria-hidden className="mr-1 text-amber-600">→</span>}
                <Value present={r.inReceiver} value={r.to} keysOnly={keysOnly} />
              </td>
              <td className="px-2 py-1.5 text-right">
                <span className={cn('rounded px-1.5 py-px text-[11px] font-medium', s.badge)} title={STATUS_TITLE[r.status]}>
                  {s.label}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
