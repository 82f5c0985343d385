/**
 * How a consistency score (0–100, docs/analysis.md) reads at a glance. One
 * contradiction alone costs 10 points and a fact dropped at one of three
 * handoffs about 5, so 85 and up is a session that kept its context, 65–84 one
 * that lost some, and below 65 one that needs a look.
 */

export type ScoreTone = 'good' | 'fair' | 'poor';

export const SCORE_THRESHOLDS = { good: 85, fair: 65 } as const;

export function scoreTone(score: number): ScoreTone {
  if (score >= SCORE_THRESHOLDS.good) return 'good';
  if (score >= SCORE_THRESHOLDS.fair) return 'fair';
  return 'poor';
}

/** Fill colours per tone (hex: SVG and inline bars need real colours); readable on light and dark. */
export const SCORE_COLOR: Record<ScoreTone, string> = {
  good: '#10b981',
  fair: '#f59e0b',
  poor: '#ef4444',
};

export const SCORE_LABEL: Record<ScoreTone, string> = {
  good: 'consistent',
  fair: 'some loss',
  poor: 'inconsistent',
};

/** A 0..1 share as a whole percentage ("87%"); "–" when there is nothing to measure. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '–' : `${Math.round(share * 100)}%`;
}
