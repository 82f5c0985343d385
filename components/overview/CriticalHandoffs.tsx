'use client';

import Link from 'next/link';
import { useHandoffs } from '@/hooks/useHandoffs';
import { Panel } from '@/components/ui/Panel';
import { ErrorState, Loading } from '@/components/ui/StatusMessage';
import { formatAgo, formatTime } from '@/lib/format';
import { criticalReason } from '@/lib/handoff-summary';
import { handoffHref, withRange, type RangeParams } from '@/lib/links';

/** The latest critical handoffs of the range; each opens its trace with the handoff selected. */
export function CriticalHandoffs({ range, fromMs, toMs }: { range: RangeParams; fromMs: number; toMs: number }) {
  const query = useHandoffs({ from: fromMs, to: toMs, severity: 'critical' }, { limit: 8 });
  const handoffs = query.data?.pages[0]?.handoffs ?? [];
  return (
    <Panel title="Latest critical handoffs" href={withRange('/handoffs', range, { severity: 'critical' })} prefetch={false}>
      {query.isPending && <Loading label="Loading critical handoffs…" />}
      {query.isError && <ErrorState title="Could not load handoffs" error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && handoffs.length === 0 && <p className="py-8 text-center text-sm text-zinc-500">No critical handoffs in this time range.</p>}
      {handoffs.length > 0 && (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {handoffs.map((h) => (
            <li key={h.id} className="py-1.5">
              <Link
                href={handoffHref(h.traceId, h.id)}
                prefetch={false}
                className="block rounded px-1 py-0.5 text-sm outline-none hover:bg-zinc-50 focus-visible:ring-2 focus-visible:ring-indigo-500/40 dark:hover:bg-zinc-800/60"
              >
                <span className="flex items-center gap-2">
                  <span className="min-w-0 flex-1 truncate font-medium">
                    {h.fromAgent || '(unknown)'} <span className="text-zinc-400">→</span> {h.toAgent || '(unknown)'}
                  </span>
                  <span className="shrink-0 text-xs text-zinc-500" title={formatTime(h.time)}>
                    {formatAgo(h.time, query.dataUpdatedAt)}
                  </span>
                </span>
                <span className="block truncate text-xs text-red-700 dark:text-red-400">{criticalReason(h)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
