'use client';

import Link from 'next/link';
import { ApiRequestError } from '@/hooks/api-fetch';
import { isLive, useSession } from '@/hooks/useSessions';
import { AnalysisFailureNotice } from '@/components/ui/AnalysisFailureNotice';
import { AnalysisPendingNotice } from '@/components/ui/AnalysisPendingNotice';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { SessionBody } from './SessionBody';
import { SessionHeader } from './SessionHeader';

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

  if (query.isPending) return <Loading label="Loading session…" />;
  if (query.isError && !detail) {
    if (query.error instanceof ApiRequestError && query.error.status === 404) return <SessionNotFound sessionId={sessionId} />;
    return <ErrorState title="Could not load this session" error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!detail) return null;
  return (
    <div className="space-y-4">
      <SessionHeader detail={detail} />
      {detail.analysisFailure && <AnalysisFailureNotice failure={detail.analysisFailure} what="this session" />}
      {detail.analysisPending && !detail.analysisFailure && <AnalysisPendingNotice what="this session" />}
      <SessionBody detail={detail} live={isLive(detail)} updatedAt={query.dataUpdatedAt} />
    </div>
  );
}
