'use client';

import Link from 'next/link';
import { MetricChart } from '@/components/charts/MetricChart';
import { ShareButton } from '@/components/share/ShareButton';
import { Panel } from '@/components/ui/Panel';
import { SEVERITY_COLOR } from '@/components/ui/SeverityBadge';
import { formatCount } from '@/lib/charts/prepare';
import { withRange, type RangeParams } from '@/lib/links';
import type { Stats } from '@/lib/schemas/stats';

const LEVELS = ['critical', 'warning', 'info'] as const;
const LABEL = { critical: 'Critical', warning: 'Warning', info: 'Info' } as const;

/** Drift rate over time; the severities below it open the handoffs of each, a bucket opens its handoffs. */
export function DriftPanel({ range, fromMs, toMs, step, stats, onBucket }: { range: RangeParams; fromMs: number; toMs: number; step: number; stats: Stats; onBucket: (t: number) => void }) {
  return (
    <Panel title="Drift rate" href={withRange('/handoffs', range)} prefetch={false} actions={<ShareButton resource="panel" panel={{ metric: 'drift_rate', step, range }} />}>
      <MetricChart metric="drift_rate" fromMs={fromMs} toMs={toMs} step={step} color={SEVERITY_COLOR.warning} onBucket={onBucket} />
      <nav aria-label="Drifted handoffs by severity" className="mt-2 flex flex-wrap items-center gap-2 text-xs">
        {LEVELS.map((severity) => (
          <Link
            key={severity}
            href={withRange('/handoffs', range, { severity })}
            prefetch={false}
            className="inline-flex items-center gap-1.5 rounded-md border border-zinc-200 px-2 py-1 hover:border-indigo-300 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:border-indigo-700 dark:hover:bg-zinc-800"
          >
            <span aria-hidden className="inline-block h-2 w-2 rounded-full" style={{ background: SEVERITY_COLOR[severity] }} />
            <span>{LABEL[severity]}</span>
            <span className="font-medium tabular-nums">{formatCount(stats.handoffs.severity[severity])}</span>
          </Link>
        ))}
        <span className="text-zinc-500">of {formatCount(stats.handoffs.complete)} complete handoffs</span>
      </nav>
    </Panel>
  );
}
