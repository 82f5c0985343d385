import { ExternalLink } from 'lucide-react';
import Link from 'next/link';
import { CopyLinkButton } from '@/components/ui/CopyLinkButton';
import { buttonClass } from '@/components/ui/styles';
import { formatDuration, formatTime } from '@/lib/format';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { sessionHref } from '@/lib/sessions/session-param';
import { ScoreCard } from './ScoreCard';
import { PinButton } from '@/components/pins/PinButton';
import { ShareButton } from '@/components/share/ShareButton';
import { useShareBase } from '@/components/share/share-context';

function Stat({ label, value, alert = false }: { label: string; value: string | number; alert?: boolean }) {
  return (
    <div>
      <dt className="text-[11px] uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className={alert ? 'font-medium tabular-nums text-red-600 dark:text-red-400' : 'font-medium tabular-nums'}>{value}</dd>
    </div>
  );
}

/** Who, when, how much, and how consistent: the top of the session page. */
export function SessionHeader({ detail }: { detail: SessionDetail }) {
  const shared = useShareBase() !== null;
  const { session: s, metrics: m } = detail;
  const spanNs = Math.max(0, Date.parse(s.endTime) - Date.parse(s.startTime)) * 1e6;
  return (
    <header className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          {!shared && (
            <nav aria-label="Breadcrumb" className="text-xs text-zinc-500">
              <Link href="/sessions" className="hover:underline">
                Sessions
              </Link>{' '}
              /
            </nav>
          )}
          <h1 className="break-all font-mono text-lg font-semibold">{s.sessionId}</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {s.userId && shared ? (
              <>user {s.userId}</>
            ) : s.userId ? (
              <>
                user{' '}
                <Link href={`/sessions?user=${encodeURIComponent(s.userId)}&from=now-30d`} className="font-medium text-zinc-800 hover:underline dark:text-zinc-200" title="This user's sessions">
                  {s.userId}
                </Link>
              </>
            ) : (
              'no user id'
            )}{' '}
            · <span title={s.startTime}>{formatTime(s.startTime)}</span> → <span title={s.endTime}>{formatTime(s.endTime)}</span> ({formatDuration(spanNs)})
          </p>
          {m.previousSessionId && !shared && (
            <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
              Previous session of this user:{' '}
              <Link href={sessionHref(m.previousSessionId)} className="font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-400">
                {m.previousSessionId}
              </Link>
            </p>
          )}
        </div>
        {!shared && (
        <div className="flex items-center gap-2">
          <PinButton resource="session" target={s.sessionId} />
          <ShareButton resource="session" target={s.sessionId} />
          <a href={`/embed/sessions/${encodeURIComponent(s.sessionId)}/consistency`} target="_blank" rel="noopener" className={buttonClass} title="The consistency panel alone, for an iframe">
            <ExternalLink aria-hidden className="h-4 w-4 text-zinc-500" />
            Embed
          </a>
          <CopyLinkButton />
        </div>
        )}
      </div>
      <div className="flex flex-wrap items-start gap-x-8 gap-y-4 border-t border-zinc-100 pt-3 dark:border-zinc-800">
        <ScoreCard metrics={m} pending={detail.analysisPending} />
        <dl className="grid grid-cols-3 gap-x-6 gap-y-2 text-sm sm:grid-cols-6">
          <Stat label="Turns" value={s.traces} />
          <Stat label="Handoffs" value={m.pendingHandoffs ? `${m.handoffs} (${m.pendingHandoffs} pending)` : m.handoffs} />
          <Stat label="Drifted" value={m.driftedHandoffs} alert={m.driftedHandoffs > 0} />
          <Stat label="Truncations" value={m.truncations} />
          <Stat label="Errors" value={m.errors} alert={m.errors > 0} />
          <Stat label="Tokens in / out" value={`${m.tokens.input.toLocaleString()} / ${m.tokens.output.toLocaleString()}`} />
        </dl>
        <div className="text-sm">
          <div className="text-[11px] uppercase tracking-wide text-zinc-500">Agents</div>
          <div className="mt-0.5 flex max-w-md flex-wrap gap-1">
            {s.agents.length === 0 && <span className="text-zinc-400">–</span>}
            {s.agents.map((a) => (
              <span key={a} className="rounded bg-indigo-50 px-1.5 text-xs text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
                {a}
              </span>
            ))}
          </div>
        </div>
      </div>
    </header>
  );
}
