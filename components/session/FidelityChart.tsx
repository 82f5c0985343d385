'use client';

import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { SEVERITY_COLOR } from '@/components/ui/SeverityBadge';
import type { FidelityPoint, FidelitySeries } from '@/lib/sessions/charts';
import { AXIS, CHART_VARS, GRID, hovered, TooltipBox, type TooltipProps } from './chart-theme';
import { useOpenLink } from './useOpenLink';

function FidelityTooltip(props: TooltipProps) {
  const p = hovered<FidelityPoint>(props);
  if (!p) return null;
  return (
    <TooltipBox>
      <p className="font-medium">
        #{p.index} {p.label}
      </p>
      <p>
        {p.fidelity}% of the sender&apos;s facts arrived unchanged · {p.severity === 'none' ? 'no drift' : p.severity}
      </p>
      <p className="mt-0.5 text-zinc-500">Click to open the handoff diff</p>
    </TooltipBox>
  );
}

const SEVERITIES = ['none', 'info', 'warning', 'critical'] as const;

/** An agent pair short enough for an axis label: "researcher → writer", each name cut to 12 characters. */
const shortPair = (label: string) =>
  label
    .split(' → ')
    .map((name) => (name.length > 12 ? `${name.slice(0, 11)}…` : name))
    .join(' → ');

const handoffHref = (p: FidelityPoint) => `/traces/${p.traceId}?handoff=${encodeURIComponent(p.id)}`;

/** Fidelity of each measured handoff, in time order, coloured by severity; a bar opens the handoff's diff. */
export function FidelityChart({ series, height = 200, newTab = false }: { series: FidelitySeries; height?: number; newTab?: boolean }) {
  const openLink = useOpenLink(newTab);
  const { points, pending, textOnly } = series;
  const note = [pending && `${pending} pending`, textOnly && `${textOnly} compared by text (no fidelity)`].filter(Boolean).join(', ');
  if (points.length === 0) {
    return <p className="py-8 text-center text-sm text-zinc-500">No handoff measured on facts in this session{note ? ` (${note})` : ''}.</p>;
  }
  return (
    <figure className={CHART_VARS}>
      <figcaption className="sr-only">Fidelity per handoff: {points.map((p) => `#${p.index} ${p.label} ${p.fidelity}% (${p.severity})`).join(', ')}</figcaption>
      <BarChart
        responsive
        style={{ width: '100%', height }}
        data={points}
        margin={{ top: 8, right: 12, bottom: 0, left: -12 }}
        onClick={(state) => {
          const p = points[Number(state.activeIndex)];
          if (p) openLink(handoffHref(p));
        }}
        className="cursor-pointer"
      >
        <CartesianGrid {...GRID} />
        {/* Each bar is named by its agent pair; with many handoffs the axis keeps every n-th label upright and legible. */}
        <XAxis dataKey="index" {...AXIS} interval="preserveStartEnd" minTickGap={8} height={34} tickFormatter={(i: number) => shortPair(points[i - 1]?.label ?? `#${i}`)} />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" {...AXIS} />
        <Tooltip content={FidelityTooltip} cursor={{ fill: 'var(--chart-grid)', opacity: 0.4 }} />
        <Bar dataKey="fidelity" minPointSize={3} maxBarSize={28} isAnimationActive={false}>
          {points.map((p) => (
            <Cell key={p.id} fill={SEVERITY_COLOR[p.severity]} />
          ))}
        </Bar>
      </BarChart>
      <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-zinc-500">
        {SEVERITIES.map((s) => (
          <span key={s} className="inline-flex items-center gap-1">
            <span aria-hidden className="h-2 w-2 rounded-sm" style={{ backgroundColor: SEVERITY_COLOR[s] }} />
            {s === 'none' ? 'no drift' : s}
          </span>
        ))}
        {note && <span>· not charted: {note}</span>}
      </div>
    </figure>
  );
}
