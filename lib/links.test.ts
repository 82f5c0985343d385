import { describe, expect, it } from 'vitest';
import { bucketRange, handoffHref, withRange } from './links';

describe('links', () => {
  it('carries the time range as it is, relative or absolute, with the filters', () => {
    expect(withRange('/handoffs', { from: 'now-7d', to: 'now' }, { severity: 'critical', toAgent: undefined, fromAgent: '' })).toBe('/handoffs?from=now-7d&to=now&severity=critical');
    expect(withRange('/sessions', { from: '1000', to: '2000' }, { minScore: 0, maxScore: 9 })).toBe('/sessions?from=1000&to=2000&minScore=0&maxScore=9');
    expect(withRange('/handoffs', { from: 'now-1h', to: 'now' }, { fromAgent: 'a & b' })).toBe('/handoffs?from=now-1h&to=now&fromAgent=a+%26+b');
  });

  it('opens a handoff on its trace page', () => {
    expect(handoffHref('ab12', 'explicit:1>2')).toBe('/traces/ab12?handoff=explicit%3A1%3E2');
  });

  it('gives the absolute range of a bucket', () => {
    expect(bucketRange('2026-11-26T10:00:00.000000000Z', 3600)).toEqual({ from: String(Date.parse('2026-11-26T10:00:00Z')), to: String(Date.parse('2026-11-26T11:00:00Z') - 1) });
    expect(bucketRange(0, 60)).toEqual({ from: '0', to: '59999' });
  });
});
