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
