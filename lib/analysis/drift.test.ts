import { describe, expect, it } from 'vitest';
import { factDigest, snapshotDrift } from './drift';
import { parseSnapshot } from './snapshot';
import type { Contract, Drift, FactValue, Snapshot } from './types';

const origin = { traceId: 't', spanId: 's', time: '1', agent: 'a', sessionId: '' };

/** A snapshot from the attributes an agent would send, facts given as an object. */
function snap(facts: Record<string, FactValue> | null, extra: Record<string, string | boolean> = {}): Snapshot {
  return parseSnapshot({ ...(facts ? { 'baton.snapshot.facts': JSON.stringify(facts) } : {}), ...extra }, origin);
}

const nothingEarlier = (_key: string, _value: FactValue | null) => false;

function drift(sender: Snapshot, receiver: Snapshot, contract: Contract | null = null, grounded = nothingEarlier): Drift {
  return snapshotDrift({ sender, receiver, contract, grounded });
}

describe('drift between two snapshots', () => {
  it.each<[string, Record<string, FactValue>, Record<string, FactValue>, Partial<Drift>]>([
    ['empty facts on both sides', {}, {}, { dropped: [], changed: [], added: [], fidelity: 1, severity: 'none' }],
    ['identical facts', { a: 1, b: 'x' }, { a: 1, b: 'x' }, { fidelity: 1, severity: 'none' }],
    ['a dropped nested fact', { trip: { budget: 300, city: 'Lyon' } }, { trip: { budget: 300 } }, { dropped: ['trip.city'], fidelity: 0.5, severity: 'warning' }],
    ['a changed value', { budget: 300 }, { budget: 250 }, { changed: [{ key: 'budget', from: 300, to: 250 }], fidelity: 0, severity: 'warning' }],
    ['numbers compared by value, numeric strings included', { budget: 300, rate: 0.5 }, { budget: '300', rate: '0.50' }, { changed: [], fidelity: 1 }],
    ['a number with a unit is not the number', { budget: 300 }, { budget: '300 EUR' }, { changed: [{ key: 'budget', from: 300, to: '300 EUR' }] }],
    ['strings trimmed', { city: ' Lyon ' }, { city: 'Lyon' }, { changed: [] }],
    ['strings otherwise exact', { city: 'Lyon' }, { city: 'lyon' }, { changed: [{ key: 'city', from: 'Lyon', to: 'lyon' }] }],
    ['arrays in order', { stops: ['a', 'b'] }, { stops: ['b', 'a'] }, { changed: [{ key: 'stops', from: ['a', 'b'], to: ['b', 'a'] }] }],
    ['objects inside arrays by structure', { items: [{ id: 1, q: 2 }] }, { items: [{ q: 2, id: 1 }] }, { changed: [] }],
    ['null is a value', { note: null, gone: null }, { note: null }, { changed: [], dropped: ['gone'] }],
    ['unicode keys', { 客户: '王', 'ключ': 1 }, { 客户: '王' }, { dropped: ['ключ'] }],
    ['an ungrounded addition', { a: 1 }, { a: 1, invented: 'x' }, { added: ['invented'], severity: 'info' }],
  ])('%s', (_name, s, r, expected) => {
    expect(drift(snap(s), snap(r))).toMatchObject(expected);
  });

  it('grounds an addition that something earlier in the session holds', () => {
    const grounded = (key: string, value: FactValue | null) => key === 'customer.tier' && value === 'gold';
    const d = drift(snap({ a: 1 }), snap({ a: 1, customer: { tier: 'gold' }, other: 2 }), null, grounded);
    expect(d.added).toEqual(['other']);
  });

  it('reports a change the receiver declares as an update: updates matter to consistency, not to a handoff', () => {
    const d = drift(snap({ budget: 300 }), snap({ budget: 400 }, { 'baton.snapshot.updates': '["budget"]' }));
    expect(d.changed).toEqual([{ key: 'budget', from: 300, to: 400 }]);
  });

  it('handles 1,000-key snapshots', () => {
    const s: Record<string, FactValue> = {};
    for (let i = 0; i < 1000; i++) s[`k${i}`] = i;
    const r = { ...s, k7: 'seven' } as Record<string, FactValue>;
    delete r.k999;
    const started = performance.now();
    const d = drift(snap(s), snap(r));
    expect(performance.now() - started).toBeLessThan(200);
    expect(d.dropped).toEqual(['k999']);
    expect(d.changed).toEqual([{ key: 'k7', from: 7, to: 'seven' }]);
    expect(d.fidelity).toBe(0.998);
  });

  it('uses an empty receiver when the receiver recorded no facts', () => {
    const d = drift(snap({ a: 1, b: 2 }), snap(null, { 'baton.snapshot.text': 'summary' }));
    expect(d).toMatchObject({ dropped: ['a', 'b'], fidelity: 0, method: 'snapshot' });
  });
});

