'use client';

import Link from 'next/link';
import { Panel } from '@/components/ui/Panel';
import { RevokeButton } from '@/components/ui/RevokeButton';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { useRevokeShareLink, useShareLinks } from '@/hooks/useShareLinks';
import { formatTime } from '@/lib/format';
import { cn } from '@/lib/cn';
import { describeLink } from '@/lib/share/describe';
import { TableHead } from '@/components/ui/TableHead';

const STATE_STYLE = { active: 'text-emerald-700 dark:text-emerald-400', expired: 'text-zinc-500', revoked: 'text-zinc-500' } as const;

/** Every share link of the caller's projects: what it shows, who made it, how it is redacted, its views and its state; revoke. */
export function ShareLinkList() {
  const links = useShareLinks();
  const revoke = useRevokeShareLink();
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">Share links</h1>
      {links.isPending && <Loading label="Loading share links…" />}
      {links.isError && <ErrorState title="Could not load the share links" error={links.error} onRetry={() => void links.refetch()} />}
      {revoke.isError && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{revoke.error.message}</p>}
      {links.data && links.data.links.length === 0 && <Empty title="No share links yet">Make one with “Share” on a trace, a session, a handoff or a chart of the overview.</Empty>}
      {links.data && links.data.links.length > 0 && (
        <Panel title="Links" actions={<span className="text-xs text-zinc-500">{links.data.links.length} links</span>}>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <TableHead columns={['Shows', 'Project', 'Made by', 'Made', 'Hides', 'Expires', 'Views', 'Last viewed', 'State', '']} />
              <tbody>
                {links.data.links.map((l) => (
                  <tr key={l.id} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="px-2 py-1.5">
                      <Link href={describeLink(l.resource, l.target).href} prefetch={false} className="text-xs text-indigo-600 hover:underline dark:text-indigo-400">
                        {describeLink(l.resource, l.target).label}
                      </Link>
                    </td>
                    <td className="px-2 py-1.5">{l.project}</td>
                    <td className="max-w-48 truncate px-2 py-1.5">{l.createdBy}</td>
                    <td className="whitespace-nowrap px-2 py-1.5 tabular-nums">{formatTime(l.createdAt)}</td>
                    <td className="px-2 py-1.5">{l.redact === 'none' ? 'nothing' : l.redact}</td>
                    <td className="whitespace-nowrap px-2 py-1.5 tabular-nums">{l.expiresAt ? formatTime(l.expiresAt) : 'never'}</td>
                    <td className="px-2 py-1.5 tabular-nums">{l.views}</td>
                    <td className="whitespace-nowrap px-2 py-1.5 tabular-nums">{l.lastViewedAt ? formatTime(l.lastViewedAt) : 'never'}</td>
                    <td className={cn('px-2 py-1.5', STATE_STYLE[l.state])}>{l.state}</td>
                    <td className="px-2 py-1.5 text-right">
                      {l.state === 'active' && (
                        <RevokeButton label="Revoke" busy={revoke.isPending && revoke.variables === l.id} onClick={() => revoke.mutate(l.id)} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      )}
    </div>
  );
}
