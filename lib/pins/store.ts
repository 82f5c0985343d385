import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectAccountRows } from '@/lib/auth/account-reads';
import { newId, nextVersion } from '@/lib/auth/users';
import { fromStoreMillis, toStoreMillis } from '@/lib/domain/time';

/**
 * Pins (docs/security.md, "Pins"): a pinned trace outlives
 * BATON_RETENTION_DAYS until its last pin is removed. The `pins` table says
 * who pinned what and why; the trace's rows carry the effect
 * (lib/db/migrations/0012_pins.sql): `pinned = 1` on its spans, traces row,
 * snapshots and handoffs, and copies of its resources and snapshot bodies
 * seen at PINNED_LAST_SEEN, which no TTL reaches.
 */

export interface Pin {
  id: string;
  resource: 'trace';
  target: string;
  project: string;
  pinnedBy: string;
  /** 'manual', or 'share link <id>'. */
  reason: string;
  createdAt: string;
  removed: boolean;
}

/**
 * The last_seen of a pinned resource or snapshot body: later than any real
 * one (a ReplacingMergeTree(last_seen) merge keeps it), early enough that
 * last_seen plus any retention stays within DateTime's range (2106).
 */
export const PINNED_LAST_SEEN = '2080-01-01 00:00:00';

const pinRow = z
  .object({ id: z.string(), resource: z.literal('trace'), target: z.string(), project: z.string(), pinned_by: z.string(), reason: z.string(), created_at: z.string(), removed: z.coerce.number() })
  .transform(
    (r): Pin => ({ id: r.id, resource: r.resource, target: r.target, project: r.project, pinnedBy: r.pinned_by, reason: r.reason, createdAt: fromStoreMillis(r.created_at), removed: r.removed === 1 }),
  );

const COLUMNS = 'id, resource, target, project, pinned_by, reason, toString(created_at) AS created_at, removed';

async function write(client: ClickHouseClient, pin: Pin): Promise<void> {
  await client.insert({
    table: 'pins',
    format: 'JSONEachRow',
    values: [
      {
        id: pin.id,
        resource: pin.resource,
        target: pin.target,
        project: pin.project,
        pinned_by: pin.pinnedBy,
        reason: pin.reason,
        created_at: toStoreMillis(pin.createdAt),
        removed: pin.removed ? 1 : 0,
        version: nextVersion(),
      },
    ],
  });
}

/** Pins not removed: of these projects ('all': every project), or of one trace. */
export async function listPins(client: ClickHouseClient, filter: { projects: 'all' | string[] } | { project: string; target: string }): Promise<Pin[]> {
  const where = 'target' in filter ? 'project = {project:String} AND target = {target:String}' : filter.projects === 'all' ? '1' : 'has({projects:Array(String)}, project)';
  const params = 'target' in filter ? filter : filter.projects === 'all' ? {} : { projects: filter.projects };
  return selectAccountRows(client, pinRow, `SELECT ${COLUMNS} FROM pins FINAL WHERE removed = 0 AND ${where} ORDER BY created_at DESC LIMIT 1000`, params, 'pins:list');
}

export async function findPin(client: ClickHouseClient, id: string): Promise<Pin | undefined> {
  return (await selectAccountRows(client, pinRow, `SELECT ${COLUMNS} FROM pins FINAL WHERE id = {id:String}`, { id }, 'pins:by-id'))[0];
}

const sync = { mutations_sync: '1' } as const;

/** Sets `pinned` on a trace's rows in the trace-scoped tables. */
async function flag(client: ClickHouseClient, project: string, traceId: string, value: 0 | 1, keepHandoffsOf: string[]): Promise<void> {
  const params = { project, traceId, value, keep: keepHandoffsOf };
  for (const table of ['spans', 'traces', 'snapshots']) {
    await client.command({ query: `ALTER TABLE ${table} UPDATE pinned = {value:UInt8} WHERE project = {project:String} AND trace_id = {traceId:String}`, query_params: params, clickhouse_settings: sync });
  }
  await client.command({
    query: `ALTER TABLE handoffs UPDATE pinned = {value:UInt8}
            WHERE project = {project:String} AND (trace_id = {traceId:String} OR from_trace_id = {traceId:String} OR to_trace_id = {traceId:String})
              AND NOT has({keep:Array(String)}, from_trace_id) AND NOT has({keep:Array(String)}, to_trace_id) AND NOT has({keep:Array(String)}, trace_id)`,
    query_params: params,
    clickhouse_settings: sync,
  });
}

