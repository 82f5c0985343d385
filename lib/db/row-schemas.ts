import { z } from 'zod';

/**
 * Schemas for ClickHouse rows that zod's own would damage. `z.record` copies
 * an object into a plain `{}`, which silently drops a key named `__proto__`;
 * attribute maps come from telemetry, where any key is possible. These check
 * the row's object in place and keep it as parsed (JSON.parse makes
 * `__proto__` an ordinary own key).
 */

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

/** A Map(String, String) column (attributes and their types), every key kept. */
export const stringMap = z.custom<Record<string, string>>(isStringMap, 'expected a map of strings');

/** A row of `snapshots` as the analysis and the session page read it (SNAPSHOT_COLUMNS_SQL). */
export const snapshotRow = z.object({
  trace_id: z.string(),
  span_id: z.string(),
  time_ns: z.string(),
  session_id: z.string(),
  agent: z.string(),
  body_hash: z.string(),
});

export const SNAPSHOT_COLUMNS_SQL = `trace_id, span_id, toString(toUnixTimestamp64Nano(time)) AS time_ns, session_id, agent, body_hash`;

/** A row of a session's fact ledger (`session_facts`), without its session. */
export const ledgerRow = z.object({
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
