'use client';

import { useSessionList } from '@/hooks/useSessionList';
import { useTimeRange } from '@/hooks/useTimeRange';
import { useUrlState } from '@/hooks/useUrlState';
import { CopyLinkButton } from '@/components/ui/CopyLinkButton';
import { ErrorState, Loading } from '@/components/ui/StatusMessage';
import { TimeRangePicker } from '@/components/ui/TimeRangePicker';
import { HoldRegion } from '@/components/ui/HoldRegion';
import { LiveIndicator } from '@/components/ui/LiveIndicator';
import { useHeldList } from '@/hooks/useHeldList';
import type { SessionSummary } from '@/lib/schemas/sessions';
import { isRelative } from '@/lib/time-range';
import { buttonClass } from '@/components/ui/styles';
import { cn } from '@/lib/cn';
import { filtersFromParams, filtersPatch, hasFilters } from '@/lib/sessions/list-filters';
import { NoSessions } from './NoSessions';
import { SessionFilters } from './SessionFilters';
import { SessionTable } from './SessionTable';

const sessionKey = (s: SessionSummary) => s.sessionId;

/** The sessions page: range and filters in the URL, most recently active first, refreshed in place and held still while read. */
export function SessionsView() {
  const { params, set, pathname } = useUrlState();
  const { range } = useTimeRange();
  const filters = filtersFromParams(params);
  const query = useSessionList(range, filters);
  const sessions = query.data?.pages.flatMap((p) => p.sessions) ?? [];
  const held = useHeldList(sessions, { key: JSON.stringify([range, filters]), keyOf: sessionKey, live: isRelative(range), updatedAt: query.dataUpdatedAt, settled: query.isSuccess && !query.isPlaceholderData });

  const filterHref = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) next.set(k, v);
    return `${pathname}?${next.toString()}`;
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-baseline gap-3">
          <h1 className="text-lg font-semibold">Sessions</h1>
          <LiveIndicator mode={held.mode} updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />
        </div>
        <div className="flex items-center gap-2">
          <TimeRangePicker />
          <CopyLinkButton />
        </div>
      </div>
      <SessionFilters value={filters} onChange={(next) => set(filtersPatch(next))} />
      {query.isPending && <Loading label="Loading sessions…" />}
      {query.isError && sessions.length === 0 && <ErrorState title="Could not load sessions" error={query.error} onRetry={() => void query.refetch()} />}
      {query.isError && sessions.length > 0 && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Refreshing failed ({query.error.message}); showing the sessions loaded before.
        </p>
      )}
      {query.isSuccess && sessions.length === 0 && <NoSessions filtered={hasFilters(filters)} />}
      <HoldRegion held={held} what="session">
        {held.rows.length > 0 && (
          <div className={cn('transition-opacity', query.isPlaceholderData && 'opacity-60')} aria-busy={query.isPlaceholderData}>
            <SessionTable sessions={held.rows} now={held.shownAt} filterHref={filterHref} />
          </div>
        )}
      </HoldRegion>
      {query.hasNextPage && !query.isPlaceholderData && (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} className={buttonClass}>
          {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
      {sessions.length > 0 && !query.hasNextPage && (
        <p className="text-xs text-zinc-500">
          {sessions.length} session{sessions.length === 1 ? '' : 's'} in this range.
        </p>
      )}
    </div>
  );
}
