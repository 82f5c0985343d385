import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { SPAN_COPY_ORDER } from '@/lib/db/columns';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import type { AgentsParams, AgentsResponse, AgentStats, HandoffSide, PairStats } from '@/lib/schemas/agents';
import { agentFailures, pairKey } from './agent-failures';

/**
 * Agents and agent pairs over a time range (lib/schemas/agents.ts defines
 * every figure). Three reads in parallel: the agents' runs (agent spans, by
 * start time), the handoffs (FINAL, by handoff time) joined to their
 * receiving agent spans, which are found by primary key (trace id) rather
 * than by time since a receiver may start long after the send, and the failed
 * runs (./agent-failures.ts walks the span trees of failing traces).
 * Per-agent handoff figures are sums over the pairs it is a side of.
 *
 * Runs are counted once per span id, from the span's first stored copy (a
 * redelivered span is not a second run, nor a second latency). Quantiles are
 * exact, interpolated between the two nearest values (the median of 1 s and
 * 3 s is 2 s).
 */

const IN_RANGE = (column: string) => `${column} >= fromUnixTimestamp64Milli({from:Int64}) AND ${column} <= fromUnixTimestamp64Milli({to:Int64})`;

const quantiles = z.array(z.coerce.number());

const agentRow = z.object({
  agent: z.string(),
  invocations: z.coerce.number(),
  traces: z.coerce.number(),
  latency: quantiles,
});

// Copies are ranked among agent spans only, which are few (ranking every span
// of the range would sort them all): a span whose first copy is not an agent
// run, but a later copy is, still counts as one.
const AGENTS_SQL = `
SELECT agent,
  count() AS invocations,
  uniqExact(trace_id) AS traces,
  quantilesExactInclusive(0.5, 0.95)(duration_ns) AS latency
FROM (
  SELECT trace_id, span_id, agent, duration_ns
  FROM spans
  WHERE ${inScope()} AND type = 'agent' AND agent != '' AND ${IN_RANGE('start_time')}
  ORDER BY ${SPAN_COPY_ORDER}
  LIMIT 1 BY trace_id, span_id
)
GROUP BY agent`;

const pairRow = z.object({
  from_agent: z.string(),
  to_agent: z.string(),
  handoffs: z.coerce.number(),
  complete: z.coerce.number(),
  drifted: z.coerce.number(),
  critical: z.coerce.number(),
  measured: z.coerce.number(),
  fidelity_sum: z.coerce.number(),
  timed: z.coerce.number(),
  receiver: quantiles,
  pickup: quantiles,
});

const HANDOFFS_IN_RANGE = `SELECT from_agent, to_agent, to_trace_id, to_span_id, time, status, severity, method, fidelity
  FROM handoffs FINAL WHERE ${inScope()} AND ${IN_RANGE('time')}`;

const PAIRS_SQL = `
SELECT h.from_agent AS from_agent, h.to_agent AS to_agent,
  count() AS handoffs,
  countIf(h.status = 'complete') AS complete,
  countIf(h.status = 'complete' AND h.severity != 'none') AS drifted,
  countIf(h.status = 'complete' AND h.severity = 'critical') AS critical,
  countIf(h.status = 'complete' AND h.method != 'text') AS measured,
  sumIf(h.fidelity, h.status = 'complete' AND h.method != 'text') AS fidelity_sum,
  countIf(r.found = 1) AS timed,
  quantilesExactInclusiveIf(0.5, 0.95)(r.duration_ns, r.found = 1) AS receiver,
  quantilesExactInclusiveIf(0.5, 0.95)(greatest(toInt64(0), toUnixTimestamp64Nano(r.start_time) - toUnixTimestamp64Nano(h.time)), r.found = 1) AS pickup
FROM (${HANDOFFS_IN_RANGE}) AS h
LEFT JOIN (
  SELECT trace_id, span_id, argMin(start_time, (${SPAN_COPY_ORDER})) AS start_time,
    argMin(duration_ns, (${SPAN_COPY_ORDER})) AS duration_ns, toUInt8(1) AS found
  FROM spans
  WHERE ${inScope()} AND trace_id IN (SELECT to_trace_id FROM (${HANDOFFS_IN_RANGE}) WHERE status = 'complete')
    AND (trace_id, span_id) IN (SELECT to_trace_id, to_span_id FROM (${HANDOFFS_IN_RANGE}) WHERE status = 'complete')
  GROUP BY trace_id, span_id
) AS r ON r.trace_id = h.to_trace_id AND r.span_id = h.to_span_id
GROUP BY from_agent, to_agent`;