describe('contracts and constraints', () => {
  const contract = (c: Partial<Contract>): Contract => ({ required: [], preserve: [], forbidden: [], ...c });

  it('finds required keys missing, a nested path satisfying a required parent', () => {
    const d = drift(snap({ customer: { id: 'C-1' }, budget: 1 }), snap({ customer: { id: 'C-1' } }), contract({ required: ['customer', 'budget'] }));
    expect(d.contractMissing).toEqual(['budget']);
    expect(d.severity).toBe('critical');
  });

  it('accepts a required constraint id held by the receiver', () => {
    const withConstraint = snap({}, { 'baton.snapshot.constraints': JSON.stringify([{ id: 'no-refund-over-budget', text: 'Never refund above budget' }]) });
    expect(drift(snap({}), withConstraint, contract({ required: ['no-refund-over-budget'] })).contractMissing).toEqual([]);
  });

  it('reads the array form of a contract from the sent snapshot', () => {
    const sent = snap({ a: 1 }, { 'baton.handoff.contract': '["a","b"]' });
    expect(drift(sent, snap({ a: 1 }), sent.contract).contractMissing).toEqual(['b']);
  });

  it('flags preserve keys whose value changed or did not arrive, and ignores preserve keys the sender never had', () => {
    const d = drift(snap({ budget: 300, city: 'Lyon', trip: { from: 'A' } }), snap({ budget: 300, city: 'Paris' }), contract({ preserve: ['budget', 'city', 'trip', 'never'] }));
    expect(d.preserveViolated).toEqual(['city', 'trip']);
  });

  it('flags forbidden keys that crossed, nested ones too', () => {
    const d = drift(snap({}), snap({ customer: { ssn: 'x' }, card: 1 }), contract({ forbidden: ['customer.ssn', 'email'] }));
    expect(d.forbiddenPresent).toEqual(['customer.ssn']);
    expect(d.severity).toBe('critical');
  });

  it('does not count a forbidden key the sender withheld as dropped, nor in fidelity', () => {
    const sender = snap({ customer: { id: 'C-1', email: 'a@b.c' }, card: 4242, order: 7 });
    const d = drift(sender, snap({ customer: { id: 'C-1' }, order: 7 }), contract({ forbidden: ['customer.email', 'card'] }));
    expect(d).toMatchObject({ dropped: [], changed: [], forbiddenPresent: [], fidelity: 1, severity: 'none' });
    const leaked = drift(sender, snap({ customer: { id: 'C-1', email: 'a@b.c' }, order: 8 }), contract({ forbidden: ['customer.email', 'card'] }));
    expect(leaked).toMatchObject({ dropped: [], changed: [{ key: 'order', from: 7, to: 8 }], forbiddenPresent: ['customer.email'], fidelity: 0.5, severity: 'critical' });
  });

  it('finds dropped constraints by id, else by text ignoring case and spacing', () => {
    const s = snap({}, { 'baton.snapshot.constraints': JSON.stringify(['Never exceed  the budget', { id: 'c2', text: 'Keep ids' }, 'Answer in French']) });
    const r = snap({}, { 'baton.snapshot.constraints': JSON.stringify(['never exceed the budget', { id: 'c2', text: 'Keep the ids' }]) });
    expect(drift(s, r).constraintsDropped).toEqual(['Answer in French']);
    expect(drift(s, snap({})).constraintsDropped).toEqual(['Never exceed  the budget', 'c2', 'Answer in French']);
  });
});

