import Link from 'next/link';
import type { ReactNode } from 'react';
import { Panel } from '@/components/ui/Panel';
import { SeverityBadge } from '@/components/ui/SeverityBadge';
import { formatTime } from '@/lib/format';
import type { Handoff } from '@/lib/schemas/handoffs';
import { driftSummary } from '@/lib/sessions/handoffs';
import { percent } from '@/lib/sessions/score';
import { useTraceHref } from '@/components/share/share-context';

const th = 'whitespace-nowrap px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500';
const td = 'px-3 py-1.5 align-top';

const INFERRED: Partial<Record<Handoff['source'], string>> = { link: 'span link', framework: 'framework', delegation: 'delegation' };

/** The session's handoffs in time order (the ones loaded, of `total`); each opens its diff on the trace page. */
export function SessionHandoffs({ handoffs, total, more }: { handoffs: Handoff[]; total: number; more?: ReactNode }) {
  const traceHref = useTraceHref();
  const sorted = [...handoffs].sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
  return (
    <Panel title={`Handoffs (${total.toLocaleString('en-US')})`}>
      {sorted.length === 0 ? (
        <p className="py-3 text-sm text-zinc-500">No agent handed work to another in this session.</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-sm" aria-label="Handoffs">
            <thead className="border-b border-zinc-200 dark:border-zinc-800">
              <tr>
                <th className={th}>Time</th>
                <th className={th}>From → to</th>
                <th className={th}>Severity</th>
                <th className={`${th} text-right`}>Fidelity</th>
                <th className={th}>Drift</th>
                <th className={th}>
                  <span className="sr-only">Diff</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {sorted.map((h) => (
                <tr key={h.id}>
                  <td className={`${td} whitespace-nowrap`} title={h.time}>
                    {formatTime(h.time)}
                  </td>
                  <td className={td}>
                    <span className="font-medium">{h.fromAgent || '?'}</span> → <span className="font-medium">{h.source === 'compaction' ? 'itself (compaction)' : h.toAgent || '?'}</span>
                    {INFERRED[h.source] && <span className="ml-2 text-xs text-zinc-400">inferred: {INFERRED[h.source]}</span>}
                  </td>
                  <td className={td}>
                    <SeverityBadge severity={h.drift.severity} pending={h.status === 'pending'} />
                  </td>
                  <td className={`${td} text-right tabular-nums`}>{h.status === 'complete' && h.drift.method !== 'text' ? percent(h.drift.fidelity) : '–'}</td>
                  <td className={`${td} text-zinc-600 dark:text-zinc-400`}>{driftSummary(h)}</td>
                  <td className={`${td} text-right`}>
                    <Link href={traceHref(h.traceId, `handoff=${encodeURIComponent(h.id)}`)} className="whitespace-nowrap text-indigo-700 hover:underline dark:text-indigo-400" aria-label={`Open the diff of ${h.fromAgent} → ${h.toAgent}`}>
                      Diff
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more}
    </Panel>
  );
}
