import Link from 'next/link';
import { Panel } from '@/components/ui/Panel';
import { SeverityBadge } from '@/components/ui/SeverityBadge';
import { agentName, impactLine, impactVerb } from '@/lib/impact';
import { withRange, type RangeParams } from '@/lib/links';
import type { Stats } from '@/lib/schemas/stats';

/**
 * The range's problems by impact: drift grouped by agent pair and key, critical
 * first, then by how many handoffs it hit; each opens that pair's handoffs of
 * that severity.
 */
export function DriftImpact({ stats, range }: { stats: Stats; range: RangeParams }) {
  return (
    <Panel title="Drift by impact" href={withRange('/handoffs', range)} prefetch={false} actions={<span className="text-xs text-zinc-500">by severity, then handoffs hit</span>}>
      {stats.impact.length === 0 ? (
        <p className="py-8 text-center text-sm text-zinc-500">No complete handoff drifted in this time range.</p>
      ) : (
        <ol className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {stats.impact.map((i) => (
            <li key={`${i.fromAgent}\u0000${i.toAgent}\u0000${i.kind}\u0000${i.key}`} className="py-1.5">
              <Link
                href={withRange('/handoffs', range, { fromAgent: i.fromAgent, toAgent: i.toAgent, severity: i.severity })}
                prefetch={false}
                aria-label={impactLine(i)}
                className="flex items-center gap-2 rounded px-1 py-0.5 text-sm outline-none hover:bg-zinc-50 focus-visible:ring-2 focus-visible:ring-indigo-500/40 dark:hover:bg-zinc-800/60"
              >
                <span className="min-w-0 flex-1 truncate" title={impactLine(i)}>
                  <span className="font-medium">{agentName(i.fromAgent)}</span>
                  <span className="px-1 text-zinc-400">→</span>
                  <span className="font-medium">{agentName(i.toAgent)}</span> <span className="text-zinc-600 dark:text-zinc-400">{impactVerb(i.kind)}</span>{' '}
                  <code className="rounded bg-zinc-100 px-1 font-mono text-xs dark:bg-zinc-800">{i.key}</code>
                </span>
                <span className="w-10 shrink-0 text-right font-medium tabular-nums">×{i.handoffs}</span>
                <span className="w-16 shrink-0 text-right">
                  <SeverityBadge severity={i.severity} />
                </span>
              </Link>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
