import type { Handoff } from '@/lib/schemas/handoffs';
import type { ContextSize, SessionTurn } from '@/lib/schemas/sessions';

/**
 * Chart data for the session page and its embed (prepare, then visualise):
 * shares as percentages, gaps as null, colours by series identity. Recharts
 * components only render what these return. Pure.
 */

export interface RetentionPoint {
  turn: number;
  label: string;
  traceId: string;
  /** Percent of the facts established so far that the turn still held; null: the turn recorded no facts (a gap). */
  retention: number | null;
  established: number;
  held: number;
}

/** The loaded turns' retention, labelled with each turn's number in the session. */
export function retentionPoints(turns: readonly Pick<SessionTurn, 'turn' | 'traceId' | 'retention' | 'established' | 'held'>[]): RetentionPoint[] {
  return turns.map((r) => ({
    turn: r.turn,
    label: `Turn ${r.turn}`,
    traceId: r.traceId,
    retention: r.retention === null ? null : Math.round(r.retention * 1000) / 10,
    established: r.established,
    held: r.held,
  }));
}

export interface FidelityPoint {
  index: number;
  id: string;
  traceId: string;
  label: string;
  /** Percent of what the sender handed over (facts, constraints, contract entries) that arrived unchanged. */
  fidelity: number;
  severity: Handoff['drift']['severity'];
  time: string;
}

export interface FidelitySeries {
  points: FidelityPoint[];
  /** Handoffs not charted: still waiting for a side, or compared by text (which measures no fidelity). */
  pending: number;
  textOnly: number;
}

/** Complete handoffs measured on facts (snapshots or digests), in time order. */
export function fidelitySeries(handoffs: readonly Handoff[]): FidelitySeries {
  const measured = handoffs.filter((h) => h.status === 'complete' && h.drift.method !== 'text').sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
  return {
    points: measured.map((h, i) => ({
      index: i + 1,
      id: h.id,
      traceId: h.traceId,
      label: h.source === 'compaction' ? `${h.fromAgent} (compaction)` : `${h.fromAgent || '?'} → ${h.toAgent || '?'}`,
      fidelity: Math.round(h.drift.fidelity * 1000) / 10,
      severity: h.drift.severity,
      time: h.time,
    })),
    pending: handoffs.filter((h) => h.status === 'pending').length,
    textOnly: handoffs.filter((h) => h.status === 'complete' && h.drift.method === 'text').length,
  };
}

/** Series colours by identity, distinguishable on light and dark backgrounds. */
export const SERIES_COLORS = ['#6366f1', '#14b8a6', '#f97316', '#ec4899', '#84cc16', '#06b6d4', '#a855f7', '#eab308'] as const;

export interface ContextPoint {
  t: number;
  tokens: number;
  tokenLimit: number | null;
  truncated: boolean;
  phase: string;
  agent: string;
  traceId: string;
  spanId: string;
}

export interface ContextSeries {
  agents: { agent: string; color: string; points: ContextPoint[] }[];
  /** Distinct context windows, each with the agents working within it; `inView` when under the axis top (a reference line). */
  limits: { tokens: number; agents: string[]; inView: boolean }[];
  /** The y axis top. */
  yMax: number;
  truncations: number;
}

/**
 * The y axis top: the windows when the contexts come near them (so a context
 * filling its window shows as such), else the largest context, so that its
 * growth is not squashed flat under a window far above it.
 */
export function contextAxisTop(maxTokens: number, maxLimit: number): number {
  const top = maxLimit > 0 && maxLimit <= maxTokens * 1.5 ? Math.max(maxLimit, maxTokens) * 1.05 : maxTokens * 1.2;
  return Math.max(1, Math.ceil(top));
}

export function contextSeries(context: readonly ContextSize[]): ContextSeries {
  const names = [...new Set(context.map((c) => c.agent))].sort();
  const agents = names.map((agent, i) => ({
    agent,
    color: SERIES_COLORS[i % SERIES_COLORS.length] as string,
    points: context
      .filter((c) => c.agent === agent)
      .map((c) => ({ t: Date.parse(c.time), tokens: c.tokens, tokenLimit: c.tokenLimit, truncated: c.truncated, phase: c.phase, agent, traceId: c.traceId, spanId: c.spanId })),
  }));
  const limitOf = new Map<string, number>();
  for (const c of context) if (c.tokenLimit !== null) limitOf.set(c.agent, Math.max(limitOf.get(c.agent) ?? 0, c.tokenLimit));
  const byLimit = new Map<number, string[]>();
  for (const agent of names) {
    const limit = limitOf.get(agent);
    if (limit !== undefined) byLimit.set(limit, [...(byLimit.get(limit) ?? []), agent]);
  }
  const yMax = contextAxisTop(Math.max(0, ...context.map((c) => c.tokens)), Math.max(0, ...limitOf.values()));
  return {
    agents,
    limits: [...byLimit].map(([tokens, list]) => ({ tokens, agents: list, inView: tokens <= yMax })).sort((a, b) => a.tokens - b.tokens),
    yMax,
    truncations: context.filter((c) => c.truncated).length,
  };
}

/** 12_345 → "12.3k", for token axes. */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${Math.round(n / 100_000) / 10}M`;
  if (n >= 1_000) return `${Math.round(n / 100) / 10}k`;
  return String(n);
}
