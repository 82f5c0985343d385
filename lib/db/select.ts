import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { prioritySettings } from './query-gate';
import { currentReadScope } from './read-scope';
import { boundQuery, checkScoped, scopeParams } from './scope-sql';

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
 *
 * Every read runs within a read scope (read-scope.ts) and is checked here,
 * the one place (scope-sql.ts): no scope, or a project table read without
 * `inScope()`, and it throws before reaching the engine. The scope's
 * parameters are added to every query.
 */
export async function selectRows<T extends z.ZodType>(
  client: ClickHouseClient,
  schema: T,
  query: string,
  params: Record<string, unknown>,
  tag: string,
): Promise<z.output<T>[]> {
  const read = checkScoped(query, currentReadScope(), tag);
  const rs = await client.query({
    query: boundQuery(query, read),
    query_params: { ...params, ...scopeParams(read) },
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

/** One read of a batch: its rows' schema, its SELECT and that SELECT's parameters. */
export interface BatchRead<T extends z.ZodType = z.ZodType> {
  schema: T;
  query: string;
  params: Record<string, unknown>;
}

type BatchRows<B extends Record<string, BatchRead | undefined>> = { [K in keyof B]: B[K] extends BatchRead<infer T> ? z.output<T>[] : [] };

const batchRow = z.object({ read: z.string(), row: z.string() });

/**
 * Several unrelated reads in one round trip: each SELECT's rows are formatted
 * as a JSON object by the engine (`formatRowNoNewline`, the same JSON as
 * `selectRows` gets) under the read's name, the reads are joined with UNION
 * ALL, and each read's rows come back parsed with its own schema. The embedded
 * engine runs one query at a time, each with a fixed cost of a few
 * milliseconds; a page that needs five small lookups pays it once.
 *
 * Each read's parameters are renamed with its name as a prefix, so reads may
 * use the same names (except the scope's, which are the same for all).
 * Order within a read is not kept: sort in code. A read left undefined
 * (nothing to look up) is skipped and gets no rows. Each read is checked for
 * its scope filters on its own.
 */
export async function selectBatch<B extends Record<string, BatchRead | undefined>>(client: ClickHouseClient, reads: B, tag: string): Promise<BatchRows<B>> {
  const out: Record<string, unknown[]> = {};
  const branches: string[] = [];
  const params: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(reads)) {
    out[name] = [];
    if (!read) continue;
    if (!/^[a-z][A-Za-z0-9]*$/.test(name)) throw new Error(`a batch read is named with letters and digits, not ${JSON.stringify(name)}`);
    checkScoped(read.query, currentReadScope(), `${tag}.${name}`);
    const query = read.query.replace(/\{([A-Za-z_][A-Za-z0-9_]*):/g, (whole, p: string) => (p.startsWith('scope_') ? whole : `{${name}_${p}:`));
    for (const [p, v] of Object.entries(read.params)) if (!p.startsWith('scope_')) params[`${name}_${p}`] = v;
    branches.push(`SELECT '${name}' AS read, formatRowNoNewline('JSONEachRow', *) AS row FROM (${query})`);
  }
  if (branches.length > 0) {
    for (const r of await selectRows(client, batchRow, branches.join('\nUNION ALL\n'), params, tag)) {
      const read = reads[r.read] as BatchRead;
      (out[r.read] as unknown[]).push(read.schema.parse(JSON.parse(r.row)));
    }
  }
  return out as BatchRows<B>;
}
