'use client';

import { useEffect, useState } from 'react';
import { MetricChart } from '@/components/charts/MetricChart';
import { METRIC_INFO } from '@/lib/charts/prepare';
import type { GroupBy, Metric } from '@/lib/schemas/metrics';
import { OpenInBaton } from './OpenInBaton';

export interface MetricFigureProps {
  metric: Metric;
  groupBy?: GroupBy;
  step: number;
  fromMs: number;
  toMs: number;
  /** What the range is, in words ("Last 24 hours · live", or the two ends). */
  rangeText: string;
  /** The list behind the chart, opened in a new tab. */
  openHref: string;
  /** Pixels, or `fill`: the rest of the window's height (an embed fills its frame). */
  height?: number | 'fill';
}

/** The chart's height when it fills the window: what is left under the title and the legend, at least 160 px. */
function useFillHeight(enabled: boolean): number {
  const [height, setHeight] = useState(220);
  useEffect(() => {
    if (!enabled) return;
    const measure = () => setHeight(Math.max(160, window.innerHeight - 120));
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [enabled]);
  return height;
}

/** One metric as one titled chart: the metrics embed (filling its frame) and a shared panel. */
export function MetricFigure({ metric, groupBy, step, fromMs, toMs, rangeText, openHref, height = 220 }: MetricFigureProps) {
  const info = METRIC_INFO[metric];
  const filled = useFillHeight(height === 'fill');
  return (
    <section aria-label={`${info.label} over time`} className="space-y-2">
      <header className="flex items-baseline justify-between gap-3">
        <div className="min-w-0">
          <h1 className="truncate text-sm font-medium">
            {info.label}
            {groupBy && <span className="text-zinc-500"> by {groupBy === 'agent' ? 'agent' : 'agent pair'}</span>}
          </h1>
          <p className="text-xs text-zinc-500">
            {info.description} · {rangeText}
          </p>
        </div>
        <div className="shrink-0">
          <OpenInBaton href={openHref} />
        </div>
      </header>
      <MetricChart metric={metric} groupBy={groupBy} fromMs={fromMs} toMs={toMs} step={step} height={height === 'fill' ? filled : height} />
    </section>
  );
}
