'use client';

import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MouseHandlerDataParam } from 'recharts';
import { formatValue, seriesColors, timeTick, type ChartRow, type MetricInfo } from '@/lib/charts/prepare';
import { ChartTooltip } from './ChartTooltip';

export interface PlotProps {
  rows: ChartRow[];
  keys: string[];
  kind: 'bar' | 'line';
  unit: MetricInfo['unit'];
  step: number;
  rangeMs: number;
  height: number;
  /** A colour for the single series (default: by key). */
  color?: string;
  /** Clicking a bucket: its start (epoch ms). */
  onBucket?: (t: number) => void;
}

const TICK = { fill: '#71717a', fontSize: 11 };

/** Recharts rendering of prepared rows: stacked bars for counts, lines with gaps for ratios. */
export function TimeSeriesPlot({ rows, keys, kind, unit, step, rangeMs, height, color, onBucket }: PlotProps) {
  const colors = seriesColors(keys);
  const colour = (key: string) => (keys.length === 1 && color ? color : (colors.get(key) ?? '#6366f1'));
  const click = (state: MouseHandlerDataParam) => {
    const t = Number(state.activeLabel);
    if (onBucket && Number.isFinite(t)) onBucket(t);
  };
  const clickBar = (row: unknown) => {
    const t = (row as { t?: unknown } | undefined)?.t;
    if (onBucket && typeof t === 'number') onBucket(t);
  };
  const common = {
    data: rows,
    responsive: true,
    style: { width: '100%', height, cursor: onBucket ? 'pointer' : undefined },
    margin: { top: 4, right: 8, bottom: 0, left: 0 },
  };
  const axes = (
    <>
      <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
      <XAxis dataKey="t" tick={TICK} tickLine={false} axisLine={false} minTickGap={28} tickFormatter={(t: number) => timeTick(t, rangeMs)} />
      <YAxis
        tick={TICK}
        tickLine={false}
        axisLine={false}
        width={44}
        allowDecimals={unit !== 'count'}
        domain={unit === 'share' ? [0, 1] : unit === 'score' ? [0, 100] : [0, 'auto']}
        tickFormatter={(v: number) => formatValue(v, unit)}
      />
      <Tooltip cursor={{ fill: 'currentColor', fillOpacity: 0.08, stroke: 'currentColor', strokeOpacity: 0.3 }} content={<ChartTooltip step={step} unit={unit} />} isAnimationActive={false} />
    </>
  );
  if (kind === 'bar') {
    return (
      <BarChart {...common} barCategoryGap={1}>
        {axes}
        {keys.map((k) => (
          <Bar key={k} dataKey={k} name={k} stackId="s" fill={colour(k)} isAnimationActive={false} onClick={onBucket ? (bar) => clickBar(bar.payload) : undefined} />
        ))}
      </BarChart>
    );
  }
  const sparse = rows.filter((r) => keys.some((k) => r[k] !== null)).length < 30;
  return (
    // A line has no shape to click: the chart reports the bucket under the pointer (the tooltip's).
    <LineChart {...common} onClick={onBucket ? click : undefined}>
      {axes}
      {keys.map((k) => (
        <Line key={k} dataKey={k} name={k} type="monotone" stroke={colour(k)} strokeWidth={2} dot={sparse ? { r: 2.5 } : false} connectNulls={false} isAnimationActive={false} />
      ))}
    </LineChart>
  );
}
