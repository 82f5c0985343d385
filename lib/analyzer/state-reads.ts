import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { TurnOrder } from '@/lib/analysis/session-fold';
import type { FactValue } from '@/lib/analysis/types';
import { selectRows, tuplesIn } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { FACT_COLUMNS_SQL, factRow, json, keyRow, toFact, type StoredFact, type StoredKey } from './session-ledger';
import { toTurn, TURN_COLUMNS_SQL, turnRow, type StoredTurn } from './session-state';

/**
 * Reads of the incremental analysis state for a batch of sessions: one query
 * per kind of state, however many sessions, each condition on a session
 * written so that it is a primary-key range (a per-session `OR`: ClickHouse
 * reads one range per session, not the sessions' whole tables).
 */

type PerSession<T> = ReadonlyMap<string, T>;

/**
 * `(session_id = {sN} AND <condition N>) OR …` with each session's values as
 * parameters: `condition(i)` names its parameters with the suffix `_i`.
 */
function perSession<T>(asks: PerSession<T>, condition: (i: number) => string, values: (ask: T, i: number) => Record<string, unknown>): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const parts = [...asks].map(([sessionId, ask], i) => {
    params[`s_${i}`] = sessionId;
    Object.assign(params, values(ask, i));
    return `(session_id = {s_${i}:String} AND ${condition(i)})`;
  });
  return { sql: parts.length > 0 ? `(${parts.join(' OR ')})` : '0', params };
}

function bySession<R extends { session_id: string }, T>(rows: R[], convert: (r: R) => T): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.session_id);
    if (list) list.push(convert(r));
    else out.set(r.session_id, [convert(r)]);
  }
  return out;
}

const at = (i: number, name: string, type: string) => `{${name}_${i}:${type}}`;
const nanos = (i: number, name: string) => `fromUnixTimestamp64Nano(toInt64(${at(i, name, 'String')}))`;

/** The stored turns of these traces, by session. */
export async function turnsOf(client: ClickHouseClient, project: string, asks: PerSession<readonly string[]>): Promise<Map<string, StoredTurn[]>> {
  const pairs = [...asks].flatMap(([sessionId, ids]) => ids.map((id) => [sessionId, id]));
  if (pairs.length === 0) return new Map();
  const { sql, params } = tuplesIn('turn', ['session_id', 'trace_id'], pairs);
  const rows = await selectRows(client, turnRow, `SELECT ${TURN_COLUMNS_SQL} FROM session_turns FINAL WHERE ${inScope()} AND project = {project:String} AND ${sql}`, { project, ...params }, 'analyzer.turnsOf');
  return bySession(rows, toTurn);
}

/** The stored turns from each session's p0 on, in turn order. */
export async function turnsFrom(client: ClickHouseClient, project: string, from: PerSession<TurnOrder>): Promise<Map<string, StoredTurn[]>> {
  if (from.size === 0) return new Map();
  const { sql, params } = perSession(from, (i) => `(start_time, trace_id) >= (${nanos(i, 'start')}, ${at(i, 'trace', 'String')})`, (p, i) => ({ [`start_${i}`]: p.startNs, [`trace_${i}`]: p.traceId }));
  const rows = await selectRows(
    client,
    turnRow,
    `SELECT ${TURN_COLUMNS_SQL} FROM session_turns FINAL WHERE ${inScope()} AND project = {project:String} AND ${sql} ORDER BY session_id, start_time, trace_id`,
    { project, ...params },
    'analyzer.turnsFrom',
  );
  return bySession(rows, toTurn);
}

/** How many keys each session established before its p0 (their first turn comes before it). */
export async function establishedBefore(client: ClickHouseClient, project: string, from: PerSession<TurnOrder>): Promise<Map<string, number>> {
  if (from.size === 0) return new Map();
  const { sql, params } = perSession(from, (i) => `(first_start, first_trace) < (${nanos(i, 'start')}, ${at(i, 'trace', 'String')}) AND first_trace != ''`, (p, i) => ({ [`start_${i}`]: p.startNs, [`trace_${i}`]: p.traceId }));
  const rows = await selectRows(
    client,
    z.object({ session_id: z.string(), n: z.coerce.number() }),
    `SELECT session_id, count() AS n FROM session_keys FINAL WHERE ${inScope()} AND project = {project:String} AND ${sql} GROUP BY session_id`,
    { project, ...params },
    'analyzer.establishedBefore',
  );
  return new Map(rows.map((r) => [r.session_id, r.n]));
}

