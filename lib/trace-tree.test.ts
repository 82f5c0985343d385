import { describe, expect, it } from 'vitest';
import { apiSpan } from '@/tests/helpers/api-spans';
import { ancestorIds, buildWaterfall, parentIds, visibleRows } from './trace-tree';

const span = apiSpan;

describe('waterfall rows', () => {
  it('orders depth-first with children by start time', () => {
    const w = buildWaterfall([span('c2', 'root', 50, 10), span('root', '', 0, 100), span('c1', 'root', 10, 20), span('g', 'c1', 15, 5)]);
    expect(w.rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ['root', 0],
      ['c1', 1],
      ['g', 2],
      ['c2', 1],
    ]);
    expect(w.durationNs).toBe(100_000_000);
    expect(w.rows[3]!.offset).toBeCloseTo(0.5);
    expect(w.rows[3]!.width).toBeCloseTo(0.1);
  });

  it('keeps sub-millisecond precision from the ISO fraction', () => {
    const a = span('a', '', 0, 1);
    const b = { ...span('b', 'a', 0, 0), startTime: a.startTime.replace('.000000000Z', '.000500000Z'), durationNs: 100 };
    const w = buildWaterfall([a, b]);
    expect(w.rows[1]!.offset).toBeCloseTo(0.5);
  });

  it('shows spans whose parent is missing as roots marked orphan, and spans in a cycle', () => {
    const w = buildWaterfall([span('a', 'gone', 0, 10), span('x', 'y', 1, 1), span('y', 'x', 2, 1)]);
    expect(w.rows.map((r) => r.span.spanId).sort()).toEqual(['a', 'x', 'y']);
    expect(w.rows.find((r) => r.span.spanId === 'a')!.orphan).toBe(true);
  });

  it('handles an empty trace and a deep chain without recursion', () => {
    expect(buildWaterfall([]).rows).toEqual([]);
    const chain = Array.from({ length: 20_000 }, (_, i) => span(`s${i}`, i === 0 ? '' : `s${i - 1}`, i, 1));
    const w = buildWaterfall(chain);
    expect(w.rows).toHaveLength(20_000);
    expect(w.rows[19_999]!.depth).toBe(19_999);
  });
});

describe('collapsing subtrees', () => {
  // root ─ a ─ a1 ─ a1x
  //      │   └ a2
  //      └ b ─ b1
  const w = buildWaterfall([
    span('root', '', 0, 100),
    span('a', 'root', 1, 50),
    span('a1', 'a', 2, 10),
    span('a1x', 'a1', 3, 5),
    span('a2', 'a', 20, 10),
    span('b', 'root', 60, 30),
    span('b1', 'b', 61, 10),
  ]);
  const ids = (rows: { span: { spanId: string } }[]) => rows.map((r) => r.span.spanId);

  it('records each row’s parent row', () => {
    expect(w.rows.map((r) => [r.span.spanId, r.parentId])).toEqual([
      ['root', ''],
      ['a', 'root'],
      ['a1', 'a'],
      ['a1x', 'a1'],
      ['a2', 'a'],
      ['b', 'root'],
      ['b1', 'b'],
    ]);
  });

  it('hides the descendants of collapsed rows, keeping the rows themselves', () => {
    expect(ids(visibleRows(w.rows, new Set()))).toEqual(['root', 'a', 'a1', 'a1x', 'a2', 'b', 'b1']);
    expect(ids(visibleRows(w.rows, new Set(['a'])))).toEqual(['root', 'a', 'b', 'b1']);
    expect(ids(visibleRows(w.rows, new Set(['a1', 'b'])))).toEqual(['root', 'a', 'a1', 'a2', 'b']);
    // A collapsed row inside a collapsed subtree changes nothing more; a leaf "collapsed" hides nothing.
    expect(ids(visibleRows(w.rows, new Set(['a', 'a1', 'b1'])))).toEqual(['root', 'a', 'b', 'b1']);
    expect(ids(visibleRows(w.rows, parentIds(w.rows)))).toEqual(['root']);
  });

  it('lists the rows with children and a row’s ancestors, nearest first', () => {
    expect([...parentIds(w.rows)].sort()).toEqual(['a', 'a1', 'b', 'root']);
    expect(ancestorIds(w.rows, 'a1x')).toEqual(['a1', 'a', 'root']);
    expect(ancestorIds(w.rows, 'root')).toEqual([]);
    expect(ancestorIds(w.rows, 'missing')).toEqual([]);
  });

  it('folds an orphan’s subtree as a top-level row', () => {
    const o = buildWaterfall([span('o', 'gone', 0, 10), span('o1', 'o', 1, 1), span('r', '', 5, 10)]);
    expect(ids(visibleRows(o.rows, new Set(['o'])))).toEqual(['o', 'r']);
    expect(ancestorIds(o.rows, 'o1')).toEqual(['o']);
  });
});
