'use client';

import Link from 'next/link';
import { useAgents } from '@/hooks/useAgents';
import { Panel } from '@/components/ui/Panel';
import { ErrorState, Loading } from '@/components/ui/StatusMessage';
import { formatCount, formatPercent, MIN_PAIR_VOLUME, worstPairs } from '@/lib/charts/prepare';
import { withRange, type RangeParams } from '@/lib/links';

/** Agent pairs whose handoffs drift most (with a minimum volume); a pair opens its handoffs. */
export function WorstPairs({ range, fromMs, toMs }: { range: RangeParams; fromMs: number; toMs: number }) {
  const query = useAgents({ from: fromMs, to: toMs });
  const pairs = query.data ? worstPairs(query.data.pairs) : [];
  return (
    <Panel title="Worst agent pairs" href={withRange('/agents', range)} prefetch={false} actions={<span className="text-xs text-zinc-500">by drift rate, ≥ {MIN_PAIR_VOLUME} complete handoffs</span>}>
      {query.isPending && <Loading label="Loading agent pairs…" />}
      {query.isError && <ErrorState title="Could not load agent pairs" error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && pairs.length === 0 && <p className="py-8 text-center text-sm text-zinc-500">No agent pair has {MIN_PAIR_VOLUME} complete handoffs in this time range.</p>}
      {pairs.length > 0 && (
        <ol className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {pairs.map((p) => (
            <li key={`${p.fromAgent}\u0000${p.toAgent}`} className="py-1.5">
              <Link
                href={withRange('/handoffs', range, { fromAgent: p.fromAgent, toAgent: p.toAgent })}
                prefetch={false}
                className="group flex items-center gap-3 rounded px-1 py-0.5 text-sm outline-none hover:bg-zinc-50 focus-visible:ring-2 focus-visible:ring-indigo-500/40 dark:hover:bg-zinc-800/60"
              >
                <span className="min-w-0 flex-1 truncate">
                  <span className="font-medium">{p.fromAgent || '(unknown)'}</span>
                  <span className="px-1 text-zinc-400">→</span>
                  <span className="font-medium">{p.toAgent || '(unknown)'}</span>
                </span>
                <span className="hidden w-28 sm:block" aria-hidden>
                  <span className="block h-1.5 rounded-full bg-zinc-100 dark:bg-zinc-800">
                    <span className="block h-1.5 rounded-full bg-red-500" style={{ width: `${Math.round((p.driftRate ?? 0) * 100)}%` }} />
                  </span>
                </span>
                <span className="w-12 text-right font-medium tabular-nums">{formatPercent(p.driftRate)}</span>
                <span className="w-36 whitespace-nowrap text-right text-xs text-zinc-500 tabular-nums">
                  {formatCount(p.drifted)}/{formatCount(p.complete)} drifted
                  {p.critical > 0 && <span className="ml-1 text-red-600 dark:text-red-400">· {p.critical} crit.</span>}
                </span>
              </Link>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
