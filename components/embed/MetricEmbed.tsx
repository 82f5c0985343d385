'use client';

import { ExternalLink } from 'lucide-react';
import { useSearchParams } from 'next/navigation';
import { MetricChart } from '@/components/charts/MetricChart';
import { ErrorState } from '@/components/ui/StatusMessage';
import { useTimeRange } from '@/hooks/useTimeRange';
import { embedParams } from '@/lib/charts/embed-params';
import { METRIC_INFO } from '@/lib/charts/prepare';
import { withRange } from '@/lib/links';
import { rangeLabel } from '@/lib/time-range';

/**
 * `/embed/metrics?metric=…` (`&from&to&groupBy&step`): one metric as one
 * chart for a wiki or dashboard, no navigation; "Open in Baton" opens the
 * list behind it in a new tab.
 */
export function MetricEmbed() {
  const params = useSearchParams();
  const { range, resolved } = useTimeRange();
  const p = embedParams((k) => params.get(k), resolved.fromMs, resolved.toMs);
  if (!p.ok) return <ErrorState title={p.title} error={new Error(p.message)} />;
  const info = METRIC_INFO[p.metric];
  return (
    <section aria-label={`${info.label} over time`} className="space-y-2">
      <header className="flex items-baseline justify-between gap-3">
        <div className="min-w-0">
          <h1 className="truncate text-sm font-medium">
            {info.label}
            {p.groupBy && <span className="text-zinc-500"> by {p.groupBy === 'agent' ? 'agent' : 'agent pair'}</span>}
          </h1>
          <p className="text-xs text-zinc-500">
            {info.description} · {rangeLabel(range, resolved.toMs)}
          </p>
        </div>
        <a
          href={withRange(info.list, range)}
          target="_blank"
          rel="noopener"
          className="inline-flex shrink-0 items-center gap-1 text-xs font-medium text-indigo-600 hover:underline dark:text-indigo-400"
        >
          Open in Baton
          <ExternalLink aria-hidden className="h-3 w-3" />
        </a>
      </header>
      <MetricChart metric={p.metric} groupBy={p.groupBy} fromMs={resolved.fromMs} toMs={resolved.toMs} step={p.step} height={220} />
    </section>
  );
}
