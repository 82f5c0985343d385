import { describe, expect, it } from 'vitest';
import { parseSnapshot } from './snapshot';

const origin = { traceId: 't1', spanId: 's1', time: '1700000000000000000', agent: 'planner', sessionId: 'sess' };

describe('reading a snapshot event', () => {
  it('reads every field of the convention', () => {
    const s = parseSnapshot(
      {
        'baton.snapshot.phase': 'sent',
        'baton.snapshot.facts': JSON.stringify({ trip: { budget: 300, city: 'Lyon' }, tags: ['a'], empty: {} }),
        'baton.snapshot.constraints': JSON.stringify(['Never exceed the budget', { id: 'c2', text: 'Keep ids' }]),
        'baton.snapshot.text': 'Summary so far',
        'baton.snapshot.tokens': 1200,
        'baton.snapshot.token_limit': '8000',
        'baton.snapshot.truncated': false,
        'baton.snapshot.updates': ['trip.budget'],
        'baton.handoff.id': ' h-1 ',
        'baton.handoff.to': 'writer',
        'baton.handoff.contract': JSON.stringify({ required: ['trip'], preserve: ['trip.budget'], forbidden: ['ssn'] }),
      },
      origin,
    );
    expect(s).toEqual({
      ...origin,
      phase: 'sent',
      facts: { 'trip.budget': 300, 'trip.city': 'Lyon', tags: ['a'], empty: {} },
      digests: null,
      constraints: [{ text: 'Never exceed the budget' }, { id: 'c2', text: 'Keep ids' }],
      text: 'Summary so far',
      tokens: 1200,
      tokenLimit: 8000,
      truncated: false,
      updates: ['trip.budget'],
      handoffId: 'h-1',
      handoffTo: 'writer',
      contract: { required: ['trip'], preserve: ['trip.budget'], forbidden: ['ssn'] },
      invalid: [],
    });
  });

  it('keeps absent parts absent, not empty', () => {
    const s = parseSnapshot({ 'baton.snapshot.phase': 'checkpoint' }, origin);
    expect(s).toMatchObject({ facts: null, digests: null, constraints: null, text: null, contract: null, updates: [], invalid: [] });
  });

  it('takes the agent named in the snapshot over the span’s', () => {
    expect(parseSnapshot({ 'baton.agent.name': 'critic' }, origin).agent).toBe('critic');
  });

  it.each([
    ['facts that are not JSON', { 'baton.snapshot.facts': '{budget: 300' }, 'baton.snapshot.facts is not valid JSON'],
    ['facts that are not an object', { 'baton.snapshot.facts': '[1,2]' }, 'baton.snapshot.facts is not a JSON object'],
    ['a bad constraint', { 'baton.snapshot.constraints': '[42]' }, 'baton.snapshot.constraints has an item that is neither a string nor { id, text }'],
    ['a bad contract', { 'baton.handoff.contract': '"budget"' }, 'baton.handoff.contract is neither an array of keys nor { required, preserve, forbidden }'],
    ['bad updates', { 'baton.snapshot.updates': '{"a":1}' }, 'baton.snapshot.updates is not an array of strings'],
    ['facts nested 5,000 deep', { 'baton.snapshot.facts': `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}` }, 'baton.snapshot.facts nests more than 64 levels deep'],
    ['constraints nested 5,000 deep', { 'baton.snapshot.constraints': `${'['.repeat(5_000)}${']'.repeat(5_000)}` }, 'baton.snapshot.constraints nests more than 64 levels deep'],
    ['a bad token count', { 'baton.snapshot.tokens': 'lots' }, 'baton.snapshot.tokens is not a non-negative number'],
  ])('records %s as invalid without failing', (_name, attrs, reason) => {
    const s = parseSnapshot(attrs, origin);
    expect(s.invalid).toEqual([reason]);
  });

  it('keeps a fact named __proto__ as an ordinary fact', () => {
    const s = parseSnapshot({ 'baton.snapshot.facts': '{"__proto__":{"polluted":true},"constructor":"c"}' }, origin);
    expect(Object.keys(s.facts ?? {})).toEqual(['__proto__.polluted', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads digests in privacy mode', () => {
    const s = parseSnapshot({ 'baton.snapshot.fact_digests': JSON.stringify({ customer: { id: 'sha256:ab' } }) }, origin);
    expect(s.digests).toEqual({ 'customer.id': 'sha256:ab' });
  });
});
