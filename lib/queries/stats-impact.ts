import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import type { DataExtent, DriftImpact, StatsParams } from '@/lib/schemas/stats';

/**
 * The overview's problems by impact (docs/analysis.md, "Drift by impact"): the
 * drift of the range's complete handoffs, one entry per agent pair, kind and
 * key, worst kind first, then by how many handoffs it hit. And, for a range
 * with nothing in it, where the stored data is.
 */

/** How many entries the overview shows. */
export const IMPACT_LIMIT = 10;

const impactRow = z.object({
  from_agent: z.string(),
  to_agent: z.string(),
  kind: z.enum(['contract', 'constraint', 'dropped', 'changed', 'added']),
  key: z.string(),
  handoffs: z.coerce.number(),
});

const SEVERITY = { contract: 'critical', constraint: 'critical', dropped: 'warning', changed: 'warning', added: 'info' } as const;

// Each drift entry counts once (as the simulator scores them): a key under the contract is a contract breach, not also a drop.
const IMPACT_SQL = `
SELECT from_agent, to_agent, entry.1 AS kind, entry.2 AS key, count() AS handoffs
FROM (
  SELECT from_agent, to_agent,
    arrayDistinct(arrayConcat(JSONExtract(drift, 'contractMissing', 'Array(String)'), JSONExtract(drift, 'preserveViolated', 'Array(String)'),
      JSONExtract(drift, 'forbiddenPresent', 'Array(String)'))) AS contract_keys,
    arrayJoin(arrayConcat(
      arrayMap(k -> ('contract', k), contract_keys),
      arrayMap(k -> ('constraint', k), arrayFilter(k -> NOT has(contract_keys, k), JSONExtract(drift, 'constraintsDropped', 'Array(String)'))),
      arrayMap(k -> ('dropped', k), arrayFilter(k -> NOT has(contract_keys, k), JSONExtract(drift, 'dropped', 'Array(String)'))),
      arrayMap(k -> ('changed', k), arrayFilter(k -> NOT has(contract_keys, k), arrayMap(c -> JSONExtractString(c, 'key'), JSONExtractArrayRaw(drift, 'changed')))),
      arrayMap(k -> ('added', k), JSONExtract(drift, 'added', 'Array(String)'))
    )) AS entry
  FROM handoffs FINAL
  WHERE ${inScope()} AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time <= fromUnixTimestamp64Milli({to:Int64})
    AND status = 'complete' AND severity != 'none'
)
GROUP BY from_agent, to_agent, kind, key
ORDER BY multiIf(kind IN ('contract', 'constraint'), 3, kind IN ('dropped', 'changed'), 2, 1) DESC, handoffs DESC, from_agent, to_agent, kind, key
LIMIT {limit:UInt32}`;

export async function driftImpact(client: ClickHouseClient, p: StatsParams): Promise<DriftImpact[]> {
  const rows = await selectRows(client, impactRow, IMPACT_SQL, { from: p.from, to: p.to, limit: IMPACT_LIMIT }, 'stats.impact');
  return rows.map((r) => ({ fromAgent: r.from_agent, toAgent: r.to_agent, kind: r.kind, key: r.key, severity: SEVERITY[r.kind], handoffs: r.handoffs }));
}

const extentRow = z.object({ traces: z.coerce.number(), first_ms: z.coerce.number(), last_ms: z.coerce.number() });

/** The first start and last end of the stored traces in scope (the trace rollup); null when there are none. */
export async function dataExtent(client: ClickHouseClient): Promise<DataExtent | null> {
  const [r] = await selectRows(
    client,
    extentRow,
    `SELECT count() AS traces, toUnixTimestamp64Milli(min(start_time)) AS first_ms, toUnixTimestamp64Milli(max(end_time)) AS last_ms FROM traces WHERE ${inScope()}`,
    {},
    'stats.extent',
  );
  return r && r.traces > 0 ? { fromMs: r.first_ms, toMs: r.last_ms } : null;
}
