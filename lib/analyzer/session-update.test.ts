import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import type { Store } from '@/lib/db/store';
import { handoffsOfSession } from '@/lib/queries/handoffs';
import { makeTraces } from '@/tests/helpers/factories';
import { randomSession as session, rng, shuffle } from '@/tests/helpers/random-sessions';
import { select, tempStore } from '@/tests/helpers/temp-store';
import { readSession } from './analyze-unit';
import { updateSessions } from './session-update';

/**
 * The stored incremental analysis equals the analysis from scratch of the
 * same stored data: random multi-agent sessions are written span by span, in
 * random order and random batches, through the real writer; after every
 * batch the touched sessions are updated, and their stored handoffs, ledger,
 * retention and summary are compared with `readSession` (which analyses the
 * session whole, from the store).
 */

let store: Store;
let cleanup: () => Promise<void>;
let writer: Writer;

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20 });
});
afterAll(async () => {
  await writer.close();
  await cleanup();
});

interface FactRow {
  time_ns: string;
  key: string;
  value: string;
  trace_id: string;
  span_id: string;
  contradiction: string;
}

/** Comparisons of a session with a critical handoff, and with a warning: the running counts that cap the score were exercised. */
const capped = { critical: 0, warning: 0 };

async function compare(sessionId: string, label: string): Promise<void> {
  const scratch = await readSession(store.client, 'default', sessionId);
  if (!scratch) return;
  const c = scratch.consistency;
  const stored = await handoffsOfSession(store.client, sessionId);
  const drift = (h: { id: string; status: string; drift: unknown; fromAgent: string; toAgent: string; source: string }) => ({ id: h.id, status: h.status, source: h.source, from: h.fromAgent, to: h.toAgent, drift: h.drift });
  expect(stored.map(drift).sort((a, b) => (a.id < b.id ? -1 : 1)), `${label}: handoffs`).toEqual(scratch.handoffs.map(drift).sort((a, b) => (a.id < b.id ? -1 : 1)));
  const ledger = await select<FactRow>(store, `SELECT toString(toUnixTimestamp64Nano(time)) AS time_ns, key, value, trace_id, span_id, contradiction FROM session_facts FINAL WHERE session_id = {s:String} ORDER BY time, trace_id, span_id, seq`, { s: sessionId });
  const contradicted = new Set(c.contradictions.map((x) => `${x.time}/${x.traceId}/${x.spanId}/${x.key}/${x.scope}`));
  expect(ledger.map((f) => [f.time_ns, f.key, JSON.parse(f.value), f.trace_id, f.span_id, f.contradiction]), `${label}: ledger`).toEqual(
    c.facts.map((o) => {
      const scope = ['session', 'cross-session'].find((s) => contradicted.has(`${o.time}/${o.traceId}/${o.spanId}/${o.key}/${s}`)) ?? '';
      return [o.time, o.key, o.value, o.traceId, o.spanId, scope];
    }),
  );
  const turns = await select<{ trace_id: string; retention: number | null; established: number; held: number }>(
    store,
    `SELECT trace_id, retention, established, held FROM session_turns FINAL WHERE session_id = {s:String} ORDER BY start_time, trace_id`,
    { s: sessionId },
  );
  expect(turns.map((t) => ({ traceId: t.trace_id, retention: t.retention, established: Number(t.established), held: Number(t.held) })), `${label}: retention`).toEqual(c.retention);
  const [summary] = await select<Record<string, unknown>>(store, `SELECT * FROM sessions FINAL WHERE session_id = {s:String}`, { s: sessionId });
  const complete = scratch.handoffs.filter((h) => h.status === 'complete');
  if (complete.some((h) => h.drift.severity === 'critical')) capped.critical++;
  if (complete.some((h) => h.drift.severity === 'warning')) capped.warning++;
  expect(
    {
      traces: Number(summary?.traces),
      spans: Number(summary?.spans),
      errors: Number(summary?.errors),
      handoffs: Number(summary?.handoffs),
      drifted: Number(summary?.drifted_handoffs),
      pending: Number(summary?.pending_handoffs),
      critical: Number(summary?.critical_handoffs),
      warning: Number(summary?.warning_handoffs),
      contradictions: Number(summary?.contradictions),
      truncations: Number(summary?.truncations),
      meanRetention: summary?.mean_retention,
      meanFidelity: summary?.mean_fidelity,
      score: Number(summary?.score),
      finalFacts: JSON.parse(String(summary?.final_facts)),
    },
    `${label}: summary`,
  ).toEqual({
    traces: scratch.traces.length,
    spans: scratch.spans.spans.length,
    errors: scratch.spans.errors,
    handoffs: scratch.handoffs.length,
    drifted: complete.filter((h) => h.drift.severity !== 'none').length,
    pending: scratch.handoffs.length - complete.length,
    critical: complete.filter((h) => h.drift.severity === 'critical').length,
    warning: complete.filter((h) => h.drift.severity === 'warning').length,
    contradictions: c.contradictions.length,
    truncations: c.truncations,
    meanRetention: c.meanRetention,
    meanFidelity: c.meanFidelity,
    score: c.score,
    finalFacts: Object.fromEntries(c.facts.map((o) => [o.key, o.value])),
  });
}

