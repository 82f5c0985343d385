import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import type { Store } from '@/lib/db/store';
import { tempStore } from '@/tests/helpers/temp-store';
import { handoffTombstone, nextVersion } from '@/lib/analyzer/save';
import { COLUMNS } from '@/lib/db/columns';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { handoffRow, handoffsOfTrace } from './handoffs';

/**
 * The trace read picks each handoff's live version in code instead of FINAL:
 * it must keep exactly what FINAL keeps, whatever versions are stored and
 * before any merge — a rewritten result, a tombstone, a handoff whose later
 * version names another trace.
 */

const T = 'a'.repeat(32);
const U = 'b'.repeat(32);
const NOW = Date.now();
const drift = (fidelity: number) => ({
  dropped: [], changed: [], added: [], contractMissing: [], preserveViolated: [], forbiddenPresent: [], constraintsDropped: [],
  fidelity, textSimilarity: null, truncated: false, severity: 'none', method: 'snapshot',
});

let store: Store;
let cleanup: () => Promise<void>;

async function write(rows: Record<string, unknown>[]): Promise<void> {
  await store.client.insert({ table: 'handoffs', values: rows, format: 'JSONEachRow' });
}

const version = (id: string, from: string, to: string, fidelity: number, at = 0) => ({
  project: 'default', id, session_id: 's1', trace_id: from, from_trace_id: from, to_trace_id: to, from_agent: 'triage', to_agent: 'billing',
  from_span_id: '1'.repeat(16), to_span_id: '2'.repeat(16), time: `${NOW + at}000000`, source: 'explicit', status: 'complete',
  contract: '', drift: JSON.stringify(drift(fidelity)), digest: String(fidelity), version: nextVersion(), deleted: 0,
});

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  // One insert per version, as the analyzer writes them, and no merge: every version is read back.
  await store.client.command({ query: 'SYSTEM STOP MERGES handoffs' });
  await write([version('rewritten', T, T, 0.5, 1)]);
  await write([version('rewritten', T, T, 0.9, 1)]);
  await write([version('deleted', T, U, 1)]);
  const [project, id, ...rest] = handoffTombstone('default', 'deleted', `${NOW}000000`);
  const tombstone = Object.fromEntries(COLUMNS.handoffs.map((c, i) => [c, [project, id, ...rest][i]]));
  await write([tombstone]);
  await write([version('moved', T, T, 1, 2)]);
  await write([version('moved', U, U, 1, 2)]);
  await write([version('kept', U, T, 0.7, 3)]);
});
afterAll(() => cleanup());

const final = async (traceId: string) =>
  (
    await selectRows(
      store.client,
      handoffRow,
      `SELECT id, session_id, trace_id, from_trace_id, to_trace_id, from_agent, to_agent, from_span_id, to_span_id,
         toString(toUnixTimestamp64Nano(time)) AS time_ns, source, status, contract, drift
       FROM handoffs FINAL WHERE ${inScope()} AND (from_trace_id = {traceId:String} OR to_trace_id = {traceId:String}) ORDER BY time, id`,
      { traceId },
      'test.final',
    )
  ).map((r) => [r.id, JSON.parse(r.drift).fidelity]);

describe('handoffs of a trace', () => {
  it('keeps the latest version of each, no tombstoned one, and none that moved to another trace', async () => {
    expect((await handoffsOfTrace(store.client, T)).map((h) => [h.id, h.drift.fidelity])).toEqual([
      ['rewritten', 0.9],
      ['kept', 0.7],
    ]);
    expect((await handoffsOfTrace(store.client, U)).map((h) => [h.id, h.drift.fidelity])).toEqual([
      ['moved', 1],
      ['kept', 0.7],
    ]);
  });

  it('reads every stored version: nothing was merged away', async () => {
    const [stored] = (await (await store.client.query({ query: 'SELECT count() AS rows FROM handoffs', format: 'JSONEachRow' })).json()) as { rows: string }[];
    expect(Number(stored?.rows)).toBe(7);
  });

  it('agrees with FINAL', async () => {
    for (const traceId of [T, U]) expect((await handoffsOfTrace(store.client, traceId)).map((h) => [h.id, h.drift.fidelity])).toEqual(await final(traceId));
  });
});
