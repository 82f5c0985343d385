'use client';

import { useSearchParams } from 'next/navigation';
import { ErrorState } from '@/components/ui/StatusMessage';
import { SharedPanel } from '@/components/share/SharedPanel';
import { useTimeRange } from '@/hooks/useTimeRange';
import { embedParams } from '@/lib/charts/embed-params';
import { METRIC_INFO } from '@/lib/charts/prepare';
import { withRange } from '@/lib/links';
import { rangeLabel } from '@/lib/time-range';
import { MetricFigure } from './MetricFigure';

/**
 * `/embed/metrics?metric=…` (`&from&to&groupBy&step`): one metric as one
 * chart for a wiki or dashboard, no navigation; "Open in Baton" opens the
 * list behind it in a new tab. With `?token=` (a panel's share link) it shows
 * the link's panel, frozen or live, to readers who are not signed in.
 */
export function MetricEmbed() {
  const params = useSearchParams();
  if (params.get('token')) return <SharedPanel height="fill" />;
  return <MetricFromParams />;
}

function MetricFromParams() {
  const params = useSearchParams();
  const { range, resolved } = useTimeRange();
  const p = embedParams((k) => params.get(k), resolved.fromMs, resolved.toMs);
  if (!p.ok) return <ErrorState title={p.title} error={new Error(p.message)} />;
  return (
    <MetricFigure
      metric={p.metric}
      groupBy={p.groupBy}
      step={p.step}
      fromMs={resolved.fromMs}
      toMs={resolved.toMs}
      rangeText={rangeLabel(range, resolved.toMs)}
      openHref={withRange(METRIC_INFO[p.metric].list, range)}
      height="fill"
    />
  );
}
