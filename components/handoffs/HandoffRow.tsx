'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { SeverityBadge } from '@/components/ui/SeverityBadge';
import { formatPercent } from '@/lib/charts/prepare';
import { formatAgo, formatTime } from '@/lib/format';
import { SOURCE_LABEL } from '@/lib/handoff-summary';
import { handoffHref } from '@/lib/links';
import type { Handoff } from '@/lib/schemas/handoffs';
import { WhatBroke } from './WhatBroke';

const td = 'px-3 py-2 align-top';

/** One handoff; the row opens its trace with the handoff selected (the time is the keyboard's link). */
export function HandoffRow({ h, now }: { h: Handoff; now: number }) {
  const router = useRouter();
  const href = handoffHref(h.traceId, h.id);
  const pending = h.status === 'pending';
  const inferred = h.source !== 'explicit' && h.source !== 'compaction';
  return (
    <tr onClick={() => router.push(href)} data-handoff={h.id} className="cursor-pointer hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
      <td className={`${td} whitespace-nowrap`}>
        <Link href={href} prefetch={false} onClick={(e) => e.stopPropagation()} className="hover:text-indigo-600 dark:hover:text-indigo-400" title={h.time}>
          {formatTime(h.time)}
        </Link>
        <div className="text-xs text-zinc-400">{formatAgo(h.time, now)}</div>
      </td>
      <td className={`${td} max-w-xs`}>
        <span className="font-medium">{h.fromAgent || <span className="italic text-zinc-400">unknown</span>}</span>
        <span className="px-1 text-zinc-400">→</span>
        <span className="font-medium">{h.toAgent || <span className="italic text-zinc-400">unknown</span>}</span>
        <div className={`text-xs ${inferred ? 'text-zinc-400' : 'text-zinc-500'}`} title={inferred ? 'Baton inferred this edge; the agents recorded no explicit handoff' : undefined}>
          {SOURCE_LABEL[h.source]}
        </div>
      </td>
      <td className={td}>
        <SeverityBadge severity={h.drift.severity} pending={pending} />
      </td>
      <td className={`${td} text-right tabular-nums`}>{pending ? '–' : h.drift.method === 'text' ? <span className="text-zinc-400" title="Compared as text: no fact-level fidelity">text</span> : formatPercent(h.drift.fidelity)}</td>
      <td className={`${td} text-sm`}>
        <WhatBroke h={h} />
      </td>
      <td className={`${td} whitespace-nowrap`}>
        {h.sessionId ? (
          <Link href={`/sessions/${encodeURIComponent(h.sessionId)}`} prefetch={false} onClick={(e) => e.stopPropagation()} className="block max-w-44 truncate font-mono text-xs hover:text-indigo-600 dark:hover:text-indigo-400" title={h.sessionId}>
            {h.sessionId}
          </Link>
        ) : (
          <span className="text-zinc-400">–</span>
        )}
      </td>
    </tr>
  );
}
