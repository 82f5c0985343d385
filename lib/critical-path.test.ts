import { describe, expect, it } from 'vitest';
import { apiSpan } from '@/tests/helpers/api-spans';
import { criticalPath } from './critical-path';
import { buildWaterfall } from './trace-tree';

const pathOf = (...spans: Parameters<typeof apiSpan>[]) => [...criticalPath(buildWaterfall(spans.map((s) => apiSpan(...s))))].sort();

describe('critical path', () => {
  it('follows the child that ends last, then the one that ends before it started', () => {
    // root 0–100: a 0–40 then b 50–95 in sequence, c 10–30 overlaps a (not on the path), d 45–60 overlaps b.
    expect(pathOf(['root', '', 0, 100], ['a', 'root', 0, 40], ['b', 'root', 50, 45], ['c', 'root', 10, 20], ['d', 'root', 45, 15])).toEqual(['a', 'b', 'root']);
  });

  it('recurses into the spans on the path', () => {
    // b's last child b2 is on the path; b1 ends by b2's start; a's children are not (a is off the path).
    expect(
      pathOf(['root', '', 0, 100], ['a', 'root', 0, 90], ['a1', 'a', 0, 80], ['b', 'root', 5, 95], ['b1', 'b', 10, 20], ['b2', 'b', 30, 60], ['bx', 'b', 12, 30]),
    ).toEqual(['b', 'b1', 'b2', 'root']);
  });

  it('takes back-to-back spans and a child that outlives its parent', () => {
    expect(pathOf(['root', '', 0, 30], ['x', 'root', 0, 10], ['y', 'root', 10, 10], ['z', 'root', 20, 15])).toEqual(['root', 'x', 'y', 'z']);
  });

  it('starts at the root that ends last when a trace has several', () => {
    expect(pathOf(['r1', '', 0, 50], ['r1c', 'r1', 10, 10], ['r2', '', 20, 70], ['orphan', 'gone', 60, 40])).toEqual(['orphan', 'r1', 'r1c']);
  });

  it('is empty for an empty trace and handles a deep chain without recursion', () => {
    expect(criticalPath(buildWaterfall([])).size).toBe(0);
    const chain = Array.from({ length: 20_000 }, (_, i) => apiSpan(`s${i}`, i === 0 ? '' : `s${i - 1}`, i, 20_000 - i));
    expect(criticalPath(buildWaterfall(chain)).size).toBe(20_000);
  });
});
