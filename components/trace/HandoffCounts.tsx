'use client';

import { Popover } from 'radix-ui';
import { SEVERITY_COLOR, SeverityBadge } from '@/components/ui/SeverityBadge';
import { popoverClass } from '@/components/ui/styles';
import type { Severity } from '@/lib/analysis/types';
import type { Handoff } from '@/lib/schemas/handoffs';
import { driftSummary } from '@/lib/trace-chain';

type Bucket = Severity | 'pending';
const BUCKETS: Bucket[] = ['critical', 'warning', 'info', 'none', 'pending'];
const LABEL: Record<Bucket, string> = { critical: 'critical', warning: 'warning', info: 'info', none: 'no drift', pending: 'pending' };

const bucketOf = (h: Handoff): Bucket => (h.status === 'pending' ? 'pending' : h.drift.severity);

/** The trace's handoffs counted by severity; each count opens the list of those handoffs, each of which opens its diff. */
export function HandoffCounts({ handoffs, onOpen }: { handoffs: Handoff[]; onOpen: (handoffId: string) => void }) {
  if (handoffs.length === 0) return <span className="text-zinc-400">none</span>;
  return (
    <span className="flex flex-wrap gap-1.5">
      {BUCKETS.map((bucket) => {
        const list = handoffs.filter((h) => bucketOf(h) === bucket);
        if (list.length === 0) return null;
        return (
          <Popover.Root key={bucket}>
            <Popover.Trigger
              aria-label={`${list.length} ${LABEL[bucket]} handoff${list.length === 1 ? '' : 's'}`}
              className="inline-flex items-center gap-1 rounded-full border border-zinc-200 px-2 text-xs outline-none hover:bg-zinc-100 focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              <span aria-hidden className="h-2 w-2 rounded-full" style={{ background: bucket === 'pending' ? 'transparent' : SEVERITY_COLOR[bucket], border: bucket === 'pending' ? '1px dashed #a1a1aa' : undefined }} />
              <span className="tabular-nums">{list.length}</span> {LABEL[bucket]}
            </Popover.Trigger>
            <Popover.Portal>
              <Popover.Content align="start" sideOffset={6} className={`${popoverClass} w-96 p-1`}>
                <ul aria-label={`${LABEL[bucket]} handoffs`} className="max-h-80 overflow-auto">
                  {list.map((h) => (
                    <li key={h.id}>
                      <Popover.Close asChild>
                        <button
                          type="button"
                          onClick={() => onOpen(h.id)}
                          className="flex w-full items-center justify-between gap-2 rounded px-2 py-1.5 text-left outline-none hover:bg-zinc-100 focus-visible:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800"
                        >
                          <span className="min-w-0">
                            <span className="block truncate font-medium">
                              {h.fromAgent || 'unknown'} → {h.toAgent || 'unknown'}
                            </span>
                            <span className="block truncate text-xs text-zinc-500">
                              {h.source} · {driftSummary(h)}
                            </span>
                          </span>
                          <SeverityBadge severity={h.drift.severity} pending={h.status === 'pending'} />
                        </button>
                      </Popover.Close>
                    </li>
                  ))}
                </ul>
              </Popover.Content>
            </Popover.Portal>
          </Popover.Root>
        );
      })}
    </span>
  );
}