const ratio = (part: number, whole: number, digits = 3) => (whole > 0 ? Math.round((part / whole) * 10 ** digits) / 10 ** digits : null);
const quantile = (q: number[], i: number, n: number) => (n > 0 ? Math.round(q[i] ?? 0) : null);

interface SideSums {
  handoffs: number;
  complete: number;
  drifted: number;
  critical: number;
  measured: number;
  fidelitySum: number;
}

const EMPTY_SIDE: SideSums = { handoffs: 0, complete: 0, drifted: 0, critical: 0, measured: 0, fidelitySum: 0 };

function side(s: SideSums): HandoffSide {
  return {
    handoffs: s.handoffs,
    complete: s.complete,
    drifted: s.drifted,
    critical: s.critical,
    measured: s.measured,
    driftRate: ratio(s.drifted, s.complete),
    meanFidelity: ratio(s.fidelitySum, s.measured),
  };
}

function addTo(map: Map<string, SideSums>, agent: string, r: z.infer<typeof pairRow>) {
  const s = map.get(agent) ?? { ...EMPTY_SIDE };
  s.handoffs += r.handoffs;
  s.complete += r.complete;
  s.drifted += r.drifted;
  s.critical += r.critical;
  s.measured += r.measured;
  s.fidelitySum += r.fidelity_sum;
  map.set(agent, s);
}

function toPair(r: z.infer<typeof pairRow>, errored: number): PairStats {
  return {
    fromAgent: r.from_agent,
    toAgent: r.to_agent,
    ...side({ handoffs: r.handoffs, complete: r.complete, drifted: r.drifted, critical: r.critical, measured: r.measured, fidelitySum: r.fidelity_sum }),
    receiverP50Ns: quantile(r.receiver, 0, r.timed),
    receiverP95Ns: quantile(r.receiver, 1, r.timed),
    pickupP50Ns: quantile(r.pickup, 0, r.timed),
    pickupP95Ns: quantile(r.pickup, 1, r.timed),
    erroredReceivers: errored,
    errorRate: ratio(errored, r.complete),
  };
}

/** Every agent and pair active in the range, busiest first. */
export async function agentStats(client: ClickHouseClient, p: AgentsParams): Promise<AgentsResponse> {
  const params = { from: p.from, to: p.to };
  const [agentRows, pairRows, failures] = await Promise.all([
    selectRows(client, agentRow, AGENTS_SQL, params, 'agents.runs'),
    selectRows(client, pairRow, PAIRS_SQL, params, 'agents.pairs'),
    agentFailures(client, params),
  ]);
  const sent = new Map<string, SideSums>();
  const received = new Map<string, SideSums>();
  for (const r of pairRows) {
    if (r.from_agent) addTo(sent, r.from_agent, r);
    if (r.to_agent) addTo(received, r.to_agent, r);
  }
  const runs = new Map(agentRows.map((r) => [r.agent, r]));
  const names = new Set([...runs.keys(), ...sent.keys(), ...received.keys()]);
  const agents: AgentStats[] = [...names].map((agent) => {
    const r = runs.get(agent);
    const invocations = r?.invocations ?? 0;
    const failed = failures.byAgent.get(agent) ?? { failedRuns: 0, errors: 0 };
    return {
      agent,
      invocations,
      traces: r?.traces ?? 0,
      latencyP50Ns: quantile(r?.latency ?? [], 0, invocations),
      latencyP95Ns: quantile(r?.latency ?? [], 1, invocations),
      errors: failed.errors,
      failedRuns: failed.failedRuns,
      errorRate: ratio(failed.failedRuns, invocations),
      sent: side(sent.get(agent) ?? EMPTY_SIDE),
      received: side(received.get(agent) ?? EMPTY_SIDE),
    };
  });
  agents.sort((a, b) => b.invocations - a.invocations || b.sent.handoffs + b.received.handoffs - (a.sent.handoffs + a.received.handoffs) || a.agent.localeCompare(b.agent));
  const pairs = pairRows.map((r) => toPair(r, failures.byPair.get(pairKey(r.from_agent, r.to_agent)) ?? 0)).sort((a, b) => b.handoffs - a.handoffs || a.fromAgent.localeCompare(b.fromAgent) || a.toAgent.localeCompare(b.toAgent));
  return { agents, pairs };
}
