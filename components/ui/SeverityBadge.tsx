import { cva } from 'class-variance-authority';
import type { Severity } from '@/lib/analysis/types';

const badge = cva('inline-flex items-center rounded px-1.5 py-px text-[11px] font-medium leading-4 ring-1 ring-inset', {
  variants: {
    severity: {
      none: 'bg-zinc-100 text-zinc-600 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
      info: 'bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800',
      warning: 'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800',
      critical: 'bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-800',
    },
  },
});

/** Stroke colours per severity for charts and graph edges (hex: SVG needs real colours). */
export const SEVERITY_COLOR: Record<Severity, string> = {
  none: '#a1a1aa',
  info: '#0ea5e9',
  warning: '#f59e0b',
  critical: '#ef4444',
};

export function SeverityBadge({ severity, pending = false }: { severity: Severity; pending?: boolean }) {
  if (pending) return <span className={badge({ severity: 'none' })}>pending</span>;
  return <span className={badge({ severity })}>{severity === 'none' ? 'no drift' : severity}</span>;
}
