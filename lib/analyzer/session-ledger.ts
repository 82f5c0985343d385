import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { FactValue, Snapshot } from '@/lib/analysis/types';
import { selectRows } from '@/lib/db/select';
import { nextVersion } from './save';

/**
 * The stored fact state of sessions (migration 0008): the ledger, each key's
 * first turn and last value, and the first time each value was held
 * (grounding). Reads by primary-key range or point; versioned writes.
 */

interface Where {
  project: string;
  sessionId: string;
}

// ---- the ledger ----------------------------------------------------------------

/** A stored observation, with what the fold decided about it. */
export interface StoredFact {
  time: string;
  traceId: string;
  spanId: string;
  seq: number;
  key: string;
  value: FactValue;
  agent: string;
  phase: string;
  declared: boolean;
  contradiction: '' | 'session' | 'cross-session';
  contradictionFrom: FactValue;
}

const factRow = z.object({
  time_ns: z.string(),
  trace_id: z.string(),
  span_id: z.string(),
  seq: z.coerce.number(),
  key: z.string(),
  value: z.string(),
  agent: z.string(),
  phase: z.string(),
  declared: z.coerce.number(),
  contradiction: z.enum(['', 'session', 'cross-session']),
  contradiction_from: z.string(),
});

const FACT_COLUMNS_SQL = `toString(toUnixTimestamp64Nano(time)) AS time_ns, trace_id, span_id, seq, key, value, agent, phase, declared, contradiction, contradiction_from`;

const json = (text: string): FactValue => (text === '' ? null : (JSON.parse(text) as FactValue));

function toFact(r: z.infer<typeof factRow>): StoredFact {
  return {
    time: r.time_ns,
    traceId: r.trace_id,
    spanId: r.span_id,
    seq: r.seq,
    key: r.key,
    value: json(r.value),
    agent: r.agent,
    phase: r.phase,
    declared: r.declared === 1,
    contradiction: r.contradiction,
    contradictionFrom: json(r.contradiction_from),
  };
}

/** The ledger from t0 on, in ledger order. */
export async function factsFrom(client: ClickHouseClient, at: Where, t0: string): Promise<StoredFact[]> {
  const rows = await selectRows(
    client,
    factRow,
    `SELECT ${FACT_COLUMNS_SQL} FROM session_facts FINAL
     WHERE project = {project:String} AND session_id = {sessionId:String} AND time >= fromUnixTimestamp64Nano(toInt64({t0:String}))
     ORDER BY time, trace_id, span_id, seq`,
    { ...at, t0 },
    'analyzer.factsFrom',
  );
  return rows.map(toFact);
}

/** The value of each key's last observation before t0 (keys never observed before t0 are absent). */
export async function valuesBefore(client: ClickHouseClient, at: Where, keys: readonly string[], t0: string): Promise<Map<string, FactValue>> {
  if (keys.length === 0) return new Map();
  const rows = await selectRows(
    client,
    z.object({ key: z.string(), value: z.string() }),
    `SELECT key, argMax(value, (time, trace_id, span_id, seq)) AS value FROM session_facts FINAL
     WHERE project = {project:String} AND session_id = {sessionId:String} AND key IN {keys:Array(String)}
       AND time < fromUnixTimestamp64Nano(toInt64({t0:String}))
     GROUP BY key`,
    { ...at, keys, t0 },
    'analyzer.valuesBefore',
  );
  return new Map(rows.map((r) => [r.key, json(r.value)]));
}

export function factLine(at: Where, f: StoredFact): unknown[] {
  return [
    at.project,
    at.sessionId,
    f.time,
    f.traceId,
    f.spanId,
    f.seq,
    f.key,
    JSON.stringify(f.value),
    f.agent,
    f.phase,
    f.declared ? 1 : 0,
    f.contradiction,
    f.contradiction ? JSON.stringify(f.contradictionFrom) : '',
    nextVersion(),
  ];
}

