import { describe, expect, it } from 'vitest';
import type { FactValue } from './types';
import { valueKey } from './value-key';
import { sameValue } from './values';

/** valueKey(a) === valueKey(b) exactly when sameValue(a, b): checked over every pair of a varied set of values. */

const values: FactValue[] = [
  300,
  '300',
  ' 300 ',
  '300.0',
  '3e2',
  300.5,
  '300 EUR',
  0,
  '-0',
  -1,
  '',
  ' ',
  'Lyon',
  ' Lyon ',
  'lyon',
  true,
  'true',
  false,
  null,
  'null',
  [],
  {},
  [1, '2'],
  ['1', 2],
  [2, 1],
  [[1], { a: '1' }],
  [[' 1 '], { a: 1 }],
  { a: 1, b: 'x' },
  { b: ' x ', a: '1' },
  { a: 1 },
  { a: [1] },
  { a: ['1'] },
  ['a', 'b'],
  ['a,b'],
  { 'a.b': 1 },
  { a: { b: 1 } },
  '1e400',
  '2e400',
];

describe('valueKey', () => {
  it('agrees with sameValue on every pair', () => {
    for (const a of values) {
      for (const b of values) {
        expect(valueKey(a) === valueKey(b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(sameValue(a, b));
      }
    }
  });
});
