'use client';

import { Bar, BarChart, CartesianGrid, ComposedChart, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MouseHandlerDataParam } from 'recharts';
import { formatValue, seriesColors, timeTick, volumeKey, type ChartRow, type MetricInfo } from '@/lib/charts/prepare';
import { niceTicks, timeTicks } from '@/lib/charts/ticks';
import { ChartTooltip } from './ChartTooltip';

export interface PlotProps {
  rows: ChartRow[];
  keys: string[];
  kind: 'bar' | 'line';
  info: MetricInfo;
  step: number;
  rangeMs: number;
  height: number;
  /** The viewer's time zone: ticks fall on its round times. */
  timeZone: string;
  /** A colour for the single series (default: by key). */
  color?: string;
  /** Clicking a bucket: its start (epoch ms). */
  onBucket?: (t: number) => void;
}

const TICK = { fill: '#71717a', fontSize: 11 };
const AXIS_TITLE = { fill: '#71717a', fontSize: 11 };
const VOLUME_FILL = '#a1a1aa';

/** Y ticks at round values: 0–100 % and 0–100 for ratios and scores, 1/2/2.5/5 × 10^k for counts (stacked). */
function yTicks(rows: readonly ChartRow[], keys: readonly string[], unit: MetricInfo['unit']): number[] {
  if (unit === 'share') return [0, 0.25, 0.5, 0.75, 1];
  if (unit === 'score') return [0, 25, 50, 75, 100];
  const max = Math.max(0, ...rows.map((r) => keys.reduce((sum, k) => sum + (r[k] ?? 0), 0)));
  return niceTicks(max);
}

/**
 * Recharts rendering of prepared rows: stacked bars for counts; for ratios
 * and means, points joined by straight segments (never smoothed) with gaps
 * where a bucket has none, and, for one series, its volume as grey bars on
 * a second axis so that 1 of 2 does not read like 50 of 100. Ticks fall on
 * round values and round times; the axes are titled.
 */
export function TimeSeriesPlot({ rows, keys, kind, info, step, rangeMs, height, timeZone, color, onBucket }: PlotProps) {
  const { unit } = info;
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
    margin: { top: 6, right: 8, bottom: 0, left: 4 },
  };
  const ticks = yTicks(rows, keys, unit);
  const withVolume = kind === 'line' && keys.length === 1 && info.volume !== undefined;
  const volumeTicks = withVolume ? niceTicks(Math.max(0, ...rows.map((r) => r[volumeKey(keys[0]!)] ?? 0)), 2) : [];
  const axes = (
    <>
      <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
      <XAxis dataKey="t" tick={TICK} tickLine={false} axisLine={false} ticks={timeTicks(rows.map((r) => r.t), step, timeZone)} interval={0} tickFormatter={(t: number) => timeTick(t, rangeMs)} />
      <YAxis
        yAxisId="v"
        tick={TICK}
        tickLine={false}
        axisLine={false}
        width={58}
        ticks={ticks}
        domain={[0, ticks[ticks.length - 1] ?? 'auto']}
        allowDecimals={unit !== 'count'}
        tickFormatter={(v: number) => formatValue(v, unit)}
        label={{ value: info.axis, angle: -90, position: 'insideLeft', offset: 6, style: AXIS_TITLE }}
      />
      {withVolume && (
        <YAxis
          yAxisId="n"
          orientation="right"
          tick={TICK}
          tickLine={false}
          axisLine={false}
          width={48}
          ticks={volumeTicks}
          domain={[0, (volumeTicks[volumeTicks.length - 1] ?? 1) * 2]}
          allowDecimals={false}
          label={{ value: info.volumeAxis, angle: 90, position: 'insideRight', offset: 6, style: AXIS_TITLE }}
        />
      )}
      <Tooltip cursor={{ fill: 'currentColor', fillOpacity: 0.08, stroke: 'currentColor', strokeOpacity: 0.3 }} content={<ChartTooltip step={step} info={info} />} isAnimationActive={false} />
    </>
  );
  if (kind === 'bar') {
    return (
      <BarChart {...common} barCategoryGap={1}>
        {axes}
        {keys.map((k) => (
          <Bar key={k} yAxisId="v" dataKey={k} name={k} stackId="s" fill={colour(k)} isAnimationActive={false} onClick={onBucket ? (bar) => clickBar(bar.payload) : undefined} />
        ))}
      </BarChart>
    );
  }
  const sparse = rows.filter((r) => keys.some((k) => r[k] !== null)).length < 40;
  const lines = keys.map((k) => (
    <Line key={k} yAxisId="v" dataKey={k} name={k} type="linear" stroke={colour(k)} strokeWidth={2} dot={sparse ? { r: 2.5 } : false} connectNulls={false} isAnimationActive={false} />
  ));
  // A line has no shape to click: the chart reports the bucket under the pointer (the tooltip's).
  if (withVolume) {
    return (
      <ComposedChart {...common} onClick={onBucket ? click : undefined} barCategoryGap={1}>
        {axes}
        {/* The volume sits under the line, in the lower half of the chart (its axis goes to twice its top tick). */}
        <Bar yAxisId="n" dataKey={volumeKey(keys[0]!)} name={info.volume} fill={VOLUME_FILL} fillOpacity={0.35} isAnimationActive={false} />
        {lines}
      </ComposedChart>
    );
  }
  return (
    <LineChart {...common} onClick={onBucket ? click : undefined}>
      {axes}
      {lines}
    </LineChart>
  );
}
