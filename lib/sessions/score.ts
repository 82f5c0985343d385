/** A 0..1 share as a whole percentage ("87%"); "–" when there is nothing to measure. Score colours are in lib/score-scale.ts. */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined || !Number.isFinite(share) ? '–' : `${Math.round(share * 100)}%`;
}
