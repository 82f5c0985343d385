import { describe, expect, it } from 'vitest';
import type { FactObservation } from '@/lib/schemas/sessions';
import { changedRows, factLedger, formatValue } from './ledger';

const time = (n: number) => `2026-11-26T10:00:0${n}.000000000Z`;
const TURN_1 = 'a'.repeat(32);
const TURN_2 = 'b'.repeat(32);

type Contradicted = Record<string, NonNullable<FactObservation['contradiction']>>;

function obs(n: number, agent: string, facts: Record<string, unknown>, extra: { declared?: string[]; trace?: string; phase?: string; contradicts?: Contradicted } = {}): FactObservation[] {
  return Object.entries(facts).map(([key, value]) => ({
    key,
    value,
    time: time(n),
    agent,
    phase: extra.phase ?? 'checkpoint',
    traceId: extra.trace ?? TURN_1,
    spanId: `span-${n}`,
    declared: (extra.declared ?? []).includes(key),
    contradiction: extra.contradicts?.[key] ?? null,
  }));
}

describe('fact ledger', () => {
  const facts = [
    ...obs(1, 'planner', { budget: 300, city: 'Lyon', plan: 'basic' }, { phase: 'sent', contradicts: { plan: { scope: 'cross-session', from: 'pro' } } }),
    ...obs(2, 'writer', { budget: '300', city: 'Paris' }, { phase: 'received', contradicts: { city: { scope: 'session', from: 'Lyon' } } }),
    ...obs(3, 'planner', { budget: 400, city: 'Paris' }, { declared: ['budget'], trace: TURN_2 }),
  ];
  const ledger = factLedger(facts, [
    { traceId: TURN_1, turn: 1 },
    { traceId: TURN_2, turn: 2 },
  ]);

  it('has one column per snapshot, in time order, with its turn', () => {
    expect(ledger.columns.map((c) => [c.agent, c.phase, c.turn])).toEqual([
      ['planner', 'sent', 1],
      ['writer', 'received', 1],
      ['planner', 'checkpoint', 2],
    ]);
  });

  it('flags each value against the key before it, as the analysis compares values', () => {
    const budget = ledger.rows.find((r) => r.key === 'budget')!;
    expect(budget.cells.map((c) => c && [c.text, c.change, c.previous, c.contradiction])).toEqual([
      ['300', 'first', null, null],
      ['300', 'same', null, null],
      ['400', 'declared', '300', null],
    ]);
    expect([budget.changes, budget.contradictions]).toEqual([1, 0]);
  });

  it('emphasises contradictions, in the session and against the previous session', () => {
    const city = ledger.rows.find((r) => r.key === 'city')!;
    expect(city.cells.map((c) => c && [c.text, c.change, c.previous, c.contradiction])).toEqual([
      ['Lyon', 'first', null, null],
      ['Paris', 'changed', 'Lyon', 'session'],
      ['Paris', 'same', null, null],
    ]);
    const plan = ledger.rows.find((r) => r.key === 'plan')!;
    expect(plan.cells).toEqual([{ text: 'basic', change: 'first', previous: 'pro', contradiction: 'cross-session' }, null, null]);
    expect(plan.contradictions).toBe(1);
  });

  it('sorts keys so that dotted paths group together, and can keep only the keys that moved', () => {
    expect(ledger.rows.map((r) => r.key)).toEqual(['budget', 'city', 'plan']);
    const moved = changedRows(factLedger([...obs(1, 'a', { same: 1, moved: 1 }), ...obs(2, 'a', { same: 1 }), ...obs(3, 'a', { moved: 2 })]));
    expect(moved.rows.map((r) => r.key)).toEqual(['moved']);
    // The snapshot holding only `same` is left out with it.
    expect(moved.columns.map((c) => c.spanId)).toEqual(['span-1', 'span-3']);
    expect(moved.rows[0]!.cells.map((c) => c?.change)).toEqual(['first', 'changed']);
  });

  it('flags each loaded beginning of the ledger as the whole ledger flags it, and leaves the turn of an unloaded trace open', () => {
    const whole = factLedger(facts, [{ traceId: TURN_1, turn: 1 }]);
    const cellsOf = (l: ReturnType<typeof factLedger>, key: string) => l.rows.find((r) => r.key === key)?.cells.filter((c) => c !== null) ?? [];
    // Pages end anywhere, even inside a snapshot: whatever is loaded is flagged as in the whole.
    for (let k = 1; k <= facts.length; k++) {
      const loaded = factLedger(facts.slice(0, k));
      for (const row of loaded.rows) expect(cellsOf(loaded, row.key), `first ${k}, ${row.key}`).toEqual(cellsOf(whole, row.key).slice(0, cellsOf(loaded, row.key).length));
    }
    expect(whole.columns.map((c) => c.turn)).toEqual([1, 1, null]);
  });

  it('prints strings as they are and anything else as JSON', () => {
    expect([formatValue('Lyon'), formatValue(300), formatValue(null), formatValue(['a', 1]), formatValue({ b: true })]).toEqual(['Lyon', '300', 'null', '["a",1]', '{"b":true}']);
  });
});