/** Each session's ledger from its t0 on, in ledger order. */
export async function factsFrom(client: ClickHouseClient, project: string, t0: PerSession<string>): Promise<Map<string, StoredFact[]>> {
  if (t0.size === 0) return new Map();
  const { sql, params } = perSession(t0, (i) => `time >= ${nanos(i, 't0')}`, (t, i) => ({ [`t0_${i}`]: t }));
  const rows = await selectRows(
    client,
    factRow,
    `SELECT ${FACT_COLUMNS_SQL} FROM session_facts FINAL WHERE ${inScope()} AND project = {project:String} AND ${sql} ORDER BY session_id, time, trace_id, span_id, seq`,
    { project, ...params },
    'analyzer.factsFrom',
  );
  return bySession(rows, toFact);
}

/** The value of each key's last observation before the session's t0 (keys never observed before t0 are absent). */
export async function valuesBefore(client: ClickHouseClient, project: string, asks: PerSession<{ keys: string[]; t0: string }>): Promise<Map<string, Map<string, FactValue>>> {
  const wanted = new Map([...asks].filter(([, a]) => a.keys.length > 0));
  if (wanted.size === 0) return new Map();
  const { sql, params } = perSession(wanted, (i) => `key IN (SELECT arrayJoin(${at(i, 'keys', 'Array(String)')})) AND time < ${nanos(i, 't0')}`, (a, i) => ({ [`keys_${i}`]: a.keys, [`t0_${i}`]: a.t0 }));
  const rows = await selectRows(
    client,
    z.object({ session_id: z.string(), key: z.string(), value: z.string() }),
    `SELECT session_id, key, argMax(value, (time, trace_id, span_id, seq)) AS value FROM session_facts FINAL
     WHERE ${inScope()} AND project = {project:String} AND ${sql} GROUP BY session_id, key`,
    { project, ...params },
    'analyzer.valuesBefore',
  );
  const out = new Map<string, Map<string, FactValue>>();
  for (const r of rows) out.set(r.session_id, (out.get(r.session_id) ?? new Map()).set(r.key, json(r.value)));
  return out;
}

/** The stored state of these keys, by session. */
export async function keysOf(client: ClickHouseClient, project: string, asks: PerSession<readonly string[]>): Promise<Map<string, Map<string, StoredKey>>> {
  const pairs = [...asks].flatMap(([sessionId, keys]) => keys.map((key) => [sessionId, key]));
  if (pairs.length === 0) return new Map();
  const { sql, params } = tuplesIn('key', ['session_id', 'key'], pairs);
  const rows = await selectRows(
    client,
    keyRow,
    `SELECT session_id, key, toString(toUnixTimestamp64Nano(first_start)) AS first_start, first_trace,
       toString(toUnixTimestamp64Nano(last_time)) AS last_time, last_value
     FROM session_keys FINAL WHERE ${inScope()} AND project = {project:String} AND ${sql}`,
    { project, ...params },
    'analyzer.keysOf',
  );
  const out = new Map<string, Map<string, StoredKey>>();
  for (const r of rows) {
    const k: StoredKey = { key: r.key, firstStart: r.first_start, firstTrace: r.first_trace, lastTime: r.last_time, lastValue: json(r.last_value) };
    out.set(r.session_id, (out.get(r.session_id) ?? new Map<string, StoredKey>()).set(r.key, k));
  }
  return out;
}

/** First observation times of (key, value key) pairs, by session, as `key\u0000valueKey` → time. */
export async function firstSeen(client: ClickHouseClient, project: string, asks: PerSession<readonly [string, string][]>): Promise<Map<string, Map<string, string>>> {
  const triples = [...asks].flatMap(([sessionId, pairs]) => pairs.map(([key, valueKey]) => [sessionId, key, valueKey]));
  if (triples.length === 0) return new Map();
  const { sql, params } = tuplesIn('seen', ['session_id', 'key', 'value_key'], triples);
  const rows = await selectRows(
    client,
    z.object({ session_id: z.string(), key: z.string(), value_key: z.string(), first: z.string() }),
    `SELECT session_id, key, value_key, toString(toUnixTimestamp64Nano(min(first_time))) AS first FROM session_values
     WHERE ${inScope()} AND project = {project:String} AND ${sql} GROUP BY session_id, key, value_key`,
    { project, ...params },
    'analyzer.firstSeen',
  );
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) out.set(r.session_id, (out.get(r.session_id) ?? new Map<string, string>()).set(`${r.key}\u0000${r.value_key}`, r.first));
  return out;
}
