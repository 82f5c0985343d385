import { z } from 'zod';
import type { FactValue, Snapshot } from '@/lib/analysis/types';
import { ledgerRow } from '@/lib/db/row-schemas';
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

export const factRow = ledgerRow.extend({ session_id: z.string() });

export const FACT_COLUMNS_SQL = `session_id, toString(toUnixTimestamp64Nano(time)) AS time_ns, trace_id, span_id, seq, key, value, agent, phase, declared, contradiction, contradiction_from`;

export const json = (text: string): FactValue => (text === '' ? null : (JSON.parse(text) as FactValue));

export function toFact(r: z.infer<typeof factRow>): StoredFact {
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

export const keyRow = z.object({ session_id: z.string(), key: z.string(), first_start: z.string(), first_trace: z.string(), last_time: z.string(), last_value: z.string() });


/** A time for a DateTime64 column: "0" (not known yet) as the number, which ClickHouse reads as the epoch. */
export const storedTime = (ns: string): string | number => (ns === '0' ? 0 : ns);

export function keyLine(at: Where, k: StoredKey): unknown[] {
  return [at.project, at.sessionId, k.key, storedTime(k.firstStart), k.firstTrace, storedTime(k.lastTime), JSON.stringify(k.lastValue), nextVersion()];
}


const MAX_U64 = 18446744073709551615n;

export function valueLine(at: Where, key: string, valueKey: string, time: string): unknown[] {
  return [at.project, at.sessionId, key, valueKey, time, (MAX_U64 - BigInt(time)).toString()];
}

