import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { SEVERITY_COLOR } from '@/components/ui/SeverityBadge';
import { cn } from '@/lib/cn';
import type { ChainEdge } from '@/lib/trace-chain';

export type ChainFlowEdge = Edge<{ edge: ChainEdge; onOpen: (handoffId: string) => void }, 'handoff'>;

const SPREAD = 34;

type Point = { x: number; y: number };

/** A smooth curve through the points: straight to each segment's middle, bending at the points. */
function smooth(points: Point[]): string {
  const [first] = points;
  let d = `M ${first!.x},${first!.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i]!;
    const next = points[i + 1]!;
    d += ` Q ${p.x},${p.y} ${(p.x + next.x) / 2},${(p.y + next.y) / 2}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L ${last.x},${last.y}`;
}

/**
 * The path of an edge: dagre's route (which keeps labels apart) from handle
 * to handle, else a bezier bent aside when several share two nodes; a loop
 * over the node for a compaction.
 */
function edgePath(p: Pick<EdgeProps, 'sourceX' | 'sourceY' | 'targetX' | 'targetY' | 'sourcePosition' | 'targetPosition'>, edge: ChainEdge): [string, number, number] {
  const { sourceX: sx, sourceY: sy, targetX: tx, targetY: ty } = p;
  if (edge.selfLoop) {
    const lift = 62 + Math.abs(edge.offset) * SPREAD;
    return [`M ${sx},${sy} C ${sx + 50},${sy - lift} ${tx - 50},${ty - lift} ${tx},${ty}`, (sx + tx) / 2, sy - lift * 0.75];
  }
  if (edge.points.length >= 2 && edge.labelAt) {
    const route = [{ x: sx, y: sy }, ...edge.points.slice(1, -1), { x: tx, y: ty }];
    return [smooth(route), edge.labelAt.x, edge.labelAt.y];
  }
  if (edge.offset === 0) {
    const [path, lx, ly] = getBezierPath(p);
    return [path, lx, ly];
  }
  const dx = tx - sx;
  const dy = ty - sy;
  const len = Math.hypot(dx, dy) || 1;
  const [nx, ny] = [-dy / len, dx / len];
  const shift = edge.offset * SPREAD;
  const [mx, my] = [(sx + tx) / 2, (sy + ty) / 2];
  return [`M ${sx},${sy} Q ${mx + nx * shift * 2},${my + ny * shift * 2} ${tx},${ty}`, mx + nx * shift, my + ny * shift];
}

/** A handoff: coloured by severity, dashed while pending, labelled with its source and drift. */
export const ChainEdgeView = memo(function ChainEdgeView(props: EdgeProps<ChainFlowEdge>) {
  const { data, selected, markerEnd } = props;
  if (!data) return null;
  const { edge, onOpen } = data;
  const [path, labelX, labelY] = edgePath(props, edge);
  const color = SEVERITY_COLOR[edge.severity];
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={18}
        style={{ stroke: color, strokeWidth: selected ? 3.5 : 2, strokeDasharray: edge.pending ? '6 5' : undefined }}
      />
      <EdgeLabelRenderer>
        <button
          type="button"
          tabIndex={-1}
          onClick={() => onOpen(edge.id)}
          title={edge.ariaLabel}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, borderColor: color }}
          className={cn(
            'nodrag nopan pointer-events-auto absolute max-w-[170px] truncate rounded-full border bg-white px-2 py-px text-[11px] leading-4 text-zinc-700 shadow-sm hover:bg-zinc-50 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800',
            edge.pending && 'border-dashed',
            selected && 'ring-2 ring-indigo-500',
          )}
        >
          {edge.label}
        </button>
      </EdgeLabelRenderer>
    </>
  );
});
