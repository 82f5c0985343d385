'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { SeverityBadge } from '@/components/ui/SeverityBadge';
import { formatPercent } from '@/lib/charts/prepare';
import { formatAgo, formatTime } from '@/lib/format';
import { driftCounts, SOURCE_LABEL } from '@/lib/handoff-summary';
import { handoffHref } from '@/lib/links';
import type { Handoff } from '@/lib/schemas/handoffs';

const td = 'px-3 py-2 align-top';

function Count({ n, tone }: { n: number; tone: string }) {
  return <td className={`${td} text-right tabular-nums`}>{n > 0 ? <span className={`font-medium ${tone}`}>{n}</span> : <span className="text-zinc-400">0</span>}</td>;
}

/** One handoff; the row opens its trace with the handoff selected (the time is the keyboard's link). */
export function HandoffRow({ h, now }: { h: Handoff; now: number }) {
  const router = useRouter();
  const href = handoffHref(h.traceId, h.id);
  const pending = h.status === 'pending';
  const counts = driftCounts(h);
  const inferred = h.source !== 'explicit' && h.source !== 'compaction';
  return (
    <tr onClick={() => router.push(href)} className="cursor-pointer hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
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
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <span className={inferred ? 'text-zinc-500' : undefined} title={inferred ? 'Baton inferred this edge; the agents recorded no explicit handoff' : undefined}>
          {SOURCE_LABEL[h.source]}
        </span>
      </td>
      <td className={td}>{pending ? <span className="text-amber-700 dark:text-amber-400">pending</span> : 'complete'}</td>
      <td className={td}>
        <SeverityBadge severity={h.drift.severity} pending={pending} />
      </td>
      <td className={`${td} text-right tabular-nums`}>{pending ? '–' : h.drift.method === 'text' ? <span className="text-zinc-400" title="Compared as text: no fact-level fidelity">text</span> : formatPercent(h.drift.fidelity)}</td>
      <Count n={counts.dropped} tone="text-amber-700 dark:text-amber-400" />
      <Count n={counts.changed} tone="text-amber-700 dark:text-amber-400" />
      <Count n={counts.added} tone="text-sky-700 dark:text-sky-400" />
      <Count n={counts.broken} tone="text-red-700 dark:text-red-400" />
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
