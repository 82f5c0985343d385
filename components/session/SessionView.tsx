'use client';

import Link from 'next/link';
import { useMemo } from 'react';
import { ApiRequestError } from '@/hooks/api-fetch';
import { useSession } from '@/hooks/useSessions';
import { AnalysisFailureNotice } from '@/components/ui/AnalysisFailureNotice';
import { Panel } from '@/components/ui/Panel';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { contextSeries, fidelitySeries, retentionPoints } from '@/lib/sessions/charts';
import { ContextChart } from './ContextChart';
import { ContradictionList } from './ContradictionList';
import { FactLedger } from './FactLedger';
import { FidelityChart } from './FidelityChart';
import { RetentionChart } from './RetentionChart';
import { SessionHandoffs } from './SessionHandoffs';
import { SessionHeader } from './SessionHeader';
import { TurnTimeline } from './TurnTimeline';

export function SessionNotFound({ sessionId }: { sessionId: string }) {
  return (
    <Empty title="Session not found">
      No trace names the session <code className="break-all font-mono">{sessionId}</code>. It may still be on its way, be older than the retention period, or the id
      may be mistyped.{' '}
      <Link href="/sessions" className="text-indigo-600 hover:underline dark:text-indigo-400">
        Browse sessions
      </Link>
    </Empty>
  );
}

/** A session: header and score, turns along time, consistency charts, contradictions, the fact ledger and the handoffs. */
export function SessionView({ sessionId }: { sessionId: string }) {
  const query = useSession(sessionId);
  const detail = query.data;
  const charts = useMemo(
    () => detail && { retention: retentionPoints(detail.metrics.retention), fidelity: fidelitySeries(detail.handoffs), context: contextSeries(detail.context) },
    [detail],
  );

  if (query.isPending) return <Loading label="Analysing session…" />;
  if (query.isError && !detail) {
    if (query.error instanceof ApiRequestError && query.error.status === 404) return <SessionNotFound sessionId={sessionId} />;
    return <ErrorState title="Could not load this session" error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!detail || !charts) return null;
  return (
    <div className="space-y-4">
      <SessionHeader detail={detail} />
      {detail.analysisFailure && <AnalysisFailureNotice failure={detail.analysisFailure} what="this session" />}
      <Panel title={`Turns (${detail.traces.length})`}>
        <TurnTimeline traces={detail.traces} />
      </Panel>
      <div className="grid gap-4 lg:grid-cols-3">
        <Panel title="Retention per turn">
          <RetentionChart points={charts.retention} />
        </Panel>
        <Panel title="Fidelity per handoff">
          <FidelityChart series={charts.fidelity} />
        </Panel>
        <Panel title="Context size">
          <ContextChart series={charts.context} />
        </Panel>
      </div>
      <ContradictionList contradictions={detail.contradictions} previousSessionId={detail.metrics.previousSessionId} />
      <FactLedger detail={detail} />
      <SessionHandoffs handoffs={detail.handoffs} />
    </div>
  );
}
