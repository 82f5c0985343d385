import { RevokeButton } from '@/components/ui/RevokeButton';
import { formatTime } from '@/lib/format';
import type { CredentialView } from '@/lib/schemas/credentials';
import { TableHead } from '@/components/ui/TableHead';

/** A project's tokens or keys: what each is for, who made it, when it was last used, and a revoke button while it works. */
export function CredentialTable({ rows, what, onRevoke, revoking }: { rows: CredentialView[]; what: string; onRevoke: (c: CredentialView) => void; revoking?: string }) {
  if (rows.length === 0) return <p className="py-4 text-center text-sm text-zinc-500">No {what}s yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <TableHead columns={['Name', 'Project', 'Made by', 'Made', 'Last used', 'State', '']} />
        <tbody>
          {rows.map((c) => (
            <tr key={c.id} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="max-w-64 truncate px-2 py-1.5" title={c.id}>
                {c.name}
              </td>
              <td className="px-2 py-1.5">{c.project}</td>
              <td className="max-w-48 truncate px-2 py-1.5 text-zinc-600 dark:text-zinc-400">{c.createdBy}</td>
              <td className="whitespace-nowrap px-2 py-1.5 tabular-nums text-zinc-600 dark:text-zinc-400">{formatTime(c.createdAt)}</td>
              <td className="whitespace-nowrap px-2 py-1.5 tabular-nums text-zinc-600 dark:text-zinc-400">{c.lastUsedAt ? formatTime(c.lastUsedAt) : 'never'}</td>
              <td className={c.state === 'active' ? 'px-2 py-1.5 text-emerald-700 dark:text-emerald-400' : 'px-2 py-1.5 text-zinc-500'}>{c.state}</td>
              <td className="px-2 py-1.5 text-right">
                {c.state === 'active' && (
                  <RevokeButton label={`Revoke ${c.name}`} busy={revoking === c.id} onClick={() => onRevoke(c)} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
