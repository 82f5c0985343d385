import { describe, expect, it } from 'vitest';
import { consistencyScore } from '@/lib/analysis/consistency';
import { percent, scoreTone } from './score';

describe('score tone', () => {
  it('reads a perfect session, or one with a single contradiction, as consistent; some loss as fair', () => {
    expect(scoreTone(100)).toBe('good');
    expect(scoreTone(consistencyScore(1, 1, 1))).toBe('good');
    expect(scoreTone(consistencyScore(0.9, 0.9, 1))).toBe('fair');
    expect(scoreTone(85)).toBe('good');
    expect(scoreTone(84)).toBe('fair');
  });

  it('reads heavy loss as poor', () => {
    expect(scoreTone(consistencyScore(0.5, 0.6, 2))).toBe('poor');
    expect(scoreTone(64)).toBe('poor');
    expect(scoreTone(0)).toBe('poor');
  });
});

describe('percent', () => {
  it('rounds shares and leaves nothing-to-measure visible', () => {
    expect(percent(0.875)).toBe('88%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('–');
    expect(percent(Number.NaN)).toBe('–');
  });
});
