'use client';

import { CopyLinkButton } from '@/components/ui/CopyLinkButton';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { buttonClass } from '@/components/ui/styles';
import { TimeRangePicker } from '@/components/ui/TimeRangePicker';
import { LiveStatus } from './LiveStatus';
import { useAgents } from '@/hooks/useAgents';
import { useHandoffList, type HandoffListFilters } from '@/hooks/useHandoffList';
import { useTimeRange } from '@/hooks/useTimeRange';
import { useUrlState } from '@/hooks/useUrlState';
import { SEVERITIES } from '@/lib/schemas/handoffs';
import { AgentFilters } from './AgentFilters';
import { HandoffTable } from './HandoffTable';
import { SeverityFilter } from './SeverityFilter';

const KNOWN_SEVERITIES = new Set<string>(SEVERITIES);
const HOUR = 3_600_000;

function filtersFrom(params: URLSearchParams): HandoffListFilters {
  const get = (k: string) => params.get(k)?.trim() || undefined;
  const severity = get('severity');
  return { fromAgent: get('fromAgent'), toAgent: get('toAgent'), severity: severity && KNOWN_SEVERITIES.has(severity) ? severity : undefined };
}

/** The handoffs explorer: time range and filters in the URL, newest first, paged, refreshed live. */
export function HandoffsView() {
  const { params, set } = useUrlState();
  const { range, resolved } = useTimeRange();
  const filters = filtersFrom(params);
  const query = useHandoffList(range, filters);
  // Agent names to suggest in the filters: the range widened to whole hours, so a relative range does not refetch them as the clock moves.
  const agents = useAgents({ from: Math.floor(resolved.fromMs / HOUR) * HOUR, to: Math.ceil(resolved.toMs / HOUR) * HOUR }, { live: false });
  const handoffs = query.data?.pages.flatMap((p) => p.handoffs) ?? [];
  const filtered = Boolean(filters.fromAgent || filters.toAgent || filters.severity);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">Handoffs</h1>
        <div className="flex items-center gap-2">
          <LiveStatus fetching={query.isFetching} updatedAt={query.dataUpdatedAt} />
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
      {handoffs.length > 0 && <HandoffTable handoffs={handoffs} now={query.dataUpdatedAt} />}
      {query.hasNextPage && (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage} className={buttonClass}>
          {query.isFetchingNextPage ? 'Loading…' : 'Load older handoffs'}
        </button>
      )}
    </div>
  );
}
