import { cva } from 'class-variance-authority';
import type { Severity } from '@/lib/analysis/types';
import { SEVERITY_BADGE } from '@/lib/score-scale';

// The colours are the score scale's (lib/score-scale.ts): critical in the inconsistent band's red, warning in the drifting band's amber.
const badge = cva('inline-flex items-center rounded px-1.5 py-px text-[11px] font-medium leading-4 ring-1 ring-inset', {
  variants: { severity: SEVERITY_BADGE },
});

/** Stroke colours per severity for charts and graph edges (hex: SVG needs real colours). */
export { SEVERITY_COLOR } from '@/lib/score-scale';

export function SeverityBadge({ severity, pending = false }: { severity: Severity; pending?: boolean }) {
  if (pending) return <span className={badge({ severity: 'none' })}>pending</span>;
  return <span className={badge({ severity })}>{severity === 'none' ? 'no drift' : severity}</span>;
}
