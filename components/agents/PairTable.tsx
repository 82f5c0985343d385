'use client';

import Link from 'next/link';
import { withRange, type RangeParams } from '@/lib/links';
import type { PairStats } from '@/lib/schemas/agents';
import type { SortDir } from '@/lib/sort';
import { Duration, Fidelity, Share } from './cells';
import { SortableTable, type Column } from './SortableTable';

export const PAIR_COLUMNS = ['pair', 'handoffs', 'driftRate', 'critical', 'fidelity', 'receiverP50', 'receiverP95', 'pickupP95', 'errorRate'] as const;

const name = (agent: string) => agent || '(unknown)';

function columns(range: RangeParams): Column<PairStats>[] {
  return [
    {
      id: 'pair',
      label: 'From → to',
      value: (p) => `${p.fromAgent} → ${p.toAgent}`,
      render: (p) => (
        <Link
          href={withRange('/handoffs', range, { fromAgent: p.fromAgent, toAgent: p.toAgent })}
          prefetch={false}
          className="hover:text-indigo-600 hover:underline dark:hover:text-indigo-400"
          title={`Handoffs from ${name(p.fromAgent)} to ${name(p.toAgent)}`}
        >
          <span className="font-medium">{name(p.fromAgent)}</span>
          <span className="px-1 text-zinc-400">→</span>
          <span className="font-medium">{name(p.toAgent)}</span>
        </Link>
      ),
    },
    { id: 'handoffs', label: 'Handoffs', title: 'Handoffs sent in the range (pending ones included)', numeric: true, value: (p) => p.handoffs, render: (p) => p.handoffs },
    { id: 'driftRate', label: 'Drift rate', title: 'Share of complete handoffs with any drift', numeric: true, value: (p) => p.driftRate, render: (p) => <Share v={p.driftRate} title={`${p.drifted} of ${p.complete} complete`} /> },
    {
      id: 'critical',
      label: 'Critical',
      numeric: true,
      value: (p) => p.critical,
      render: (p) =>
        p.critical > 0 ? (
          <Link href={withRange('/handoffs', range, { fromAgent: p.fromAgent, toAgent: p.toAgent, severity: 'critical' })} prefetch={false} className="font-medium text-red-600 hover:underline dark:text-red-400">
            {p.critical}
          </Link>
        ) : (
          <span className="text-zinc-400">0</span>
        ),
    },
    { id: 'fidelity', label: 'Fidelity', title: 'Mean share of what the sender handed over (facts, constraints, contract entries) that arrived unchanged (handoffs measured on snapshots)', numeric: true, value: (p) => p.meanFidelity, render: (p) => <Fidelity v={p.meanFidelity} /> },
    { id: 'receiverP50', label: 'Receiver p50', title: 'Median duration of the receiving agent run', numeric: true, value: (p) => p.receiverP50Ns, render: (p) => <Duration ns={p.receiverP50Ns} /> },
    { id: 'receiverP95', label: 'Receiver p95', title: '95th percentile duration of the receiving agent run', numeric: true, value: (p) => p.receiverP95Ns, render: (p) => <Duration ns={p.receiverP95Ns} /> },
    {
      id: 'pickupP95',
      label: 'Pickup p95',
      title: 'From the send to the start of the receiving run (0 for inferred handoffs, whose time is the receiver’s start)',
      numeric: true,
      value: (p) => p.pickupP95Ns,
      render: (p) => <Duration ns={p.pickupP95Ns} />,
    },
    {
      id: 'errorRate',
      label: 'Receiver errors',
      title: 'Share of complete handoffs whose receiving run failed (its agent span, or one of its model or tool calls)',
      numeric: true,
      value: (p) => p.errorRate,
      render: (p) => <Share v={p.errorRate} bad={0.1} title={`${p.erroredReceivers} of ${p.complete} complete`} />,
    },
  ];
}

/** Per pair of agents: handoff volume, drift, fidelity, the receiving run's latency and errors. */
export function PairTable({ pairs, range, sort, onSort }: { pairs: PairStats[]; range: RangeParams; sort: { column: string; dir: SortDir }; onSort: (column: string, dir: SortDir) => void }) {
  return <SortableTable label="Agent pairs" columns={columns(range)} rows={pairs} rowKey={(p) => `${p.fromAgent}\u0000${p.toAgent}`} sort={sort} onSort={onSort} />;
}
