'use client';

import { useMetric } from '@/hooks/useMetric';
import { denseRows, isCountMetric, METRIC_INFO, seriesRows, seriesTotal } from '@/lib/charts/prepare';
import type { GroupBy, Metric } from '@/lib/schemas/metrics';
import { ErrorState, Loading } from '@/components/ui/StatusMessage';
import { bucketWords, zoneLabel } from '@/lib/charts/ticks';
import { SeriesLegend } from './SeriesLegend';
import { TimeSeriesPlot } from './TimeSeriesPlot';

export interface MetricChartProps {
  metric: Metric;
  fromMs: number;
  toMs: number;
  /** Bucket width in seconds (the caller picks it, so it knows each bucket's range). */
  step: number;
  groupBy?: GroupBy;
  height?: number;
  color?: string;
  /** Clicking a bucket: its start (epoch ms). */
  onBucket?: (t: number) => void;
}

/** One metric over a range as a chart, with its loading, empty and error states (overview panels, the metrics embed). */
export function MetricChart({ metric, fromMs, toMs, step, groupBy, height = 170, color, onBucket }: MetricChartProps) {
  const query = useMetric({ metric, from: fromMs, to: toMs, step: String(step), groupBy });
  const info = METRIC_INFO[metric];
  if (query.isPending) {
    return (
      <div style={{ height }} className="flex items-center justify-center">
        <Loading label={`Loading ${info.label.toLowerCase()}…`} className="py-0" />
      </div>
    );
  }
  if (query.isError) return <ErrorState title={`Could not load ${info.label.toLowerCase()}`} error={query.error} onRetry={() => void query.refetch()} />;
  const { rows, keys } = seriesRows(query.data);
  const hasData = isCountMetric(metric) ? seriesTotal(query.data) > 0 : rows.length > 0;
  if (!hasData) {
    return (
      <div style={{ height }} className="flex items-center justify-center rounded-md border border-dashed border-zinc-200 text-sm text-zinc-500 dark:border-zinc-800">
        No {info.label.toLowerCase()} in this time range
      </div>
    );
  }
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <figure aria-label={`${info.label} over time`} className="text-zinc-500 dark:text-zinc-400">
      <TimeSeriesPlot
        rows={denseRows(rows, keys, fromMs, toMs, step)}
        keys={keys}
        kind={isCountMetric(metric) ? 'bar' : 'line'}
        info={info}
        step={step}
        rangeMs={toMs - fromMs}
        height={height}
        timeZone={timeZone}
        color={color}
        onBucket={onBucket}
      />
      <SeriesLegend keys={keys} />
      <figcaption data-testid="chart-caption" className="mt-1 text-right text-[11px] text-zinc-600 dark:text-zinc-400">
        {bucketWords(step)} buckets{info.volume && keys.length === 1 ? ` · grey bars: ${info.volume} per bucket` : ''} · times in {zoneLabel(timeZone, toMs)}
      </figcaption>
    </figure>
  );
}
