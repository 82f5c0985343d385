'use client';

import Link from 'next/link';
import { withRange, type RangeParams } from '@/lib/links';
import type { AgentStats } from '@/lib/schemas/agents';
import type { SortDir } from '@/lib/sort';
import { CountLink, Duration, Fidelity, Share } from './cells';
import { SortableTable, type Column } from './SortableTable';

export const AGENT_COLUMNS = ['agent', 'runs', 'p50', 'p95', 'errorRate', 'sent', 'sentDrift', 'sentFidelity', 'received', 'receivedDrift', 'receivedFidelity'] as const;

function columns(range: RangeParams): Column<AgentStats>[] {
  return [
    {
      id: 'agent',
      label: 'Agent',
      value: (a) => a.agent,
      render: (a) => (
        <Link href={withRange('/traces', range, { agent: a.agent })} prefetch={false} className="font-medium hover:text-indigo-600 hover:underline dark:hover:text-indigo-400" title={`Traces in which ${a.agent} ran`}>
          {a.agent}
        </Link>
      ),
    },
    { id: 'runs', label: 'Runs', title: 'Agent spans (invocations) that started in the range', numeric: true, value: (a) => a.invocations, render: (a) => a.invocations },
    { id: 'p50', label: 'p50', title: 'Median duration of its runs', numeric: true, value: (a) => a.latencyP50Ns, render: (a) => <Duration ns={a.latencyP50Ns} /> },
    { id: 'p95', label: 'p95', title: '95th percentile duration of its runs', numeric: true, value: (a) => a.latencyP95Ns, render: (a) => <Duration ns={a.latencyP95Ns} /> },
    {
      id: 'errorRate',
      label: 'Error rate',
      title: 'Share of its runs that failed: the agent span, or one of its model or tool calls, had error status',
      numeric: true,
      value: (a) => a.errorRate,
      render: (a) => <Share v={a.errorRate} bad={0.1} title={`${a.failedRuns} of ${a.invocations} runs; ${a.errors} failed spans`} />,
    },
    {
      id: 'sent',
      label: 'Sent',
      title: 'Handoffs it sent',
      numeric: true,
      value: (a) => a.sent.handoffs,
      render: (a) => <CountLink n={a.sent.handoffs} href={withRange('/handoffs', range, { fromAgent: a.agent })} label={`${a.sent.handoffs} handoffs sent by ${a.agent}`} />,
    },
    { id: 'sentDrift', label: 'Drift (sent)', title: 'Share of its complete sent handoffs with drift', numeric: true, value: (a) => a.sent.driftRate, render: (a) => <Share v={a.sent.driftRate} /> },
    { id: 'sentFidelity', label: 'Fidelity (sent)', title: 'Mean fidelity of its sent handoffs measured on snapshots', numeric: true, value: (a) => a.sent.meanFidelity, render: (a) => <Fidelity v={a.sent.meanFidelity} /> },
    {
      id: 'received',
      label: 'Received',
      title: 'Handoffs it received',
      numeric: true,
      value: (a) => a.received.handoffs,
      render: (a) => <CountLink n={a.received.handoffs} href={withRange('/handoffs', range, { toAgent: a.agent })} label={`${a.received.handoffs} handoffs received by ${a.agent}`} />,
    },
    { id: 'receivedDrift', label: 'Drift (recv.)', title: 'Share of its complete received handoffs with drift', numeric: true, value: (a) => a.received.driftRate, render: (a) => <Share v={a.received.driftRate} /> },
    {
      id: 'receivedFidelity',
      label: 'Fidelity (recv.)',
      title: 'Mean fidelity of its received handoffs measured on snapshots',
      numeric: true,
      value: (a) => a.received.meanFidelity,
      render: (a) => <Fidelity v={a.received.meanFidelity} />,
    },
  ];
}

/** Per agent: runs, latency, errors, and the drift of what it sends and receives. */
export function AgentTable({ agents, range, sort, onSort }: { agents: AgentStats[]; range: RangeParams; sort: { column: string; dir: SortDir }; onSort: (column: string, dir: SortDir) => void }) {
  return <SortableTable label="Agents" columns={columns(range)} rows={agents} rowKey={(a) => a.agent} sort={sort} onSort={onSort} />;
}
