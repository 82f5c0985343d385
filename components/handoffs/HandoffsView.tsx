'use client';

import { CopyLinkButton } from '@/components/ui/CopyLinkButton';
import { HoldRegion } from '@/components/ui/HoldRegion';
import { LiveIndicator } from '@/components/ui/LiveIndicator';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { buttonClass } from '@/components/ui/styles';
import { TimeRangePicker } from '@/components/ui/TimeRangePicker';
import { useAgents } from '@/hooks/useAgents';
import { useHandoffList, type HandoffListFilters } from '@/hooks/useHandoffList';
import { useHeldList } from '@/hooks/useHeldList';
import { useTimeRange } from '@/hooks/useTimeRange';
import { useUrlState } from '@/hooks/useUrlState';
import { DEFAULT_ORDER, HANDOFF_SORTS, type HandoffSort, type SortOrder } from '@/lib/schemas/handoff-order';
import { SEVERITIES, type Handoff } from '@/lib/schemas/handoffs';
import { isRelative } from '@/lib/time-range';
import { AgentFilters } from './AgentFilters';
import { HandoffTable, type HandoffOrder } from './HandoffTable';
import { SeverityFilter } from './SeverityFilter';

const KNOWN_SEVERITIES = new Set<string>(SEVERITIES);
const HOUR = 3_600_000;
const handoffKey = (h: Handoff) => h.id;

function filtersFrom(params: URLSearchParams): HandoffListFilters {
  const get = (k: string) => params.get(k)?.trim() || undefined;
  const severity = get('severity');
  return { fromAgent: get('fromAgent'), toAgent: get('toAgent'), severity: severity && KNOWN_SEVERITIES.has(severity) ? severity : undefined };
}

/** The order in the URL (`?sort=severity&order=asc`), the default (newest first) when it names none. */
function orderFrom(params: URLSearchParams): HandoffOrder {
  const asked = params.get('sort');
  const sort: HandoffSort = (HANDOFF_SORTS as readonly string[]).includes(asked ?? '') ? (asked as HandoffSort) : 'time';
  const order = params.get('order');
  return { sort, order: order === 'asc' || order === 'desc' ? (order as SortOrder) : DEFAULT_ORDER[sort] };
}

/** The handoffs explorer: time range, filters and order in the URL, paged, refreshed live and held still while read. */
export function HandoffsView() {
  const { params, set } = useUrlState();
  const { range, resolved } = useTimeRange();
  const filters = filtersFrom(params);
  const order = orderFrom(params);
  const listed = { ...filters, ...(order.sort !== 'time' || order.order !== 'desc' ? order : {}) };
  const query = useHandoffList(range, listed);
  // Agent names to suggest in the filters: the range widened to whole hours, so a relative range does not refetch them as the clock moves.
  const agents = useAgents({ from: Math.floor(resolved.fromMs / HOUR) * HOUR, to: Math.ceil(resolved.toMs / HOUR) * HOUR }, { live: false });
  const handoffs = query.data?.pages.flatMap((p) => p.handoffs) ?? [];
  const held = useHeldList(handoffs, { key: JSON.stringify([range, listed]), keyOf: handoffKey, live: isRelative(range), updatedAt: query.dataUpdatedAt, settled: query.isSuccess && !query.isPlaceholderData });
  const filtered = Boolean(filters.fromAgent || filters.toAgent || filters.severity);
  const onSort = (next: HandoffOrder) => set({ sort: next.sort === 'time' ? undefined : next.sort, order: next.order === DEFAULT_ORDER[next.sort] ? undefined : next.order });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-baseline gap-3">
          <h1 className="text-lg font-semibold">Handoffs</h1>
          <LiveIndicator mode={held.mode} fetching={query.isFetching} updatedAt={query.dataUpdatedAt} />
        </div>
        <div className="flex items-center gap-2">
          <TimeRangePicker />
          <CopyLinkButton />
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <SeverityFilter value={filters.severity} onChange={(severity) => set({ severity })} />
        <AgentFilters value={filters} agents={agents.data?.agents.map((a) => a.agent) ?? []} onChange={(next) => set({ fromAgent: next.fromAgent, toAgent: next.toAgent })} />
      </div>
      {query.isPending && <Loading label="Loading handoffs…" />}
      {query.isError && <ErrorState title="Could not load handoffs" error={query.error} onRetry={() => void query.refetch()} />}
      {query.isSuccess && handoffs.length === 0 && (
        <Empty title={filtered ? 'No handoffs match these filters' : 'No handoffs in this time range'}>
          {filtered
            ? 'Try another severity, other agents or a longer time range.'
            : 'Handoffs appear when one agent hands work to another: explicit context snapshots, span links, framework handoff signals or an agent run inside another agent’s run.'}
        </Empty>
      )}
      <HoldRegion held={held} what="handoff">
        {held.rows.length > 0 && <HandoffTable handoffs={held.rows} now={held.shownAt} order={order} onSort={onSort} />}
      </HoldRegion>
      {query.hasNextPage && (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} className={buttonClass}>
          {query.isFetchingNextPage ? 'Loading…' : 'Load more handoffs'}
        </button>
      )}
    </div>
  );
}
