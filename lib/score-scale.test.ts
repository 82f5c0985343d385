import { describe, expect, it } from 'vitest';
import { SCORE_BINS } from '@/lib/schemas/stats';
import { BAND_COLOR, bandOfRange, SCORE_BANDS, scoreBand, SEVERITY_COLOR } from './score-scale';

describe('the score scale', () => {
  it('puts 80 and up in consistent, 50–79 in drifting, below 50 in inconsistent', () => {
    expect([100, 80, 79, 50, 49, 0].map(scoreBand)).toEqual(['consistent', 'consistent', 'drifting', 'drifting', 'inconsistent', 'inconsistent']);
    // The report's disagreement: 83 is one band everywhere.
    expect(scoreBand(83)).toBe('consistent');
  });

  it('has bands that cover 0–100 once each, best first', () => {
    const covered = SCORE_BANDS.flatMap((b) => Array.from({ length: b.max - b.min + 1 }, (_, i) => b.min + i)).sort((a, b) => a - b);
    expect(covered).toEqual(Array.from({ length: 101 }, (_, i) => i));
    for (const b of SCORE_BANDS) expect(scoreBand(b.min)).toBe(b.band);
  });

  it('puts every histogram bin of the overview in one band', () => {
    for (const bin of SCORE_BINS) expect(bandOfRange(bin.min, bin.max), `${bin.min}–${bin.max}`).not.toBeNull();
    expect(bandOfRange(70, 89)).toBeNull();
  });

  it('gives critical and warning handoffs the colours of the inconsistent and drifting bands', () => {
    expect(SEVERITY_COLOR.critical).toBe(BAND_COLOR.inconsistent);
    expect(SEVERITY_COLOR.warning).toBe(BAND_COLOR.drifting);
  });
});
