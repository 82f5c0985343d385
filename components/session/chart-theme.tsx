import type { ReactNode } from 'react';

/**
 * Chart colours that follow the theme: SVG attributes take CSS variables, set
 * here per theme, so axes and grids read well on light and dark.
 */
export const CHART_VARS = '[--chart-grid:#e4e4e7] [--chart-muted:#71717a] dark:[--chart-grid:#27272a] dark:[--chart-muted:#a1a1aa]';

export const AXIS = { stroke: 'var(--chart-grid)', tick: { fill: 'var(--chart-muted)', fontSize: 11 }, tickLine: false } as const;
export const GRID = { stroke: 'var(--chart-grid)', strokeDasharray: '3 3', vertical: false } as const;

/** The box a Recharts tooltip renders in. */
export function TooltipBox({ children }: { children: ReactNode }) {
  return <div className="max-w-72 rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-900">{children}</div>;
}

/** What a custom tooltip reads from Recharts: whether it is active and the hovered datum. */
export interface TooltipProps {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
}

/** The hovered datum of a tooltip, when there is one. */
export const hovered = <T,>({ active, payload }: TooltipProps): T | undefined => (active ? (payload?.[0]?.payload as T | undefined) : undefined);
