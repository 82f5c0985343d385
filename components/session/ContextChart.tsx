'use client';

import { useRouter } from 'next/navigation';
import { CartesianGrid, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTime } from '@/lib/format';
import { formatTokens, type ContextPoint, type ContextSeries } from '@/lib/sessions/charts';
import { AXIS, CHART_VARS, GRID, hovered, TooltipBox, type TooltipProps } from './chart-theme';

const TRUNCATED = '#ef4444';
const clock = (ms: number) => new Date(ms).toLocaleTimeString(undefined, { hour12: false, hour: '2-digit', minute: '2-digit' });

function ContextTooltip(props: TooltipProps) {
  const p = hovered<ContextPoint>(props);
  if (!p) return null;
  return (
    <TooltipBox>
      <p className="font-medium">
        {p.agent} · {p.phase}
      </p>
      <p>
        {p.tokens.toLocaleString()} tokens{p.tokenLimit !== null && ` of ${p.tokenLimit.toLocaleString()} (${Math.round((p.tokens / p.tokenLimit) * 100)}%)`}
      </p>
      {p.truncated && <p className="font-medium text-red-600 dark:text-red-400">Context truncated</p>}
      <p className="text-zinc-500">{formatTime(new Date(p.t).toISOString())} · click to open the span</p>
    </TooltipBox>
  );
}

/** Context size of each snapshot along time, one series per agent, windows as dashed lines, truncations ringed red. */
export function ContextChart({ series, height = 200 }: { series: ContextSeries; height?: number }) {
  const router = useRouter();
  if (series.agents.length === 0) {
    return <p className="py-8 text-center text-sm text-zinc-500">No snapshot of this session recorded its token count (baton.snapshot.tokens).</p>;
  }
  const open = (p: ContextPoint) => router.push(`/traces/${p.traceId}?span=${p.spanId}`);
  return (
    <figure className={CHART_VARS}>
      <figcaption className="sr-only">
        Context size per snapshot:{' '}
        {series.agents.map((a) => `${a.agent} up to ${formatTokens(Math.max(...a.points.map((p) => p.tokens)))} tokens`).join(', ')}; {series.truncations} truncated.
      </figcaption>
      <ScatterChart responsive style={{ width: '100%', height }} margin={{ top: 8, right: 12, bottom: 0, left: -8 }}>
        <CartesianGrid {...GRID} />
        <XAxis type="number" dataKey="t" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={clock} {...AXIS} />
        <YAxis type="number" dataKey="tokens" domain={[0, series.yMax]} tickFormatter={formatTokens} {...AXIS} />
        {series.limits.filter((l) => l.inView).map((l) => (
          <ReferenceLine
            key={l.tokens}
            y={l.tokens}
            stroke="var(--chart-muted)"
            strokeDasharray="4 3"
            label={{ value: `window ${formatTokens(l.tokens)}`, position: 'insideTopRight', fill: 'var(--chart-muted)', fontSize: 10 }}
          />
        ))}
        <Tooltip content={ContextTooltip} cursor={{ stroke: 'var(--chart-grid)' }} />
        {series.agents.map((a) => (
          <Scatter
            key={a.agent}
            name={a.agent}
            data={a.points}
            fill={a.color}
            line={{ stroke: a.color, strokeWidth: 1.5 }}
            isAnimationActive={false}
            shape={(props: { cx?: number; cy?: number; payload?: ContextPoint }) => {
              const { cx = 0, cy = 0, payload } = props;
              return (
                <g className="cursor-pointer" onClick={() => payload && open(payload)}>
                  <circle cx={cx} cy={cy} r={3.5} fill={a.color} />
                  {payload?.truncated && <circle cx={cx} cy={cy} r={7} fill="none" stroke={TRUNCATED} strokeWidth={2} />}
                </g>
              );
            }}
          />
        ))}
      </ScatterChart>
      <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500">
        {series.agents.map((a) => (
          <span key={a.agent} className="inline-flex items-center gap-1">
            <span aria-hidden className="h-2 w-2 rounded-full" style={{ backgroundColor: a.color }} />
            {a.agent}
          </span>
        ))}
        {series.limits
          .filter((l) => !l.inView)
          .map((l) => (
            <span key={l.tokens} title={`Context window of ${l.agents.join(', ')}`}>
              window {formatTokens(l.tokens)} (above the chart)
            </span>
          ))}
        {series.truncations > 0 && (
          <span className="inline-flex items-center gap-1">
            <span aria-hidden className="h-2.5 w-2.5 rounded-full border-2" style={{ borderColor: TRUNCATED }} />
            truncated ({series.truncations})
          </span>
        )}
      </div>
    </figure>
  );
}
