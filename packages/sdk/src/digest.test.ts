import { afterEach, describe, expect, it, vi } from 'vitest';
import { factDigest, snapshotDrift } from '@/lib/analysis/drift';
import { parseSnapshot } from '@/lib/analysis/snapshot';
import type { FactValue } from '@/lib/analysis/types';
import { flattenFacts } from '@/lib/analysis/values';
import { digestFacts, snapshotAttributes } from './index.js';

/**
 * Privacy mode: the helper's Web Crypto digests must be byte-identical to the
 * ones Baton computes from values (lib/analysis/drift.ts), or every fact
 * would look changed at a handoff where one side sends digests.
 */

afterEach(() => vi.unstubAllGlobals());

const VALUES: [string, FactValue][] = [
  ['a string', 'Lyon'],
  ['a string to trim', '  Lyon \n'],
  ['an empty string', ''],
  ['quotes, backslashes and control characters', 'say "hi"\\ \u0007\t'],
  ['unicode', 'Zürich — 北京 — ключ — 🚀'],
  ['composed and decomposed accents', 'é / e\u0301'],
  ['a lone surrogate', 'x\ud800y'],
  ['zero', 0],
  ['negative zero', -0],
  ['an integer', 48213],
  ['a float', 0.1 + 0.2],
  ['a negative float', -12.5],
  ['a large number', 1e21],
  ['a small number', 1e-7],
  ['true', true],
  ['false', false],
  ['null', null],
  ['an empty array', []],
  ['an empty object', {}],
  ['an array of mixed values', [1, ' a ', null, true, [2, ['x']]]],
  ['objects inside an array, keys unsorted', [{ z: 1, a: ' x ', m: { y: [1], b: 'é' } }, {}]],
];

describe('digestFacts', () => {
  it.each(VALUES)('equals factDigest for %s', async (_name, value) => {
    const digests = await digestFacts({ k: value });
    expect(digests).toEqual({ k: factDigest(value) });
    expect(digests.k).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('flattens nested objects to dotted paths, as Baton does before digesting', async () => {
    const facts = { customer: { id: 'C-42', address: { city: 'Zürich', zip: '8001' }, tags: ['vip'] }, 'a.b': 1, empty: {}, 客户: { 名字: '王' } };
    const expected = Object.fromEntries(Object.entries(flattenFacts(facts)).map(([k, v]) => [k, factDigest(v)]));
    expect(await digestFacts(facts)).toEqual(expected);
    expect(Object.keys(expected).sort()).toEqual(['a.b', 'customer.address.city', 'customer.address.zip', 'customer.id', 'customer.tags', 'empty', '客户.名字']);
  });

  it('does not depend on key order or surrounding spaces', async () => {
    const [a, b] = await Promise.all([digestFacts({ x: { list: [{ p: 1, q: ' v' }] } }), digestFacts({ x: { list: [{ q: 'v ', p: 1 }] } })]);
    expect(a).toEqual(b);
  });

  it('leaves out undefined properties and throws a TypeError synchronously on a value that is not JSON', async () => {
    expect(await digestFacts({ a: 1, b: undefined })).toEqual({ a: factDigest(1) });
    expect(() => digestFacts({ when: new Date() })).toThrow(/^digestFacts: facts\.when must be a JSON value .*, got a Date$/);
    expect(() => digestFacts([] as unknown as Record<string, unknown>)).toThrow(/^digestFacts: facts must be a plain object of facts, got an array$/);
  });

  it('rejects when Web Crypto is not available', async () => {
    vi.stubGlobal('crypto', undefined);
    await expect(digestFacts({ a: 1 })).rejects.toThrow(/Web Crypto \(globalThis\.crypto\.subtle\) is not available/);
  });

  it('digest snapshots parse back and compare with value snapshots in digest mode', async () => {
    const origin = { traceId: 't', spanId: 's', time: '1', agent: 'a', sessionId: '' };
    const sentFacts = { customer: { id: 'C-42' }, budget: 300, city: ' Lyon', stops: ['a', 'b'] };
    const sender = parseSnapshot(snapshotAttributes({ phase: 'sent', handoffId: 'h', factDigests: await digestFacts(sentFacts) }) as Record<string, string>, origin);
    expect(sender).toMatchObject({ facts: null, invalid: [] });
    expect(Object.keys(sender.digests ?? {}).sort()).toEqual(['budget', 'city', 'customer.id', 'stops']);
    const receiver = parseSnapshot(
      snapshotAttributes({ phase: 'received', handoffId: 'h', facts: { customer: { id: 'C-42' }, budget: 250, city: 'Lyon' } }) as Record<string, string>,
      origin,
    );
    const drift = snapshotDrift({ sender, receiver, contract: null, grounded: () => false });
    expect(drift).toMatchObject({ method: 'digest', dropped: ['stops'], changed: [{ key: 'budget', from: null, to: null }], added: [], fidelity: 0.5 });
  });
});