/** The content-addressed rows a trace refers to: the hashes of its spans' resources and of its snapshots' bodies. */
const SHARED = [
  { table: 'resources', columns: 'hash, any(attributes), any(attribute_types), any(dropped_attributes_count), any(schema_url)', refs: 'SELECT resource_hash FROM spans' },
  { table: 'snapshot_bodies', columns: 'hash, any(body)', refs: 'SELECT body_hash FROM snapshots' },
] as const;

const refsOf = (refs: string) => `${refs} WHERE project = {project:String} AND has({traces:Array(String)}, trace_id)`;

/** Keeps a trace's rows past retention. Idempotent: pinning again also covers spans that arrived since. */
export async function pinTraceRows(client: ClickHouseClient, project: string, traceId: string): Promise<void> {
  await flag(client, project, traceId, 1, []);
  for (const s of SHARED) {
    await client.command({
      query: `INSERT INTO ${s.table} SELECT ${s.columns}, toDateTime({until:String}, 'UTC') FROM ${s.table}
              WHERE hash IN (${refsOf(s.refs)}) AND last_seen != toDateTime({until:String}, 'UTC') GROUP BY hash`,
      query_params: { project, traces: [traceId], until: PINNED_LAST_SEEN },
    });
  }
}

/** Lets a trace's rows expire again, except what another pinned trace (`stillPinned`, same project) shares with it. */
export async function unpinTraceRows(client: ClickHouseClient, project: string, traceId: string, stillPinned: string[]): Promise<void> {
  await flag(client, project, traceId, 0, stillPinned);
  for (const s of SHARED) {
    const params = { project, traces: [traceId], others: stillPinned, until: PINNED_LAST_SEEN };
    const released = `hash IN (${refsOf(s.refs)}) AND hash NOT IN (${s.refs} WHERE project = {project:String} AND has({others:Array(String)}, trace_id))`;
    // The pinned copy goes, and a copy seen now takes its place: the row lives one retention period from the unpin. Its content is read
    // first because a merge may already have folded the older copies into the pinned one (a ReplacingMergeTree keeps the latest last_seen).
    const rs = await client.query({ query: `SELECT ${s.columns.replace(/any\((\w+)\)/g, 'any($1) AS $1')} FROM ${s.table} WHERE ${released} GROUP BY hash`, query_params: params, format: 'JSONEachRow' });
    const rows = (await rs.json()) as Record<string, unknown>[];
    if (rows.length === 0) continue;
    await client.command({ query: `ALTER TABLE ${s.table} DELETE WHERE ${released} AND last_seen = toDateTime({until:String}, 'UTC')`, query_params: params, clickhouse_settings: sync });
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    await client.insert({ table: s.table, format: 'JSONEachRow', values: rows.map((r) => ({ ...r, last_seen: now })) });
  }
}

/**
 * Pins and removals run one at a time in this process: a removal that finds
 * no pin left must not unflag rows a pin made meanwhile has just flagged.
 * (Only the process serving the UI and API pins.)
 */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/** Records a pin and pins the trace's rows. */
export function createPin(client: ClickHouseClient, input: { target: string; project: string; pinnedBy: string; reason: string }): Promise<Pin> {
  return oneAtATime(async () => {
    const pin: Pin = { ...input, resource: 'trace', id: newId(), createdAt: new Date().toISOString(), removed: false };
    await pinTraceRows(client, pin.project, pin.target);
    await write(client, pin);
    return pin;
  });
}

/** Removes a pin; the trace's rows expire again once no other pin of it remains. */
export function removePin(client: ClickHouseClient, pin: Pin): Promise<Pin> {
  return oneAtATime(async () => {
    const removed = { ...pin, removed: true };
    await write(client, removed);
    const left = await listPins(client, { projects: [pin.project] });
    if (!left.some((p) => p.target === pin.target)) {
      await unpinTraceRows(client, pin.project, pin.target, [...new Set(left.map((p) => p.target))]);
    }
    return removed;
  });
}

/** The pin a share link holds on its trace, if it still does. */
export async function pinOfLink(client: ClickHouseClient, linkId: string): Promise<Pin | undefined> {
  return (await selectAccountRows(client, pinRow, `SELECT ${COLUMNS} FROM pins FINAL WHERE removed = 0 AND reason = {reason:String}`, { reason: `share link ${linkId}` }, 'pins:of-link'))[0];
}
