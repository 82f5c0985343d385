import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { prioritySettings } from './query-gate';

/**
 * Runs a SELECT with query parameters and parses every row with its schema:
 * the one way Baton reads rows. Each query is tagged (log_comment) so it can
 * be found in ClickHouse's query log, and bounded in time when it runs for
 * the analyzer (query-gate.ts).
 *
 * A list parameter is matched as `x IN (SELECT arrayJoin({ids:Array(String)}))`,
 * never `x IN {ids:Array(String)}`: the engine turns the latter into a literal
 * whose analysis grows much faster than the list (20,000 ids: 16 s against
 * 0.3 s, measured on the embedded engine), and the analyzer asks about that
 * many traces or snapshots in one batch. Both forms use the primary key.
 * Lists of tuples go the same way through `tuplesIn`.
 */
export async function selectRows<T extends z.ZodType>(
  client: ClickHouseClient,
  schema: T,
  query: string,
  params: Record<string, unknown>,
  tag: string,
): Promise<z.output<T>[]> {
  const rs = await client.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: { log_comment: `baton:${tag}`, ...prioritySettings() },
  });
  return z.array(schema).parse(await rs.json());
}

/**
 * `(a, b, …) IN (SELECT arrayJoin(arrayZip({name_0:Array(String)}, …)))`: a
 * set of string tuples (at least two columns) matched as a whole, with each
 * column's values as one array parameter. When the columns are a prefix of
 * the sort key, the engine looks every tuple up by the primary key; for a
 * batch of sessions this beats a per-session `OR` of lists by 2-3×.
 */
export function tuplesIn(name: string, columns: readonly string[], tuples: readonly (readonly string[])[]): { sql: string; params: Record<string, string[]> } {
  const params: Record<string, string[]> = {};
  columns.forEach((_, i) => (params[`${name}_${i}`] = tuples.map((t) => t[i] ?? '')));
  const arrays = columns.map((_, i) => `{${name}_${i}:Array(String)}`).join(', ');
  return { sql: `(${columns.join(', ')}) IN (SELECT arrayJoin(arrayZip(${arrays})))`, params };
}
