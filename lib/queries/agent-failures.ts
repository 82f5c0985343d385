import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { SPAN_COPY_ORDER } from '@/lib/db/columns';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';

/**
 * Which agent runs failed: a run (an agent span) fails when it, or any span
 * below it that is not inside another agent's run (its model and tool calls),
 * has error status. The span tree is walked here rather than trusting the
 * stored `agent` column, which a child exported before its parent (the usual
 * order: children end first) stores empty.
 *
 * Look-back: error spans that started in [from, to + 1 day] (a run that
 * started in the range may fail later), and the spans of their traces within
 * [from - 1 day, to + 1 day]; a trace is read by primary key. Only traces with
 * an error are read, so the cost follows the number of failing traces.
 */

const FROM = `fromUnixTimestamp64Milli({from:Int64})`;
const TO = `fromUnixTimestamp64Milli({to:Int64})`;

const ERROR_TRACES = `SELECT DISTINCT trace_id FROM spans
  WHERE ${inScope()} AND status_code = 'error' AND start_time >= ${FROM} AND start_time <= ${TO} + INTERVAL 1 DAY`;

const treeRow = z.object({
  trace_id: z.string(),
  span_id: z.string(),
  parent_span_id: z.string(),
  type: z.string(),
  agent: z.string(),
  failed: z.coerce.number(),
  in_range: z.coerce.number(),
});
export type TreeRow = z.infer<typeof treeRow>;

const TREE_SQL = `
SELECT trace_id, span_id, parent_span_id, type, agent, status_code = 'error' AS failed,
  start_time >= ${FROM} AND start_time <= ${TO} AS in_range
FROM spans
WHERE ${inScope()} AND trace_id IN (${ERROR_TRACES})
  AND start_time >= ${FROM} - INTERVAL 1 DAY AND start_time <= ${TO} + INTERVAL 1 DAY
ORDER BY ${SPAN_COPY_ORDER}
LIMIT 1 BY trace_id, span_id`;

const receiverRow = z.object({ from_agent: z.string(), to_agent: z.string(), to_trace_id: z.string(), to_span_id: z.string() });

/** Complete handoffs of the range whose receiving trace had an error: the only ones whose receiving run can have failed. */
const RECEIVERS_SQL = `
SELECT from_agent, to_agent, to_trace_id, to_span_id FROM handoffs FINAL
WHERE ${inScope()} AND time >= ${FROM} AND time <= ${TO} AND status = 'complete' AND to_trace_id IN (${ERROR_TRACES})`;

export interface FailedRun {
  agent: string;
  /** The run started in the range. */
  inRange: boolean;
  /** Failed spans of the run (itself, its model and tool calls). */
  errors: number;
}

const key = (traceId: string, spanId: string) => `${traceId}:${spanId}`;

/** The failed runs among these spans, by `trace:span` of the agent span; a failed span with no agent run above it is left out. */
export function failedRuns(rows: readonly TreeRow[]): Map<string, FailedRun> {
  const byKey = new Map(rows.map((r) => [key(r.trace_id, r.span_id), r]));
  const runs = new Map<string, FailedRun>();
  for (const r of rows) {
    if (!r.failed) continue;
    let cur: TreeRow | undefined = r;
    for (let depth = 0; cur && cur.type !== 'agent' && depth < 1000; depth++) cur = cur.parent_span_id ? byKey.get(key(cur.trace_id, cur.parent_span_id)) : undefined;
    if (!cur || cur.type !== 'agent' || !cur.agent) continue;
    const k = key(cur.trace_id, cur.span_id);
    const run = runs.get(k) ?? { agent: cur.agent, inRange: cur.in_range === 1, errors: 0 };
    run.errors += 1;
    runs.set(k, run);
  }
  return runs;
}

export interface Failures {
  /** Per agent: its failed runs that started in the range, and their failed spans. */
  byAgent: Map<string, { failedRuns: number; errors: number }>;
  /** Per pair (`from\0to`): complete handoffs whose receiving run failed. */
  byPair: Map<string, number>;
}

export const pairKey = (from: string, to: string) => `${from}\u0000${to}`;

export async function agentFailures(client: ClickHouseClient, params: { from: number; to: number }): Promise<Failures> {
  const [tree, receivers] = await Promise.all([
    selectRows(client, treeRow, TREE_SQL, params, 'agents.failureTrees'),
    selectRows(client, receiverRow, RECEIVERS_SQL, params, 'agents.failedReceivers'),
  ]);
  const runs = failedRuns(tree);
  const byAgent = new Map<string, { failedRuns: number; errors: number }>();
  for (const run of runs.values()) {
    if (!run.inRange) continue;
    const a = byAgent.get(run.agent) ?? { failedRuns: 0, errors: 0 };
    a.failedRuns += 1;
    a.errors += run.errors;
    byAgent.set(run.agent, a);
  }
  const byPair = new Map<string, number>();
  for (const h of receivers) {
    if (!runs.has(key(h.to_trace_id, h.to_span_id))) continue;
    const k = pairKey(h.from_agent, h.to_agent);
    byPair.set(k, (byPair.get(k) ?? 0) + 1);
  }
  return { byAgent, byPair };
}
