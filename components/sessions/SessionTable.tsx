'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { formatAgo, formatDuration, formatTime } from '@/lib/format';
import type { SessionSummary } from '@/lib/schemas/sessions';
import { sessionHref } from '@/lib/sessions/session-param';
import { ScoreBar } from './ScoreBar';

const th = 'whitespace-nowrap px-2.5 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500';
const td = 'px-2.5 py-2 align-top';
const num = `${td} text-right tabular-nums`;

const durationNs = (s: SessionSummary) => Math.max(0, Date.parse(s.endTime) - Date.parse(s.startTime)) * 1e6;

function Count({ n, tone }: { n: number; tone: 'warn' | 'bad' }) {
  if (n === 0) return <span className="text-zinc-400">0</span>;
  return <span className={tone === 'bad' ? 'font-medium text-red-600 dark:text-red-400' : 'font-medium text-amber-700 dark:text-amber-400'}>{n}</span>;
}

/** Sessions, most recently active first; the id opens the session, the user and agents filter the list. */
export function SessionTable({ sessions, now, filterHref }: { sessions: SessionSummary[]; now: number; filterHref: (patch: Record<string, string>) => string }) {
  const router = useRouter();
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-sm" aria-label="Sessions">
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <th className={th}>Session</th>
            <th className={th}>User</th>
            <th className={th}>Started</th>
            <th className={`${th} text-right`}>Duration</th>
            <th className={`${th} text-right`}>Turns</th>
            <th className={th}>Agents</th>
            <th className={`${th} text-right`}>Handoffs</th>
            <th className={`${th} text-right`} title="Complete handoffs where something was dropped, changed or added">
              Drifted
            </th>
            <th className={`${th} text-right`} title="Undeclared value changes, in the session and against the user's previous session">
              Contradictions
            </th>
            <th className={th}>Score</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {sessions.map((s) => {
            const href = sessionHref(s.sessionId);
            return (
              <tr key={s.sessionId} onClick={() => router.push(href)} className="cursor-pointer hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                <td className={td}>
                  <Link
                    href={href}
                    onClick={(e) => e.stopPropagation()}
                    title={s.sessionId}
                    className="block max-w-52 truncate whitespace-nowrap font-mono text-xs font-medium leading-5 text-indigo-700 hover:underline dark:text-indigo-400"
                  >
                    {s.sessionId}
                  </Link>
                </td>
                <td className={td}>
                  {s.userId ? (
                    <Link
                      href={filterHref({ user: s.userId })}
                      onClick={(e) => e.stopPropagation()}
                      className="block max-w-40 truncate whitespace-nowrap hover:underline"
                      title={`${s.userId}: only this user's sessions`}
                    >
                      {s.userId}
                    </Link>
                  ) : (
                    <span className="text-zinc-400">–</span>
                  )}
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  <span title={s.startTime}>{formatTime(s.startTime)}</span>
                  <span className="block text-xs text-zinc-400">{formatAgo(s.startTime, now)}</span>
                </td>
                <td className={num}>{formatDuration(durationNs(s))}</td>
                <td className={num}>{s.traces}</td>
                <td className={td}>
                  <div className="flex min-w-40 max-w-xs flex-wrap gap-1">
                    {s.agents.length === 0 && <span className="text-zinc-400">–</span>}
                    {s.agents.map((a) => (
                      <Link
                        key={a}
                        href={filterHref({ agent: a })}
                        onClick={(e) => e.stopPropagation()}
                        title={`Only sessions with ${a}`}
                        className="rounded bg-indigo-50 px-1.5 text-xs text-indigo-700 hover:underline dark:bg-indigo-950 dark:text-indigo-300"
                      >
                        {a}
                      </Link>
                    ))}
                  </div>
                </td>
                <td className={num}>{s.handoffs}</td>
                <td className={num}>
                  <Count n={s.driftedHandoffs} tone="warn" />
                </td>
                <td className={num}>
                  <Count n={s.contradictions} tone="bad" />
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  <ScoreBar score={s.score} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
