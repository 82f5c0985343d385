/**
 * The sessions list's filters as they live in the URL (`?agent&user&q&minScore&maxScore`),
 * read leniently: a score that is not a number 0..100 is ignored, and a
 * minimum above the maximum is read the other way round, so a hand-edited
 * link still shows something sensible instead of an error. Pure.
 */

export interface SessionListFilters {
  agent?: string;
  user?: string;
  q?: string;
  minScore?: number;
  maxScore?: number;
}

export const FILTER_KEYS = ['agent', 'user', 'q', 'minScore', 'maxScore'] as const;

function score(text: string | null): number | undefined {
  if (text === null || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? Math.round(n) : undefined;
}

function text(value: string | null): string | undefined {
  const t = value?.trim();
  return t ? t.slice(0, 256) : undefined;
}

export function filtersFromParams(params: { get(name: string): string | null }): SessionListFilters {
  let minScore = score(params.get('minScore'));
  let maxScore = score(params.get('maxScore'));
  if (minScore !== undefined && maxScore !== undefined && minScore > maxScore) [minScore, maxScore] = [maxScore, minScore];
  const out: SessionListFilters = {};
  const agent = text(params.get('agent'));
  const user = text(params.get('user'));
  const q = text(params.get('q'));
  if (agent) out.agent = agent;
  if (user) out.user = user;
  if (q) out.q = q;
  if (minScore !== undefined) out.minScore = minScore;
  if (maxScore !== undefined) out.maxScore = maxScore;
  return out;
}

/** A URL patch that sets exactly these filters (absent ones removed). */
export function filtersPatch(f: SessionListFilters): Record<(typeof FILTER_KEYS)[number], string | undefined> {
  return {
    agent: f.agent,
    user: f.user,
    q: f.q,
    minScore: f.minScore === undefined ? undefined : String(f.minScore),
    maxScore: f.maxScore === undefined ? undefined : String(f.maxScore),
  };
}

export const hasFilters = (f: SessionListFilters) => FILTER_KEYS.some((k) => f[k] !== undefined);
