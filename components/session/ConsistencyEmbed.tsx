'use client';

import { ExternalLink } from 'lucide-react';
import { useMemo } from 'react';
import { ApiRequestError } from '@/hooks/api-fetch';
import { useSession } from '@/hooks/useSessions';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { fidelitySeries, retentionPoints } from '@/lib/sessions/charts';
import { sessionHref } from '@/lib/sessions/session-param';
import { FidelityChart } from './FidelityChart';
import { RetentionChart } from './RetentionChart';
import { ScoreCard } from './ScoreCard';

/** The embeddable consistency panel: score, retention per turn, fidelity per handoff; no navigation but "Open in Baton". */
export function ConsistencyEmbed({ sessionId }: { sessionId: string }) {
  const query = useSession(sessionId);
  const detail = query.data;
  const charts = useMemo(() => detail && { retention: retentionPoints(detail.traces), fidelity: fidelitySeries(detail.handoffs) }, [detail]);

  const open = (
    <a href={sessionHref(sessionId)} target="_blank" rel="noopener" className="inline-flex items-center gap-1 text-xs font-medium text-indigo-700 hover:underline dark:text-indigo-400">
      Open in Baton
      <ExternalLink aria-hidden className="h-3 w-3" />
    </a>
  );

  let body;
  if (query.isPending) body = <Loading label="Loading consistency…" />;
  else if (query.isError && !detail) {
    body =
      query.error instanceof ApiRequestError && query.error.status === 404 ? (
        <Empty title="Session not found">No trace names this session; it may be older than the retention period.</Empty>
      ) : (
        <ErrorState title="Could not load this session" error={query.error} onRetry={() => void query.refetch()} />
      );
  } else if (detail && charts) {
    body = (
      <div className="space-y-3">
        <ScoreCard metrics={detail.metrics} pending={detail.analysisPending} compact />
        {(detail.nextCursors.turns || detail.nextCursors.handoffs) && (
          <p className="text-xs text-zinc-500">
            Charted: the first {detail.traces.length} of {detail.session.traces} turns and {detail.handoffs.length} of {detail.metrics.handoffs} handoffs; open the
            session in Baton for the rest.
          </p>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <h3 className="mb-1 text-xs font-medium text-zinc-500">Retention per turn</h3>
            <RetentionChart points={charts.retention} height={160} newTab />
          </div>
          <div>
            <h3 className="mb-1 text-xs font-medium text-zinc-500">Fidelity per handoff</h3>
            <FidelityChart series={charts.fidelity} height={160} newTab />
          </div>
        </div>
      </div>
    );
  }

  return (
    <section aria-label="Session consistency" className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <header className="flex items-center justify-between gap-2 border-b border-zinc-100 px-3 py-2 dark:border-zinc-800">
        <h2 className="min-w-0 truncate text-sm font-medium">
          Consistency · <span className="font-mono">{sessionId}</span>
        </h2>
        {open}
      </header>
      <div className="p-3">{body}</div>
    </section>
  );
}
