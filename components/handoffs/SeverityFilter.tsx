'use client';

import { ToggleGroup } from 'radix-ui';
import { SEVERITY_COLOR } from '@/components/ui/SeverityBadge';
import { SEVERITIES } from '@/lib/schemas/handoffs';

const OPTIONS = ['all', ...SEVERITIES] as const;
const LABEL: Record<(typeof OPTIONS)[number], string> = { all: 'All', critical: 'Critical', warning: 'Warning', info: 'Info', none: 'No drift' };

/**
 * One severity or all (Radix ToggleGroup: a radio group; Tab reaches the
 * selected option, the arrow keys move between options, Space or Enter picks one).
 */
export function SeverityFilter({ value, onChange }: { value: string | undefined; onChange: (severity: string | undefined) => void }) {
  return (
    <ToggleGroup.Root
      type="single"
      aria-label="Severity"
      value={value ?? 'all'}
      // Picking the selected option again would clear it: keep one selected.
      onValueChange={(v) => v && onChange(v === 'all' ? undefined : v)}
      className="inline-flex h-8 items-center rounded-md border border-zinc-300 bg-white p-0.5 dark:border-zinc-700 dark:bg-zinc-900"
    >
      {OPTIONS.map((o) => (
        <ToggleGroup.Item
          key={o}
          value={o}
          className="inline-flex h-full items-center gap-1.5 rounded px-2 text-sm text-zinc-600 outline-none hover:text-zinc-900 focus-visible:ring-2 focus-visible:ring-indigo-500/50 data-[state=on]:bg-zinc-100 data-[state=on]:font-medium data-[state=on]:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 dark:data-[state=on]:bg-zinc-800 dark:data-[state=on]:text-zinc-100"
        >
          {o !== 'all' && <span aria-hidden className="inline-block h-2 w-2 rounded-full" style={{ background: SEVERITY_COLOR[o] }} />}
          {LABEL[o]}
        </ToggleGroup.Item>
      ))}
    </ToggleGroup.Root>
  );
}
