import type { DriftImpact } from '@/lib/schemas/stats';

/**
 * How the overview words one line of drift by impact (docs/analysis.md,
 * "Drift by impact"): "researcher → writer dropped trip.dates ×6". Pure.
 */

const VERB: Record<DriftImpact['kind'], string> = {
  contract: 'broke the contract on',
  constraint: 'dropped the constraint',
  dropped: 'dropped',
  changed: 'changed',
  added: 'added ungrounded',
};

export const agentName = (name: string) => name || '(unknown)';

export function impactVerb(kind: DriftImpact['kind']): string {
  return VERB[kind];
}

/** The whole line as text (the link's accessible name). */
export function impactLine(i: DriftImpact): string {
  return `${agentName(i.fromAgent)} → ${agentName(i.toAgent)} ${VERB[i.kind]} ${i.key} ×${i.handoffs}`;
}