describe('fidelity counts facts, constraints and contract entries', () => {
  const contract = (c: Partial<Contract>): Contract => ({ required: [], preserve: [], forbidden: [], ...c });
  const constraints = (list: unknown[]) => ({ 'baton.snapshot.constraints': JSON.stringify(list) });
  const facts = { trip: { dates: '2026-05-01/05', city: 'Lyon' }, budget: 300 };

  it('is below 1 when only a required constraint was dropped (every fact arrived)', () => {
    const sender = snap(facts, constraints([{ id: 'budget-cap', text: 'Never exceed the budget' }]));
    const d = drift(sender, snap(facts), contract({ required: ['budget-cap'] }));
    expect(d).toMatchObject({ dropped: [], changed: [], constraintsDropped: ['budget-cap'], contractMissing: ['budget-cap'], severity: 'critical' });
    // 3 facts + 1 constraint + 1 contract entry sent; the constraint and the contract entry did not arrive.
    expect(d.fidelity).toBe(0.6);
  });

  it('is below 1 when a constraint without a contract was dropped', () => {
    const d = drift(snap(facts, constraints(['Answer in French'])), snap(facts));
    expect(d).toMatchObject({ constraintsDropped: ['Answer in French'], severity: 'critical', fidelity: 0.75 });
  });

  it('counts a breached contract entry as lost, a kept one as arrived', () => {
    const d = drift(snap(facts), snap({ budget: 300, trip: { city: 'Lyon' } }), contract({ required: ['budget', 'trip.dates'], preserve: ['trip.city'] }));
    // 3 facts (1 dropped) + 3 entries (trip.dates missing): 4 of 6 arrived.
    expect(d).toMatchObject({ dropped: ['trip.dates'], contractMissing: ['trip.dates'], fidelity: 0.667, severity: 'critical' });
  });

  it('stays 1 when everything handed over arrived', () => {
    const sender = snap(facts, constraints([{ id: 'c1', text: 'Keep ids' }]));
    expect(drift(sender, sender, contract({ required: ['budget', 'c1'], preserve: ['trip'] })).fidelity).toBe(1);
  });
});

describe('privacy mode (digests)', () => {
  const digests = (d: Record<string, string>) => ({ 'baton.snapshot.fact_digests': JSON.stringify(d) });

  it('names keys, never values', () => {
    const d = drift(snap(null, digests({ a: 'sha256:1', b: 'sha256:2', c: 'sha256:3' })), snap(null, digests({ a: 'sha256:1', b: 'sha256:9', d: 'sha256:4' })));
    expect(d).toMatchObject({ method: 'digest', dropped: ['c'], changed: [{ key: 'b', from: null, to: null }], added: ['d'], fidelity: 0.333 });
  });

  it('compares a side that sent values with a side that sent digests', () => {
    const d = drift(snap({ budget: 300, city: 'Lyon' }), snap(null, digests({ budget: factDigest(300), city: factDigest('Paris') })));
    expect(d.method).toBe('digest');
    expect(d.changed).toEqual([{ key: 'city', from: null, to: null }]);
  });
});

describe('free text and truncation', () => {
  it('measures text similarity only when both sides have text', () => {
    const s = snap({}, { 'baton.snapshot.text': 'Refund order 48213 within the 300 EUR budget' });
    const same = drift(s, snap({}, { 'baton.snapshot.text': 'refund order 48213 within the 300 EUR budget' }));
    expect(same.textSimilarity).toBe(1);
    expect(same.severity).toBe('none');
    const other = drift(s, snap({}, { 'baton.snapshot.text': 'Book a flight to Paris' }));
    expect(other.textSimilarity).toBeLessThan(0.8);
    expect(other.severity).toBe('info');
    expect(drift(s, snap({})).textSimilarity).toBeNull();
  });

  it('reports the receiver’s truncation', () => {
    expect(drift(snap({}), snap({}, { 'baton.snapshot.truncated': true })).truncated).toBe(true);
  });
});
