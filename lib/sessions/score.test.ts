import { describe, expect, it } from 'vitest';
import { percent } from './score';

describe('percent', () => {
  it('rounds shares and leaves nothing-to-measure visible', () => {
    expect(percent(0.875)).toBe('88%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('–');
    expect(percent(Number.NaN)).toBe('–');
  });
});
