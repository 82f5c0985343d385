import { describe, expect, it } from 'vitest';
import { parseSort, sortRows } from './sort';

describe('sortRows', () => {
  const rows = [
    { name: 'b', v: 2 },
    { name: 'a', v: null },
    { name: 'c', v: 10 },
    { name: 'd', v: 2 },
  ];

  it('sorts numbers by value either way, keeping rows without a value last and ties in order', () => {
    expect(sortRows(rows, (r) => r.v, 'desc').map((r) => r.name)).toEqual(['c', 'b', 'd', 'a']);
    expect(sortRows(rows, (r) => r.v, 'asc').map((r) => r.name)).toEqual(['b', 'd', 'c', 'a']);
  });

  it('sorts text by locale', () => {
    expect(sortRows(rows, (r) => r.name, 'asc').map((r) => r.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(sortRows(rows, (r) => r.name, 'desc').map((r) => r.name)).toEqual(['d', 'c', 'b', 'a']);
  });
});

describe('parseSort', () => {
  const fallback = { column: 'runs', dir: 'desc' as const };
  it('accepts known columns only', () => {
    expect(parseSort('p95', 'asc', ['runs', 'p95'], fallback)).toEqual({ column: 'p95', dir: 'asc' });
    expect(parseSort('p95', 'sideways', ['runs', 'p95'], fallback)).toEqual({ column: 'p95', dir: 'desc' });
    expect(parseSort('drop table', 'asc', ['runs', 'p95'], fallback)).toEqual(fallback);
    expect(parseSort(null, null, ['runs'], fallback)).toEqual(fallback);
  });
});
