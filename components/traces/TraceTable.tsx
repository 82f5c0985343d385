'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { formatAgo, formatDuration, formatTime } from '@/lib/format';
import type { TraceSummary } from '@/lib/schemas/api';

const th = 'px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500';
const td = 'px-3 py-2 align-top';

/** Recent traces; a row opens its trace. */
export function TraceTable({ traces, now }: { traces: TraceSummary[]; now: number }) {
  const router = useRouter();
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-sm">
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <th className={th}>Started</th>
            <th className={th}>Root span</th>
            <th className={th}>Service</th>
            <th className={th}>Agents</th>
            <th className={`${th} text-right`}>Duration</th>
            <th className={`${th} text-right`}>Spans</th>
            <th className={`${th} text-right`}>Errors</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {traces.map((t) => {
            const href = `/traces/${t.traceId}`;
            return (
              <tr
                key={t.traceId}
                onClick={() => router.push(href)}
                className="cursor-pointer hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
              >
                <td className={`${td} whitespace-nowrap`}>
                  <span title={t.startTime}>{formatTime(t.startTime)}</span>
                  <span className="ml-2 text-xs text-zinc-400">{formatAgo(t.startTime, now)}</span>
                </td>
                <td className={`${td} max-w-md`}>
                  <Link href={href} onClick={(e) => e.stopPropagation()} className="font-medium hover:text-indigo-600 dark:hover:text-indigo-400">
                    {t.rootName || <span className="italic text-zinc-400">root span not received</span>}
                  </Link>
                  <div className="font-mono text-xs text-zinc-400">{t.traceId}</div>
                </td>
                <td className={td}>{t.service}</td>
                <td className={td}>
                  <div className="flex max-w-xs flex-wrap gap-1">
                    {t.agents.length === 0 && <span className="text-zinc-400">–</span>}
                    {t.agents.map((a) => (
                      <span key={a} className="rounded bg-indigo-50 px-1.5 text-xs text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
                        {a}
                      </span>
                    ))}
                  </div>
                </td>
                <td className={`${td} text-right tabular-nums`}>{formatDuration(t.durationNs)}</td>
                <td className={`${td} text-right tabular-nums`}>{t.spans}</td>
                <td className={`${td} text-right tabular-nums`}>
                  {t.errors > 0 ? <span className="font-medium text-red-600 dark:text-red-400">{t.errors}</span> : <span className="text-zinc-400">0</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