/**
 * Stored observations as the snapshots the fold reads: one per (time, trace,
 * span), its facts in ledger order, the keys it declared as its updates.
 */
export function factsAsSnapshots(facts: readonly StoredFact[], sessionId: string): Snapshot[] {
  const out = new Map<string, Snapshot>();
  for (const f of facts) {
    const id = `${f.time}\u0000${f.traceId}\u0000${f.spanId}`;
    let s = out.get(id);
    if (!s) {
      s = {
        traceId: f.traceId,
        spanId: f.spanId,
        time: f.time,
        agent: f.agent,
        sessionId,
        phase: f.phase,
        facts: {},
        digests: null,
        constraints: null,
        text: null,
        tokens: null,
        tokenLimit: null,
        truncated: false,
        updates: [],
        handoffId: '',
        handoffTo: '',
        contract: null,
        invalid: [],
      };
      out.set(id, s);
    }
    (s.facts as Record<string, FactValue>)[f.key] = f.value;
    if (f.declared) s.updates.push(f.key);
  }
  return [...out.values()];
}

// ---- keys and grounding -------------------------------------------------------------

export interface StoredKey {
  key: string;
  firstStart: string;
  firstTrace: string;
  lastTime: string;
  lastValue: FactValue;
}

const keyRow = z.object({ key: z.string(), first_start: z.string(), first_trace: z.string(), last_time: z.string(), last_value: z.string() });

export async function keysOf(client: ClickHouseClient, at: Where, keys: readonly string[]): Promise<Map<string, StoredKey>> {
  if (keys.length === 0) return new Map();
  const rows = await selectRows(
    client,
    keyRow,
    `SELECT key, toString(toUnixTimestamp64Nano(first_start)) AS first_start, first_trace,
       toString(toUnixTimestamp64Nano(last_time)) AS last_time, last_value
     FROM session_keys FINAL WHERE project = {project:String} AND session_id = {sessionId:String} AND key IN {keys:Array(String)}`,
    { ...at, keys },
    'analyzer.keysOf',
  );
  return new Map(rows.map((r) => [r.key, { key: r.key, firstStart: r.first_start, firstTrace: r.first_trace, lastTime: r.last_time, lastValue: json(r.last_value) }]));
}

export function keyLine(at: Where, k: StoredKey): unknown[] {
  return [at.project, at.sessionId, k.key, k.firstStart, k.firstTrace, k.lastTime, JSON.stringify(k.lastValue), nextVersion()];
}

/** First observation times of (key, value key) pairs, as `key\u0000valueKey` → time. */
export async function firstSeen(client: ClickHouseClient, at: Where, pairs: readonly [string, string][]): Promise<Map<string, string>> {
  if (pairs.length === 0) return new Map();
  const wanted = new Set(pairs.map(([k, v]) => `${k}\u0000${v}`));
  // Keys and value keys as two lists (a superset of the pairs, narrowed here): both are in the sort key.
  const rows = await selectRows(
    client,
    z.object({ key: z.string(), value_key: z.string(), first: z.string() }),
    `SELECT key, value_key, toString(toUnixTimestamp64Nano(min(first_time))) AS first FROM session_values
     WHERE project = {project:String} AND session_id = {sessionId:String} AND key IN {keys:Array(String)} AND value_key IN {valueKeys:Array(String)}
     GROUP BY key, value_key`,
    { ...at, keys: [...new Set(pairs.map(([k]) => k))], valueKeys: [...new Set(pairs.map(([, v]) => v))] },
    'analyzer.firstSeen',
  );
  return new Map(rows.map((r) => [`${r.key}\u0000${r.value_key}`, r.first] as const).filter(([id]) => wanted.has(id)));
}

const MAX_U64 = 18446744073709551615n;

export function valueLine(at: Where, key: string, valueKey: string, time: string): unknown[] {
  return [at.project, at.sessionId, key, valueKey, time, (MAX_U64 - BigInt(time)).toString()];
}

