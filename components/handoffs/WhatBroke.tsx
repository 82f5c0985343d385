import { cn } from '@/lib/cn';
import { quietNote, whatBroke, whatBrokeText, type BreakTone } from '@/lib/handoff-what-broke';
import type { Handoff } from '@/lib/schemas/handoffs';

const TONE: Record<BreakTone, string> = {
  critical: 'text-red-700 dark:text-red-400',
  warning: 'text-amber-800 dark:text-amber-300',
  info: 'text-sky-700 dark:text-sky-400',
};

/** What broke at a handoff, naming the keys: "missing required `order`; dropped `trip.dates`, `budget` +2; added `vip`". */
export function WhatBroke({ h }: { h: Handoff }) {
  const parts = whatBroke(h);
  if (parts.length === 0) return <span className="text-zinc-400">{quietNote(h)}</span>;
  return (
    <span className="block max-w-md leading-5" title={whatBrokeText(h)} data-testid="what-broke">
      {parts.map((p, i) => (
        <span key={`${p.label}-${i}`} className="mr-2 inline-block">
          <span className={cn('font-medium', TONE[p.tone])}>{p.label}</span>{' '}
          {p.note ?? (
            <>
              {p.keys.map((k, j) => (
                <span key={k}>
                  <code className="rounded bg-zinc-100 px-1 font-mono text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">{k}</code>
                  {j < p.keys.length - 1 ? ', ' : ''}
                </span>
              ))}
            </>
          )}
          {p.more > 0 && <span className="text-xs text-zinc-500"> +{p.more}</span>}
          {i < parts.length - 1 && <span className="text-zinc-400">;</span>}
        </span>
      ))}
    </span>
  );
}
