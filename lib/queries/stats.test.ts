import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { statsParamsSchema, statsSchema, type Stats } from '@/lib/schemas/stats';
import { agentFixture, BASE, H, WINDOW, type Fixture } from '@/tests/helpers/agent-fixture';
import { select } from '@/tests/helpers/temp-store';
import { overviewStats } from './stats';

/** The overview's headline figures on a real store (the history of tests/helpers/agent-fixture.ts). */

let fx: Fixture;
beforeAll(async () => {
  fx = await agentFixture();
});
afterAll(async () => fx?.close());

async function read(range: Record<string, string> = WINDOW): Promise<Stats> {
  return statsSchema.parse(await overviewStats(fx.store.client, statsParamsSchema.parse(range)));
}

const bins = (filled: Record<number, number>) =>
  Array.from({ length: 10 }, (_, i) => ({ min: i * 10, max: i === 9 ? 100 : i * 10 + 9, sessions: filled[i] ?? 0 }));

describe('stats', () => {
  it('counts spans, errors, sessions and handoffs of the range', async () => {
    const scores = await select<{ session_id: string; score: number }>(fx.store, 'SELECT session_id, score FROM sessions FINAL ORDER BY session_id');
    // s-1: retention 0.5 per turn, fidelity (0.5 + 1) / 2 → 70; s-2 has nothing to measure → 100.
    expect(scores).toEqual([
      { session_id: 's-1', score: 70 },
      { session_id: 's-2', score: 100 },
      { session_id: 's-old', score: 100 },
    ]);
    expect(await read()).toEqual({
      from: Number(WINDOW.from),
      to: Number(WINDOW.to),
      spans: 10,
      errors: 3,
      sessions: 2,
      meanScore: 85,
      scoreHistogram: bins({ 7: 1, 9: 1 }),
      handoffs: {
        total: 4,
        complete: 3,
        pending: 1,
        drifted: 1,
        severity: { critical: 0, warning: 1, info: 0, none: 2 },
        driftRate: 0.333,
        meanFidelity: 0.75,
      },
      impact: [{ fromAgent: 'triage', toAgent: 'billing', kind: 'dropped', key: 'budget', severity: 'warning', handoffs: 1 }],
      dataExtent: null,
    });
  });

  it('selects sessions active in the range, as the session list does', async () => {
    // From 30 min after trace 1 to before trace 3: s-1 is still active (it ends with trace 2), s-2 has not started.
    const s = await read({ from: String(BASE + 30 * 60_000), to: String(BASE + 90 * 60_000) });
    expect(s).toMatchObject({ spans: 2, sessions: 1, meanScore: 70, scoreHistogram: bins({ 7: 1 }) });
    expect(s.handoffs).toMatchObject({ total: 2, complete: 1, drifted: 0, driftRate: 0, meanFidelity: 1 });
  });

  it('answers zeros and nulls for a range with nothing in it, and where the stored data is', async () => {
    const empty = await read({ from: String(BASE - 20 * H), to: String(BASE - 19 * H) });
    const [stored] = await select<{ first: string; last: string }>(fx.store, 'SELECT toUnixTimestamp64Milli(min(start_time)) AS first, toUnixTimestamp64Milli(max(end_time)) AS last FROM spans');
    expect(empty.dataExtent).toEqual({ fromMs: Number(stored!.first), toMs: Number(stored!.last) });
    expect(empty.impact).toEqual([]);
    expect(empty).toMatchObject({
      spans: 0,
      errors: 0,
      sessions: 0,
      meanScore: null,
      scoreHistogram: bins({}),
      handoffs: { total: 0, complete: 0, pending: 0, drifted: 0, severity: { critical: 0, warning: 0, info: 0, none: 0 }, driftRate: null, meanFidelity: null },
    });
  });
});
