'use client';

import type { TraceFilters as Filters } from '@/hooks/query-keys';
import { useTimeRange } from '@/hooks/useTimeRange';
import { useTraces } from '@/hooks/useTraces';
import { useUrlState } from '@/hooks/useUrlState';
import { CopyLinkButton } from '@/components/ui/CopyLinkButton';
import { SendDataHint } from '@/components/ui/SendDataHint';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { TimeRangePicker } from '@/components/ui/TimeRangePicker';
import { HoldRegion } from '@/components/ui/HoldRegion';
import { LiveIndicator } from '@/components/ui/LiveIndicator';
import { useHeldList } from '@/hooks/useHeldList';
import type { TraceSummary } from '@/lib/schemas/api';
import { isRelative } from '@/lib/time-range';
import { TraceFilters } from './TraceFilters';
import { TraceTable } from './TraceTable';

function filtersFrom(params: { get(name: string): string | null }): Filters {
  const get = (k: string) => params.get(k) || undefined;
  return { q: get('q'), agent: get('agent'), service: get('service') };
}

const traceKey = (t: TraceSummary) => t.traceId;

/** The traces page: time range and filters in the URL, newest traces first, refreshed every few seconds and held still while read. */
export function TracesView() {
  const { params, set } = useUrlState();
  const { range } = useTimeRange();
  const filters = filtersFrom(params);
  const query = useTraces(filters, range);
  const traces = query.data?.pages.flatMap((p) => p.traces) ?? [];
  const held = useHeldList(traces, { key: JSON.stringify([range, filters]), keyOf: traceKey, live: isRelative(range), updatedAt: query.dataUpdatedAt, settled: query.isSuccess && !query.isPlaceholderData });
  const filtered = Boolean(filters.q || filters.agent || filters.service);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-baseline gap-3">
          <h1 className="text-lg font-semibold">Traces</h1>
          <LiveIndicator mode={held.mode} updatedAt={query.dataUpdatedAt} fetching={query.isFetching} />
        </div>
        <div className="flex items-center gap-2">
          <TimeRangePicker />
          <CopyLinkButton />
        </div>
      </div>
      <TraceFilters value={filters} onChange={(next) => set({ q: next.q, agent: next.agent, service: next.service })} />
      {query.isPending && <Loading label="Loading traces…" />}
      {query.isError && <ErrorState title="Could not load traces" error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && traces.length === 0 && (
        <Empty title={filtered ? 'No traces match these filters' : 'No traces in this time range'}>
          {filtered ? (
            'Try a broader search or a wider time range.'
          ) : (
            <div className="mx-auto max-w-xl">
              <SendDataHint />
            </div>
          )}
        </Empty>
      )}
      <HoldRegion held={held} what="trace">
        {held.rows.length > 0 && <TraceTable traces={held.rows} now={held.shownAt} />}
      </HoldRegion>
      {query.hasNextPage && (
        <button
          type="button"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
          className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {query.isFetchingNextPage ? 'Loading…' : 'Load older traces'}
        </button>
      )}
    </div>
  );
}
