import { describe, expect, it } from 'vitest';
import { filtersFromParams, filtersPatch, hasFilters } from './list-filters';

const read = (qs: string) => filtersFromParams(new URLSearchParams(qs));

describe('session list filters in the URL', () => {
  it('reads every filter', () => {
    expect(read('agent=planner&user=u-1&q=sess&minScore=20&maxScore=80')).toEqual({ agent: 'planner', user: 'u-1', q: 'sess', minScore: 20, maxScore: 80 });
    expect(read('')).toEqual({});
    expect(hasFilters(read(''))).toBe(false);
    expect(hasFilters(read('maxScore=0'))).toBe(true);
  });

  it('ignores unreadable scores and blank text, and swaps a reversed score range', () => {
    expect(read('minScore=abc&maxScore=140&agent=%20%20&user=')).toEqual({});
    expect(read('minScore=80&maxScore=20')).toEqual({ minScore: 20, maxScore: 80 });
    expect(read('minScore=49.6')).toEqual({ minScore: 50 });
  });

  it('round-trips through a URL patch that clears what is absent', () => {
    const patch = filtersPatch({ user: 'u-1', maxScore: 0 });
    expect(patch).toEqual({ agent: undefined, user: 'u-1', q: undefined, minScore: undefined, maxScore: '0' });
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) params.set(k, v);
    expect(filtersFromParams(params)).toEqual({ user: 'u-1', maxScore: 0 });
  });
});
