import type { Handoff } from '@/lib/schemas/handoffs';

/** Short descriptions of a handoff's drift for lists. Pure. */

/** What made a handoff critical, in a few words: broken contract entries and dropped constraints. */
export function criticalReason(h: Pick<Handoff, 'drift'>): string {
  const d = h.drift;
  const parts = [
    d.contractMissing.length > 0 && `contract missing ${d.contractMissing.join(', ')}`,
    d.preserveViolated.length > 0 && `changed ${d.preserveViolated.join(', ')}`,
    d.forbiddenPresent.length > 0 && `forbidden ${d.forbiddenPresent.join(', ')} crossed`,
    d.constraintsDropped.length > 0 && `${d.constraintsDropped.length} constraint${d.constraintsDropped.length === 1 ? '' : 's'} dropped`,
  ].filter((p): p is string => Boolean(p));
  return parts.join(' · ') || 'critical drift';
}

/** Facts dropped, changed and added at a handoff, and the contract entries and constraints it broke. */
export function driftCounts(h: Pick<Handoff, 'drift'>): { dropped: number; changed: number; added: number; broken: number } {
  const d = h.drift;
  return {
    dropped: d.dropped.length,
    changed: d.changed.length,
    added: d.added.length,
    broken: d.contractMissing.length + d.preserveViolated.length + d.forbiddenPresent.length + d.constraintsDropped.length,
  };
}

/** Whether the edge was recorded by the agents (explicit snapshots) or inferred by Baton, and how. */
export const SOURCE_LABEL: Record<Handoff['source'], string> = {
  explicit: 'explicit',
  link: 'inferred: span link',
  framework: 'inferred: framework',
  delegation: 'inferred: delegation',
  compaction: 'compaction',
};
