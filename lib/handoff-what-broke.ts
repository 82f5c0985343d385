import type { Handoff } from '@/lib/schemas/handoffs';

/**
 * What broke at a handoff, for a list row: the contract entries it broke,
 * then the facts dropped, changed and added, each naming its first keys
 * ("dropped `trip.dates`, `budget` +3"), instead of bare counts. A key a
 * contract names is said once, with the contract. Pure.
 */

export type BreakTone = 'critical' | 'warning' | 'info';

export interface BreakPart {
  /** "missing required", "dropped", "changed", "added"… */
  label: string;
  /** The first few keys (or constraint ids), as recorded. */
  keys: string[];
  /** How many more are not named. */
  more: number;
  /** Said instead of keys (a count, a similarity). */
  note?: string;
  tone: BreakTone;
}

/** Keys named per part before "+N". */
export const KEYS_SHOWN = 3;

function part(label: string, all: readonly string[], tone: BreakTone, shown = KEYS_SHOWN): BreakPart[] {
  if (all.length === 0) return [];
  return [{ label, keys: all.slice(0, shown), more: Math.max(0, all.length - shown), tone }];
}

/** The parts, most severe first; empty when nothing was lost (or the handoff is pending: see `pendingNote`). */
export function whatBroke(h: Pick<Handoff, 'drift' | 'status'>): BreakPart[] {
  if (h.status === 'pending') return [];
  const d = h.drift;
  const contract = new Set([...d.contractMissing, ...d.preserveViolated]);
  const constraints = d.constraintsDropped.length;
  return [
    ...part('missing required', d.contractMissing, 'critical'),
    ...part('changed preserved', d.preserveViolated, 'critical'),
    ...part('forbidden crossed', d.forbiddenPresent, 'critical'),
    ...(constraints > 0 ? [{ label: 'dropped', keys: [], more: 0, note: `${constraints} constraint${constraints === 1 ? '' : 's'}`, tone: 'critical' as const }] : []),
    ...part(
      'dropped',
      d.dropped.filter((k) => !contract.has(k)),
      'warning',
    ),
    ...part(
      'changed',
      d.changed.map((c) => c.key).filter((k) => !contract.has(k)),
      'warning',
    ),
    ...part('added', d.added, 'info'),
  ];
}

/** What the row says when there are no parts. */
export function quietNote(h: Pick<Handoff, 'drift' | 'status'>): string {
  if (h.status === 'pending') return 'waiting for the receiver';
  if (h.drift.method === 'text') return h.drift.textSimilarity === null ? 'compared as text: nothing lost' : `compared as text: ${Math.round(h.drift.textSimilarity * 100)}% similar`;
  return 'nothing lost';
}

/** The parts as one line of text: `dropped trip.dates, budget +3; changed customer_id`. */
export function whatBrokeText(h: Pick<Handoff, 'drift' | 'status'>): string {
  const parts = whatBroke(h);
  if (parts.length === 0) return quietNote(h);
  return parts.map((p) => [p.label, p.note ?? p.keys.join(', '), p.more > 0 ? `+${p.more}` : ''].filter(Boolean).join(' ')).join('; ');
}
