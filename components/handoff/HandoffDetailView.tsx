'use client';

import { ApiRequestError } from '@/hooks/api-fetch';
import { useHandoff } from '@/hooks/useHandoff';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { HandoffDiff } from './HandoffDiff';

/** Loads one handoff and shows its diff, with loading, not-found and error states. */
export function HandoffDetailView({ handoffId, linkTarget }: { handoffId: string; linkTarget?: '_blank' }) {
  const query = useHandoff(handoffId);
  if (query.isPending) return <Loading label="Loading handoff…" />;
  if (query.isError) {
    if (query.error instanceof ApiRequestError && query.error.status === 404) {
      return (
        <Empty title="Handoff not found">
          No handoff <code className="break-all font-mono">{handoffId}</code> is stored. It may not have been analysed yet, or be older than the retention
          period.
        </Empty>
      );
    }
    return <ErrorState title="Could not load this handoff" error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <HandoffDiff detail={query.data} linkTarget={linkTarget} />;
}
