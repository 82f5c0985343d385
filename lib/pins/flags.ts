import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { unscoped } from '@/lib/db/read-scope';
import { inScope, PROJECT_TABLES } from '@/lib/db/scope-sql';
import { selectRows } from '@/lib/db/select';

/**
 * The effect of pins on the stored rows (lib/db/migrations/0012_pins.sql and
 * 0013_session_pins.sql): `pinned = 1` on the rows a pin covers, and copies
 * of the content-addressed rows they refer to seen at PINNED_LAST_SEEN.
 *
 * What pins cover is a `Coverage` of one project: traces (pinned on their
 * own, or as traces of a pinned session) and sessions. Its rows:
 *
 * - spans, traces, snapshots: of the covered traces (by trace id);
 * - handoffs: naming a covered session, or one of whose traces is covered;
 * - sessions, session_turns, session_facts, session_keys, session_values:
 *   of the covered sessions;
 * - resources and snapshot bodies the covered traces' spans and snapshots
 *   refer to.
 *
 * The updates are issued together without waiting for each, then waited for
 * once (`runMutations`): when a pin returns, its rows are flagged.
 */

export interface Coverage {
  traces: string[];
  sessions: string[];
}

/**
 * The last_seen of a pinned resource or snapshot body: later than any real
 * one (a ReplacingMergeTree(last_seen) merge keeps it), early enough that
 * last_seen plus any retention stays within DateTime's range (2106).
 */
export const PINNED_LAST_SEEN = '2080-01-01 00:00:00';

/** Longest a pin waits for its updates before it fails with the tables still busy. */
export const MUTATION_TIMEOUT_MS = 120_000;

export const TRACE_TABLES = ['spans', 'traces', 'snapshots'] as const;
export const SESSION_TABLES = ['sessions', 'session_turns', 'session_facts', 'session_keys', 'session_values'] as const;
export type FlagTable = (typeof TRACE_TABLES)[number] | 'handoffs' | (typeof SESSION_TABLES)[number];

const system = <T>(work: () => Promise<T>) => unscoped('pins flag the rows of one project, named in every statement', work);

/** Which rows of a table a coverage holds, with its parameters named `${p}traces` and `${p}sessions`. */
export function coveredSql(table: FlagTable, p = ''): string {
  if (table === 'handoffs') {
    const t = `{${p}traces:Array(String)}`;
    return `(session_id IN {${p}sessions:Array(String)} OR trace_id IN ${t} OR from_trace_id IN ${t} OR to_trace_id IN ${t})`;
  }
  return (SESSION_TABLES as readonly string[]).includes(table) ? `session_id IN {${p}sessions:Array(String)}` : `trace_id IN {${p}traces:Array(String)}`;
}

const isEmpty = (table: FlagTable, c: Coverage) => (table === 'handoffs' ? c.traces.length + c.sessions.length === 0 : (SESSION_TABLES as readonly string[]).includes(table) ? c.sessions.length === 0 : c.traces.length === 0);

/** One ALTER TABLE … UPDATE pinned (or, with `set` null, DELETE) of the rows `where` selects, with its parameters. */
export interface Mutation {
  table: string;
  set: 0 | 1 | null;
  where: string;
  params: Record<string, unknown>;
}

const mutationRow = z.object({ table: z.string(), mutation_id: z.string(), is_done: z.coerce.number(), latest_fail_reason: z.string() });
const MUTATIONS_SQL = `SELECT table, mutation_id, is_done, latest_fail_reason FROM system.mutations WHERE database = currentDatabase() AND table IN {tables:Array(String)}`;
const countRow = z.object({ n: z.coerce.number() });

/**
 * Runs these mutations together and returns once each has taken effect: all
 * are issued without waiting (the engine runs them in its background pool),
 * then each is polled until no row its WHERE selects is left (the rows are
 * flagged, or gone) or `system.mutations` says it is done (rows written
 * since it was issued may still match: the periodic pass flags those). The
 * first test usually passes long before the second: a mutation rewrites
 * every part of the table one at a time, the rows of one trace are in a few.
 * A mutation that fails, or takes longer than MUTATION_TIMEOUT_MS, fails the
 * call saying which table.
 */
