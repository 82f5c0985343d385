import Link from 'next/link';
import { useMemo, type ReactNode } from 'react';
import { PinButton } from '@/components/pins/PinButton';
import { ShareButton } from '@/components/share/ShareButton';
import { CopyLinkButton } from '@/components/ui/CopyLinkButton';
import { formatDuration, formatTime } from '@/lib/format';
import type { TraceDetail } from '@/lib/schemas/api';
import type { Waterfall } from '@/lib/trace-tree';
import { HandoffCounts } from './HandoffCounts';

function Figure({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'min-w-0 max-w-md' : 'min-w-0 max-w-64'}>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="truncate tabular-nums">{children}</dd>
    </div>
  );
}

const list = (xs: string[]) => (xs.length === 0 ? '–' : xs.join(', '));

/** Spans are stored first-write-wins: later copies from another resource are ignored, and said so. */
function ignoredCopiesNotice(n: number): string {
  return n === 1
    ? 'Ignored 1 copy of a span that another service or process sent with the same trace and span id; the first copy stored is shown.'
    : `Ignored ${n.toLocaleString('en-US')} copies of spans that another service or process sent with the same trace and span ids; the first copy stored is shown.`;
}

/**
 * What the incident engineer needs first, independent of any time range:
 * where the trace ran, who took part, how long, what failed, which
 * handoffs drifted (each opens its diff), and its session.
 */
export function TraceHeader({ trace, waterfall, onOpenHandoff, shared = false }: { trace: TraceDetail; waterfall: Waterfall; onOpenHandoff: (id: string) => void; shared?: boolean }) {
  const root = waterfall.rows[0]?.span;
  const { errors, agents, services } = useMemo(() => {
    const uniq = (xs: string[]) => [...new Set(xs.filter(Boolean))].sort();
    return {
      errors: trace.spans.filter((s) => s.status.code === 'error').length,
      agents: uniq(trace.spans.filter((s) => s.type === 'agent').map((s) => s.agent)),
      services: uniq(trace.spans.map((s) => s.service)),
    };
  }, [trace.spans]);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs text-zinc-500">
            {/* A share link shows this trace only: no way into the rest of Baton from it. */}
            {shared ? (
              'Trace '
            ) : (
              <>
                <Link href="/traces" className="hover:underline">
                  Traces
                </Link>{' '}
                /{' '}
              </>
            )}
            <span className="font-mono">{trace.traceId}</span>
          </p>
          <h1 className="truncate text-lg font-semibold">{root?.name || 'Trace'}</h1>
        </div>
        {!shared && (
          <div className="flex items-center gap-2">
            <PinButton resource="trace" target={trace.traceId} />
            <ShareButton resource="trace" target={trace.traceId} />
            <CopyLinkButton />
          </div>
        )}
      </div>
      <dl className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        <Figure label="Started">{root ? <span title={root.startTime}>{formatTime(root.startTime)}</span> : '–'}</Figure>
        <Figure label="Duration">{formatDuration(waterfall.durationNs)}</Figure>
        <Figure label="Spans">{trace.spans.length.toLocaleString('en-US') + (trace.truncated ? '+' : '')}</Figure>
        <Figure label="Errors">{errors > 0 ? <span className="font-medium text-red-600 dark:text-red-400">{errors}</span> : '0'}</Figure>
        <Figure label="Services">
          <span title={list(services)}>{list(services)}</span>
        </Figure>
        <Figure label="Agents" wide>
          <span title={list(agents)}>{list(agents)}</span>
        </Figure>
        <Figure label="Session">
          {trace.sessionId && shared ? (
            <span className="font-mono" title={trace.sessionId}>
              {trace.sessionId}
            </span>
          ) : trace.sessionId ? (
            <Link prefetch={false} href={`/sessions/${encodeURIComponent(trace.sessionId)}`} className="font-mono text-indigo-600 hover:underline dark:text-indigo-400" title={trace.sessionId}>
              {trace.sessionId}
            </Link>
          ) : (
            '–'
          )}
        </Figure>
        <div>
          <dt className="text-xs text-zinc-500">Handoffs</dt>
          <dd className="pt-0.5">
            <HandoffCounts handoffs={trace.handoffs} onOpen={onOpenHandoff} />
          </dd>
        </div>
      </dl>
      {trace.ignoredSpanCopies > 0 && (
        <p className="rounded bg-amber-50 px-3 py-1.5 text-sm text-amber-800 dark:bg-amber-950/40 dark:text-amber-300">{ignoredCopiesNotice(trace.ignoredSpanCopies)}</p>
      )}
    </div>
  );
}
