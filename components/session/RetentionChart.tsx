'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { RetentionPoint } from '@/lib/sessions/charts';
import { AXIS, CHART_VARS, GRID, hovered, TooltipBox, type TooltipProps } from './chart-theme';
import { useOpenLink } from './useOpenLink';

function RetentionTooltip(props: TooltipProps) {
  const p = hovered<RetentionPoint>(props);
  if (!p) return null;
  return (
    <TooltipBox>
      <p className="font-medium">{p.label}</p>
      {p.retention === null ? (
        <p className="text-zinc-500">No facts recorded in this turn</p>
      ) : (
        <p>
          {p.retention}% retained: {p.held} of {p.established} facts established so far
        </p>
      )}
      <p className="mt-0.5 text-zinc-500">Click to open the turn</p>
    </TooltipBox>
  );
}

/** Retention per turn (0–100 %) as points held until the next turn (steps: nothing is invented between turns); a turn that recorded no facts is a gap. A point opens its turn's trace. */
export function RetentionChart({ points, height = 200, newTab = false }: { points: RetentionPoint[]; height?: number; newTab?: boolean }) {
  const openLink = useOpenLink(newTab);
  if (points.every((p) => p.retention === null)) {
    return <p className="py-8 text-center text-sm text-zinc-500">No turn recorded facts, so there is no retention to measure.</p>;
  }
  return (
    <figure className={CHART_VARS}>
      <figcaption className="sr-only">Retention per turn: {points.map((p) => `${p.label} ${p.retention === null ? 'no facts' : `${p.retention}%`}`).join(', ')}</figcaption>
      <LineChart
        responsive
        style={{ width: '100%', height }}
        data={points}
        margin={{ top: 8, right: 12, bottom: 0, left: -12 }}
        onClick={(state) => {
          const p = points[Number(state.activeIndex)];
          if (p) openLink(`/traces/${p.traceId}`);
        }}
        className="cursor-pointer"
      >
        <CartesianGrid {...GRID} />
        <XAxis dataKey="turn" {...AXIS} tickFormatter={(t: number) => `T${t}`} />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" {...AXIS} />
        <ReferenceLine y={100} stroke="var(--chart-grid)" />
        <Tooltip content={RetentionTooltip} cursor={{ stroke: 'var(--chart-grid)' }} />
        <Line type="stepAfter" dataKey="retention" stroke="#6366f1" strokeWidth={2} dot={{ r: 3, fill: '#6366f1' }} activeDot={{ r: 5 }} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    </figure>
  );
}
