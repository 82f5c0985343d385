import type { AuditEntryView } from '@/lib/schemas/access';
import { formatTime } from '@/lib/format';
import { cn } from '@/lib/cn';
import { TableHead } from '@/components/ui/TableHead';

/** One row per audit entry: when, who, what, on what, the outcome and from where. Text only. */

const OUTCOME_STYLE: Record<AuditEntryView['outcome'], string> = {
  ok: 'text-emerald-700 dark:text-emerald-400',
  failed: 'text-red-700 dark:text-red-400',
  refused: 'text-amber-700 dark:text-amber-400',
};

export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <TableHead columns={['Time', 'Who', 'Action', 'Outcome', 'Target', 'Project', 'From', 'Detail']} />
        <tbody>
          {entries.map((e, i) => (
            <tr key={`${e.time}-${i}`} className="border-t border-zinc-100 align-top dark:border-zinc-800">
              <td className="whitespace-nowrap px-2 py-1.5 tabular-nums text-zinc-600 dark:text-zinc-400" title={e.time}>
                {formatTime(e.time)}
              </td>
              <td className="max-w-56 truncate px-2 py-1.5" title={e.actorId || undefined}>
                {e.actor || <span className="text-zinc-400">unknown</span>}
              </td>
              <td className="whitespace-nowrap px-2 py-1.5 font-mono text-xs">{e.action}</td>
              <td className={cn('px-2 py-1.5 font-medium', OUTCOME_STYLE[e.outcome])}>{e.outcome}</td>
              <td className="max-w-56 truncate px-2 py-1.5">{e.target}</td>
              <td className="px-2 py-1.5">{e.project === '*' ? 'every project' : e.project}</td>
              <td className="max-w-48 truncate px-2 py-1.5 text-zinc-600 dark:text-zinc-400" title={e.userAgent || undefined}>
                {e.ip}
              </td>
              <td className="max-w-96 break-words px-2 py-1.5 text-zinc-600 dark:text-zinc-400">{e.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
