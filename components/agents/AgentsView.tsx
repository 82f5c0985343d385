'use client';

import { CopyLinkButton } from '@/components/ui/CopyLinkButton';
import { Panel } from '@/components/ui/Panel';
import { Empty, ErrorState, Loading } from '@/components/ui/StatusMessage';
import { TimeRangePicker } from '@/components/ui/TimeRangePicker';
import { useAgents } from '@/hooks/useAgents';
import { useTimeRange } from '@/hooks/useTimeRange';
import { useUrlState } from '@/hooks/useUrlState';
import { parseSort } from '@/lib/sort';
import { AGENT_COLUMNS, AgentTable } from './AgentTable';
import { PAIR_COLUMNS, PairTable } from './PairTable';

/** The agents page: per agent and per pair of agents over the time range; sorts in the URL. */
export function AgentsView() {
  const { params, set } = useUrlState();
  const { range, resolved } = useTimeRange();
  const query = useAgents({ from: resolved.fromMs, to: resolved.toMs });
  const agentSort = parseSort(params.get('sort'), params.get('dir'), AGENT_COLUMNS, { column: 'runs', dir: 'desc' });
  const pairSort = parseSort(params.get('pairSort'), params.get('pairDir'), PAIR_COLUMNS, { column: 'handoffs', dir: 'desc' });
  const data = query.data;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-lg font-semibold">Agents</h1>
        <div className="flex items-center gap-2">
          <TimeRangePicker />
          <CopyLinkButton />
        </div>
      </div>
      {query.isPending && <Loading label="Loading agents…" />}
      {query.isError && <ErrorState title="Could not load agents" error={query.error} onRetry={() => void query.refetch()} />}
      {data && data.agents.length === 0 && (
        <Empty title="No agents in this time range">
          Agents are named by <code>gen_ai.agent.name</code>, <code>agent.name</code> and the other conventions Baton reads; try a longer time range.
        </Empty>
      )}
      {data && data.agents.length > 0 && (
        <>
          <Panel title="Agents" actions={<span className="text-xs text-zinc-500">{data.agents.length} agents · latency of their runs (agent spans)</span>}>
            <AgentTable agents={data.agents} range={range} sort={agentSort} onSort={(sort, dir) => set({ sort, dir })} />
          </Panel>
          <Panel title="Agent pairs" actions={<span className="text-xs text-zinc-500">{data.pairs.length} pairs · latency of the receiving run</span>}>
            {data.pairs.length === 0 ? (
              <p className="py-6 text-center text-sm text-zinc-500">No handoffs between agents in this time range.</p>
            ) : (
              <PairTable pairs={data.pairs} range={range} sort={pairSort} onSort={(s, d) => set({ pairSort: s, pairDir: d })} />
            )}
          </Panel>
          <p className="text-xs text-zinc-500">
            A run is one agent span; it failed when the span or one of its model or tool calls had error status. Pair latency is the receiving run; pickup is the time from
            the send to the start of that run. Drift and fidelity count complete handoffs only; fidelity needs context snapshots.
          </p>
        </>
      )}
    </div>
  );
}