export async function runMutations(client: ClickHouseClient, statements: readonly Mutation[], timeoutMs = MUTATION_TIMEOUT_MS): Promise<void> {
  const tables = statements.map((s) => s.table);
  if (new Set(tables).size !== tables.length) throw new Error('one mutation per table at a time');
  if (tables.length === 0) return;
  const key = (r: { table: string; mutation_id: string }) => `${r.table}/${r.mutation_id}`;
  const before = new Set((await system(() => selectRows(client, mutationRow, MUTATIONS_SQL, { tables }, 'pins:mutations'))).map(key));
  for (const s of statements) {
    const query = `ALTER TABLE ${s.table} ${s.set === null ? 'DELETE' : `UPDATE pinned = ${s.set}`} WHERE ${s.where}`;
    await client.command({ query, query_params: s.params, clickhouse_settings: { mutations_sync: '0' } });
  }
  let waiting = [...statements];
  const deadline = Date.now() + timeoutMs;
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    const mine = (await system(() => selectRows(client, mutationRow, MUTATIONS_SQL, { tables }, 'pins:mutations'))).filter((r) => !before.has(key(r)));
    const failed = mine.find((r) => r.is_done === 0 && r.latest_fail_reason !== '');
    if (failed) throw new Error(`pinning failed: the update of ${failed.table} failed (${failed.latest_fail_reason})`);
    const still = [];
    for (const s of waiting) {
      if (mine.some((r) => r.table === s.table && r.is_done === 1)) continue;
      // The content-addressed tables have no project column to read by: their (small) mutation is waited for.
      if (!(PROJECT_TABLES as readonly string[]).includes(s.table)) {
        still.push(s);
        continue;
      }
      const [left] = await system(() => selectRows(client, countRow, `SELECT count() AS n FROM ${s.table} WHERE ${inScope()} AND ${s.where}`, s.params, 'pins:mutation-left'));
      if (left && left.n > 0) still.push(s);
    }
    waiting = still;
    if (waiting.length === 0) return;
    if (Date.now() > deadline) throw new Error(`pinning timed out: the update of ${waiting.map((s) => s.table).join(', ')} was not done within ${timeoutMs / 1000} s; it goes on in the background`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Sets `pinned = 1` on the rows of these tables a coverage holds (those not flagged yet). */
export function flagStatements(project: string, cover: Coverage, tables: readonly FlagTable[]): Mutation[] {
  return tables
    .filter((table) => !isEmpty(table, cover))
    .map((table) => ({ table, set: 1, where: `project = {project:String} AND pinned = 0 AND ${coveredSql(table)}`, params: { project, ...cover } }));
}

/**
 * Clears `pinned` on the rows `released` holds that `kept` (what the pins
 * left hold, same project) does not: a row two pins share stays pinned.
 */
export function unflagStatements(project: string, released: Coverage, kept: Coverage): Mutation[] {
  const tables: FlagTable[] = [...TRACE_TABLES, 'handoffs', ...SESSION_TABLES];
  const keptTraces = new Set(kept.traces);
  const keptSessions = new Set(kept.sessions);
  // Trace- and session-scoped rows: released unless kept by id; handoffs: unless any of their ids is kept.
  const own: Coverage = { traces: released.traces.filter((t) => !keptTraces.has(t)), sessions: released.sessions.filter((s) => !keptSessions.has(s)) };
  return tables.flatMap((table): Mutation[] => {
    if (table === 'handoffs') {
      if (isEmpty(table, released)) return [];
      const where = `project = {project:String} AND pinned = 1 AND ${coveredSql(table, 'r_')} AND NOT ${coveredSql(table, 'k_')}`;
      return [{ table, set: 0, where, params: { project, r_traces: released.traces, r_sessions: released.sessions, k_traces: kept.traces, k_sessions: kept.sessions } }];
    }
    if (isEmpty(table, own)) return [];
    return [{ table, set: 0, where: `project = {project:String} AND pinned = 1 AND ${coveredSql(table)}`, params: { project, ...own } }];
  });
}

/** The content-addressed rows traces refer to: the hashes of their spans' resources and of their snapshots' bodies. */
const SHARED = [
  { table: 'resources', columns: 'hash, any(attributes), any(attribute_types), any(dropped_attributes_count), any(schema_url)', refs: 'SELECT resource_hash FROM spans' },
  { table: 'snapshot_bodies', columns: 'hash, any(body)', refs: 'SELECT body_hash FROM snapshots' },
] as const;

const refsOf = (refs: string, param: string) => `${refs} WHERE project = {project:String} AND trace_id IN {${param}:Array(String)}`;

/** Copies the resources and snapshot bodies these traces refer to at PINNED_LAST_SEEN (those not copied yet). */
export async function copyShared(client: ClickHouseClient, project: string, traces: readonly string[]): Promise<void> {
  if (traces.length === 0) return;
  for (const s of SHARED) {
    await client.command({
      query: `INSERT INTO ${s.table} SELECT ${s.columns}, toDateTime({until:String}, 'UTC') FROM ${s.table}
              WHERE hash IN (${refsOf(s.refs, 'traces')}) AND hash NOT IN (SELECT hash FROM ${s.table} WHERE last_seen = toDateTime({until:String}, 'UTC')) GROUP BY hash`,
      query_params: { project, traces, until: PINNED_LAST_SEEN },
    });
  }
}

/**
 * Lets the copies of what `released` traces refer to expire again, except
 * those `kept` traces refer to: the pinned copy goes, and a copy seen now
 * takes its place (the row lives one retention period from the unpin).
 */
export async function releaseShared(client: ClickHouseClient, project: string, released: readonly string[], kept: readonly string[]): Promise<void> {
  if (released.length === 0) return;
  const deletes: Mutation[] = [];
  for (const s of SHARED) {
    const params = { project, traces: released, others: kept, until: PINNED_LAST_SEEN };
    const where = `hash IN (${refsOf(s.refs, 'traces')}) AND hash NOT IN (${refsOf(s.refs, 'others')})`;
    // Its content is read first because a merge may already have folded the older copies into the pinned one
    // (a ReplacingMergeTree keeps the latest last_seen).
    const rs = await client.query({ query: `SELECT ${s.columns.replace(/any\((\w+)\)/g, 'any($1) AS $1')} FROM ${s.table} WHERE ${where} GROUP BY hash`, query_params: params, format: 'JSONEachRow' });
    const rows = (await rs.json()) as Record<string, unknown>[];
    if (rows.length === 0) continue;
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    await client.insert({ table: s.table, format: 'JSONEachRow', values: rows.map((r) => ({ ...r, last_seen: now })) });
    deletes.push({ table: s.table, set: null, where: `${where} AND last_seen = toDateTime({until:String}, 'UTC')`, params });
  }
  await runMutations(client, deletes);
}
