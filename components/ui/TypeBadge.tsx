import { cva } from 'class-variance-authority';
import type { SpanType } from '@/lib/model/normalize';

const badge = cva('inline-flex items-center rounded px-1.5 py-px text-[11px] font-medium leading-4 ring-1 ring-inset', {
  variants: {
    type: {
      agent: 'bg-indigo-50 text-indigo-700 ring-indigo-200 dark:bg-indigo-950 dark:text-indigo-300 dark:ring-indigo-800',
      workflow: 'bg-violet-50 text-violet-700 ring-violet-200 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-800',
      llm: 'bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800',
      tool: 'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800',
      handoff: 'bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800',
      retrieval: 'bg-teal-50 text-teal-700 ring-teal-200 dark:bg-teal-950 dark:text-teal-300 dark:ring-teal-800',
      memory: 'bg-fuchsia-50 text-fuchsia-700 ring-fuchsia-200 dark:bg-fuchsia-950 dark:text-fuchsia-300 dark:ring-fuchsia-800',
      guardrail: 'bg-rose-50 text-rose-700 ring-rose-200 dark:bg-rose-950 dark:text-rose-300 dark:ring-rose-800',
      other: 'bg-zinc-100 text-zinc-600 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
    },
  },
});

/** The colour for a span type, shared by badges and waterfall bars. */
export const TYPE_BAR: Record<SpanType, string> = {
  agent: 'bg-indigo-500',
  workflow: 'bg-violet-500',
  llm: 'bg-emerald-500',
  tool: 'bg-amber-500',
  handoff: 'bg-sky-500',
  retrieval: 'bg-teal-500',
  memory: 'bg-fuchsia-500',
  guardrail: 'bg-rose-500',
  other: 'bg-zinc-400',
};

export function TypeBadge({ type }: { type: SpanType }) {
  return <span className={badge({ type })}>{type}</span>;
}
