import type { Severity } from '@/lib/analysis/types';

/**
 * One colour scale for consistency scores and drift severities, used by every
 * place that colours either (docs/analysis.md, "Reading the numbers"), so the
 * overview, the session list and a session's page never read one number two
 * ways. Green is a consistent session or a handoff without drift, amber a
 * drifting session or a warning, red an inconsistent session or a critical
 * handoff. Pure.
 */

export type ScoreBand = 'consistent' | 'drifting' | 'inconsistent';

/** The bands, best first: a score is in the first band whose `min` it reaches. */
export const SCORE_BANDS: readonly { band: ScoreBand; min: number; max: number }[] = [
  { band: 'consistent', min: 80, max: 100 },
  { band: 'drifting', min: 50, max: 79 },
  { band: 'inconsistent', min: 0, max: 49 },
];

export function scoreBand(score: number): ScoreBand {
  return (SCORE_BANDS.find((b) => score >= b.min) ?? SCORE_BANDS[SCORE_BANDS.length - 1]!).band;
}

/** What a band means, in the words of docs/analysis.md. */
export const BAND_LABEL: Record<ScoreBand, string> = {
  consistent: 'consistent',
  drifting: 'drifting',
  inconsistent: 'inconsistent',
};

/** Fill colours (hex: SVG and inline bars need real colours); readable on light and dark. */
export const BAND_COLOR: Record<ScoreBand, string> = {
  consistent: '#10b981',
  drifting: '#f59e0b',
  inconsistent: '#ef4444',
};

/** Text colours, light and dark. */
export const BAND_TEXT: Record<ScoreBand, string> = {
  consistent: 'text-emerald-700 dark:text-emerald-400',
  drifting: 'text-amber-700 dark:text-amber-400',
  inconsistent: 'text-red-700 dark:text-red-400',
};

/** The band a severity shares its colour with (none and info have their own, neutral and blue). */
export const SEVERITY_BAND: Partial<Record<Severity, ScoreBand>> = { critical: 'inconsistent', warning: 'drifting' };

/** Stroke colours per severity for charts and graph edges: critical and warning in their bands' colours. */
export const SEVERITY_COLOR: Record<Severity, string> = {
  none: '#a1a1aa',
  info: '#0ea5e9',
  warning: BAND_COLOR.drifting,
  critical: BAND_COLOR.inconsistent,
};

/** Badge classes per severity, light and dark. */
export const SEVERITY_BADGE: Record<Severity, string> = {
  none: 'bg-zinc-100 text-zinc-600 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
  info: 'bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-800',
  warning: 'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800',
  critical: 'bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-800',
};

/** The band of a range of scores (a histogram bin), when the whole range is in one band. */
export function bandOfRange(min: number, max: number): ScoreBand | null {
  const band = scoreBand(min);
  return scoreBand(max) === band ? band : null;
}