const noPrevious = async () => () => null;

describe('stored incremental analysis', () => {
  it('equals the analysis from scratch after every batch, on random sessions written in random order', { timeout: 600_000 }, async () => {
    // Three sessions at a time, their spans mixed: a batch updates several sessions at once.
    for (let group = 0; group < Number(process.env.SEEDS ?? 24) / 3; group++) {
      const seeds = [1, 2, 3].map((i) => group * 3 + i);
      const r = rng(group * 31 + 7);
      const pending = shuffle(r, seeds.flatMap((seed) => session(seed, `prop-${seed}`)));
      let batch = 0;
      while (pending.length > 0) {
        const spans = pending.splice(0, 1 + r.int(6));
        await writer.write(toRows(makeTraces(spans), rowOptions(30)));
        const touched = new Map<string, Set<string>>();
        for (const s of spans) {
          const sessionId = s.attrs.values['session.id'] as string;
          touched.set(sessionId, (touched.get(sessionId) ?? new Set()).add(s.traceId));
        }
        // Now and then a session is folded whole again, or rebuilt from its traces (as after a failed update).
        const updates = [...touched].map(([sessionId, ids]) => ({ sessionId, touched: [...ids], refoldAll: r.chance(0.1), rebuild: r.chance(0.1) }));
        await updateSessions(store, 'default', updates, noPrevious);
        batch++;
        for (const seed of seeds) await compare(`prop-${seed}`, `seed ${seed}, batch ${batch}`);
      }
    }
    expect(capped.critical).toBeGreaterThan(10);
    expect(capped.warning).toBeGreaterThan(10);
  });

  it('converges after an update whose writes landed in part, once the session is rebuilt', { timeout: 120_000 }, async () => {
    for (const table of ['sessions', 'session_turns', 'handoffs'] as const) {
      const seed = { sessions: 901, session_turns: 902, handoffs: 903 }[table];
      const sessionId = `partial-${seed}`;
      const spans = session(seed, sessionId);
      const half = Math.ceil(spans.length / 2);
      await writer.write(toRows(makeTraces(spans.slice(0, half)), rowOptions(30)));
      await updateSessions(store, 'default', [{ sessionId, touched: [...new Set(spans.slice(0, half).map((s) => s.traceId))] }], noPrevious);
      await writer.write(toRows(makeTraces(spans.slice(half)), rowOptions(30)));
      // One table's insert fails; the others land.
      const flaky: Store = Object.create(store) as Store;
      flaky.insertRows = (t, columns, body) => (t === table ? Promise.reject(new Error(`disk full writing ${t}`)) : store.insertRows(t, columns, body));
      const rest = [...new Set(spans.slice(half).map((s) => s.traceId))];
      await expect(updateSessions(flaky, 'default', [{ sessionId, touched: rest }], noPrevious)).rejects.toThrow('disk full');
      await updateSessions(store, 'default', [{ sessionId, touched: rest, rebuild: true }], noPrevious);
      await compare(sessionId, `partial write to ${table}`);
    }
  });
});
