import type { Handoff } from '@/lib/schemas/handoffs';

/** "1 contract missing, 2 dropped": what the drift at a handoff found, the gravest first. Pure. */
export function driftSummary(h: Handoff): string {
  if (h.status === 'pending') return 'waiting for the other side';
  const d = h.drift;
  const parts: [number, string][] = [
    [d.contractMissing.length, 'contract missing'],
    [d.preserveViolated.length, 'preserve violated'],
    [d.forbiddenPresent.length, 'forbidden crossed'],
    [d.constraintsDropped.length, 'constraints dropped'],
    [d.dropped.length, 'dropped'],
    [d.changed.length, 'changed'],
    [d.added.length, 'added'],
  ];
  const found = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  if (d.truncated) found.push('truncated');
  return found.join(', ') || 'nothing lost';
}
