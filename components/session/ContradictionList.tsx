import { ArrowRight } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Panel } from '@/components/ui/Panel';
import { formatTime } from '@/lib/format';
import type { Contradiction } from '@/lib/schemas/sessions';
import { formatValue } from '@/lib/sessions/ledger';
import { sessionHref } from '@/lib/sessions/session-param';
import { useShareBase, useTraceHref } from '@/components/share/share-context';

function Value({ v, tone }: { v: unknown; tone: 'from' | 'to' }) {
  const cls = tone === 'from' ? 'bg-zinc-100 text-zinc-700 line-through decoration-zinc-400 dark:bg-zinc-800 dark:text-zinc-300' : 'bg-red-100 text-red-800 dark:bg-red-950/60 dark:text-red-200';
  return <code className={`max-w-64 truncate rounded px-1.5 py-0.5 font-mono text-xs ${cls}`}>{formatValue(v)}</code>;
}

/**
 * Undeclared value changes, in this session and against the user's previous
 * one, in ledger order (the ones loaded, of `total`); each opens the span that made it.
 */
export function ContradictionList({ contradictions, total, pending, previousSessionId, more }: { contradictions: Contradiction[]; total: number; pending: boolean; previousSessionId: string | null; more?: ReactNode }) {
  const traceHref = useTraceHref();
  const shared = useShareBase() !== null;
  return (
    <Panel title={`Contradictions (${total.toLocaleString('en-US')})`}>
      {pending ? (
        <p className="py-3 text-sm text-zinc-500">Contradictions are found when Baton analyses the session.</p>
      ) : contradictions.length === 0 ? (
        <p className="py-3 text-sm text-zinc-500">No fact changed value without its step declaring the update{previousSessionId ? ', here or against the previous session' : ''}.</p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Contradictions">
          {contradictions.map((c) => (
            <li key={`${c.scope}-${c.key}-${c.spanId}-${c.time}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
              <span
                className={
                  c.scope === 'cross-session'
                    ? 'rounded bg-violet-50 px-1.5 text-[11px] font-medium text-violet-700 ring-1 ring-violet-200 ring-inset dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-800'
                    : 'rounded bg-red-50 px-1.5 text-[11px] font-medium text-red-700 ring-1 ring-red-200 ring-inset dark:bg-red-950 dark:text-red-300 dark:ring-red-800'
                }
              >
                {c.scope === 'cross-session' ? 'across sessions' : 'in session'}
              </span>
              <code className="font-mono text-xs font-semibold">{c.key}</code>
              <span className="inline-flex items-center gap-1.5">
                <Value v={c.from} tone="from" />
                <ArrowRight aria-label="became" className="h-3.5 w-3.5 text-zinc-400" />
                <Value v={c.to} tone="to" />
              </span>
              <span className="text-zinc-500">
                by <span className="font-medium text-zinc-700 dark:text-zinc-300">{c.agent || 'unknown agent'}</span> at <span title={c.time}>{formatTime(c.time)}</span>
              </span>
              {c.scope === 'cross-session' && previousSessionId && (
                <span className="text-zinc-500">
                  previous session{' '}
                  {shared ? (
                    <span className="font-mono text-xs">{previousSessionId}</span>
                  ) : (
                    <Link href={sessionHref(previousSessionId)} className="font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-400">
                      {previousSessionId}
                    </Link>
                  )}{' '}
                  ended on the old value
                </span>
              )}
              <Link href={traceHref(c.traceId, `span=${c.spanId}`)} className="ml-auto text-indigo-700 hover:underline dark:text-indigo-400" aria-label={`Open the span that set ${c.key} to ${formatValue(c.to)}`}>
                Open span
              </Link>
            </li>
          ))}
        </ul>
      )}
      {more}
    </Panel>
  );
}
