import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { nextVersion } from '@/lib/analyzer/save';
import { snapshotDrift } from '@/lib/analysis/drift';
import { parseSnapshot } from '@/lib/analysis/snapshot';
import type { Drift } from '@/lib/analysis/types';
import type { Store } from '@/lib/db/store';
import { statsParamsSchema } from '@/lib/schemas/stats';
import { tempStore } from '@/tests/helpers/temp-store';
import { dataExtent, driftImpact } from './stats-impact';

/**
 * The overview's drift by impact, on a real store: handoffs as the analyzer
 * stores them, their drift computed from snapshots by the analysis itself.
 */

const NOW = Date.now();
let store: Store;
let cleanup: () => Promise<void>;
let seq = 0;

const origin = { traceId: 't', spanId: 's', time: '1', agent: 'a', sessionId: '' };
const snap = (facts: object, constraints: unknown[] = []) =>
  parseSnapshot({ 'baton.snapshot.facts': JSON.stringify(facts), ...(constraints.length ? { 'baton.snapshot.constraints': JSON.stringify(constraints) } : {}) }, origin);

const SENT = { trip: { dates: '05-01/05', city: 'Lyon' }, budget: 300, order: 7 };
const CAP = [{ id: 'budget-cap', text: 'Never exceed the budget' }];
const contract = { required: ['budget-cap', 'order'], preserve: [], forbidden: [] };

/** The drift of a handoff whose receiver holds `received` (and the constraint unless `dropsCap`). */
const driftOf = (received: object, dropsCap = false): Drift =>
  snapshotDrift({ sender: snap(SENT, CAP), receiver: snap(received, dropsCap ? [] : CAP), contract, grounded: () => false });

async function handoff(from: string, to: string, drift: Drift, status = 'complete', atMs = NOW - 60_000): Promise<void> {
  const id = `h-${++seq}`;
  const row = {
    project: 'default', id, session_id: 's1', trace_id: 'a'.repeat(32), from_trace_id: 'a'.repeat(32), to_trace_id: 'a'.repeat(32), from_agent: from, to_agent: to,
    from_span_id: '1'.repeat(16), to_span_id: '2'.repeat(16), time: `${atMs}000000`, source: 'explicit', status, severity: drift.severity, method: drift.method,
    fidelity: drift.fidelity, contract: JSON.stringify(contract), drift: JSON.stringify(drift), digest: id, version: nextVersion(), deleted: 0,
  };
  await store.client.insert({ table: 'handoffs', values: [row], format: 'JSONEachRow' });
}

const range = (fromMs: number, toMs: number) => statsParamsSchema.parse({ from: String(fromMs), to: String(toMs) });

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  const noDates = { trip: { city: 'Lyon' }, budget: 300, order: 7 };
  // researcher → writer: trip.dates dropped six times, once with the constraint dropped too.
  for (let i = 0; i < 6; i++) await handoff('researcher', 'writer', driftOf(noDates, i === 0));
  // planner → booker: order dropped (a required entry: a contract breach, not also a drop) twice; budget changed once.
  for (let i = 0; i < 2; i++) await handoff('planner', 'booker', driftOf({ trip: SENT.trip, budget: 300 }));
  await handoff('planner', 'booker', driftOf({ ...SENT, budget: 250 }));
  // Not in the overview's impact: an intact handoff, a pending one, and one outside the range.
  await handoff('planner', 'booker', driftOf(SENT));
  await handoff('planner', 'booker', driftOf({}), 'pending');
  await handoff('planner', 'booker', driftOf({}), 'complete', NOW - 10 * 86_400_000);
});
afterAll(() => cleanup());

describe('drift by impact', () => {
  it('groups drift by agent pair, kind and key: critical first, then by handoffs hit', async () => {
    expect(await driftImpact(store.client, range(NOW - 3_600_000, NOW))).toEqual([
      { fromAgent: 'planner', toAgent: 'booker', kind: 'contract', key: 'order', severity: 'critical', handoffs: 2 },
      { fromAgent: 'researcher', toAgent: 'writer', kind: 'contract', key: 'budget-cap', severity: 'critical', handoffs: 1 },
      { fromAgent: 'researcher', toAgent: 'writer', kind: 'dropped', key: 'trip.dates', severity: 'warning', handoffs: 6 },
      { fromAgent: 'planner', toAgent: 'booker', kind: 'changed', key: 'budget', severity: 'warning', handoffs: 1 },
    ]);
  });

  it('is empty for a range without complete drifted handoffs', async () => {
    expect(await driftImpact(store.client, range(NOW - 3 * 86_400_000, NOW - 2 * 86_400_000))).toEqual([]);
  });

  it('finds no stored data where no trace is stored', async () => {
    expect(await dataExtent(store.client)).toBeNull();
  });
});
