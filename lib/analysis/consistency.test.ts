import { describe, expect, it } from 'vitest';
import { consistency, consistencyScore, finalFacts } from './consistency';
import { parseSnapshot } from './snapshot';
import type { Snapshot } from './types';

const turn = (n: number) => String(n).padStart(32, '0');

function snap(trace: number, time: number, agent: string, facts: Record<string, unknown> | null, extra: Record<string, string> = {}): Snapshot {
  return parseSnapshot(
    { 'baton.snapshot.phase': 'checkpoint', ...(facts ? { 'baton.snapshot.facts': JSON.stringify(facts) } : {}), ...extra },
    { traceId: turn(trace), spanId: `s${time}`, time: String(1_700_000_000_000_000_000n + BigInt(time)), agent, sessionId: 'sess' },
  );
}

describe('session consistency', () => {
  it('keeps a ledger of every observation in time order', () => {
    const c = consistency({ turns: [turn(1)], snapshots: [snap(1, 2, 'b', { x: 2 }), snap(1, 1, 'a', { x: 1, y: 'k' })], fidelities: [], previous: null });
    expect(c.facts.map((f) => `${f.agent}:${f.key}=${JSON.stringify(f.value)}`)).toEqual(['a:x=1', 'a:y="k"', 'b:x=2']);
  });

  it('marks the observations whose snapshot declared the key an update', () => {
    const c = consistency({
      turns: [turn(1)],
      snapshots: [snap(1, 1, 'a', { budget: 300, city: 'Lyon' }), snap(1, 2, 'a', { budget: 400, city: 'Lyon' }, { 'baton.snapshot.updates': '["budget"]' })],
      fidelities: [],
      previous: null,
    });
    expect(c.facts.map((f) => `${f.key}=${JSON.stringify(f.value)}${f.declared ? ' (declared)' : ''}`)).toEqual(['budget=300', 'city="Lyon"', 'budget=400 (declared)', 'city="Lyon"']);
    expect(c.contradictions).toEqual([]);
  });

  it('reports an undeclared change as a contradiction and a declared one not', () => {
    const snaps = [
      snap(1, 1, 'planner', { budget: 300, city: 'Lyon' }),
      snap(1, 2, 'writer', { budget: 250, city: 'Lyon' }),
      snap(2, 3, 'planner', { budget: 400 }, { 'baton.snapshot.updates': '["budget"]' }),
      snap(2, 4, 'writer', { budget: '400', city: ' Lyon ' }),
    ];
    const c = consistency({ turns: [turn(1), turn(2)], snapshots: snaps, fidelities: [], previous: null });
    expect(c.contradictions).toEqual([{ key: 'budget', from: 300, to: 250, time: snaps[1]!.time, agent: 'writer', traceId: turn(1), spanId: 's2', scope: 'session' }]);
  });

  it('finds a later session asserting a different value than the previous one ended with', () => {
    const previous = { sessionId: 'old', facts: finalFacts([snap(9, 1, 'a', { plan: 'basic', seat: '12A' }), snap(9, 2, 'a', { plan: 'pro' }, { 'baton.snapshot.updates': '["plan"]' })]) };
    const c = consistency({ turns: [turn(1)], snapshots: [snap(1, 5, 'support', { plan: 'basic', seat: '12A', new: 1 })], fidelities: [], previous });
    expect(c.contradictions).toMatchObject([{ key: 'plan', from: 'pro', to: 'basic', scope: 'cross-session', agent: 'support' }]);
  });

  it('does not call a declared change across sessions a contradiction', () => {
    const previous = { sessionId: 'old', facts: new Map([['plan', 'pro']]) };
    const c = consistency({ turns: [turn(1)], snapshots: [snap(1, 5, 'support', { plan: 'basic' }, { 'baton.snapshot.updates': '["plan"]' })], fidelities: [], previous });
    expect(c.contradictions).toEqual([]);
  });

  it('measures retention per turn against every fact established so far', () => {
    const snaps = [
      snap(1, 1, 'a', { a: 1, b: 2, c: 3, d: 4 }),
      snap(1, 2, 'b', { a: 1, b: 2, c: 3, d: 4 }),
      snap(2, 3, 'a', { a: 1, b: 2, e: 5 }),
      snap(2, 4, 'b', { a: 1, b: 2 }),
    ];
    const c = consistency({ turns: [turn(1), turn(2), turn(3)], snapshots: snaps, fidelities: [1, 0.5], previous: null });
    expect(c.retention).toEqual([
      { traceId: turn(1), retention: 1, established: 4, held: 4 },
      { traceId: turn(2), retention: 0.4, established: 5, held: 2 },
      { traceId: turn(3), retention: null, established: 5, held: 0 },
    ]);
    expect(c.meanRetention).toBe(0.7);
    expect(c.meanFidelity).toBe(0.75);
    expect(c.score).toBe(consistencyScore(0.7, 0.75, 0));
  });

  it('counts truncations and compactions', () => {
    const c = consistency({ turns: [turn(1)], snapshots: [snap(1, 1, 'a', {}, { 'baton.snapshot.truncated': 'true' }), snap(1, 2, 'a', {}, { 'baton.snapshot.phase': 'compaction_after' })], fidelities: [], previous: null });
    expect(c.truncations).toBe(2);
  });

  it('scores 100 with nothing to measure and less with every problem', () => {
    expect(consistency({ turns: [turn(1)], snapshots: [], fidelities: [], previous: null }).score).toBe(100);
    expect(consistencyScore(1, 1, 0)).toBe(100);
    expect(consistencyScore(1, 1, 1)).toBe(90);
    expect(consistencyScore(0.5, 1, 0)).toBe(80);
    expect(consistencyScore(0, 0, 4)).toBe(4);
  });

  it('compares digests in privacy mode', () => {
    const snaps = [snap(1, 1, 'a', null, { 'baton.snapshot.fact_digests': '{"ssn":"sha256:1"}' }), snap(1, 2, 'b', null, { 'baton.snapshot.fact_digests': '{"ssn":"sha256:2"}' })];
    expect(consistency({ turns: [turn(1)], snapshots: snaps, fidelities: [], previous: null }).contradictions).toMatchObject([{ key: 'ssn', from: 'sha256:1', to: 'sha256:2' }]);
  });
});
