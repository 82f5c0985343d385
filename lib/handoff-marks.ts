import type { Severity } from '@/lib/analysis/types';
import type { Handoff } from '@/lib/schemas/handoffs';

/**
 * Which spans of a trace send or receive a handoff, for the marks on the
 * waterfall's rows: a handoff's sender side is its `fromSpanId` (when that
 * span is in this trace), its receiver side its `toSpanId`. Pure.
 */

export interface HandoffMark {
  sent: Handoff[];
  received: Handoff[];
  /** The worst drift among the complete ones ('none' when none drifted or all are pending). */
  severity: Severity;
  /** What a screen reader says: "Sends a handoff to billing (warning drift); receives one from triage". */
  label: string;
}

const RANK: Record<Severity, number> = { none: 0, info: 1, warning: 2, critical: 3 };

function sideText(verb: 'Sends' | 'Receives', list: Handoff[], other: (h: Handoff) => string): string {
  const parts = list.map((h) => {
    const drift = h.status === 'pending' ? 'pending' : h.drift.severity === 'none' ? 'no drift' : `${h.drift.severity} drift`;
    return `${other(h) || 'unknown'} (${drift})`;
  });
  const noun = list.length === 1 ? 'a handoff' : `${list.length} handoffs`;
  return `${verb} ${noun} ${verb === 'Sends' ? 'to' : 'from'} ${parts.join(', ')}`;
}

export function handoffMarks(traceId: string, handoffs: readonly Handoff[]): Map<string, HandoffMark> {
  const marks = new Map<string, HandoffMark>();
  const at = (spanId: string) => {
    let mark = marks.get(spanId);
    if (!mark) marks.set(spanId, (mark = { sent: [], received: [], severity: 'none', label: '' }));
    return mark;
  };
  for (const h of handoffs) {
    if (h.fromSpanId && h.fromTraceId === traceId) at(h.fromSpanId).sent.push(h);
    if (h.toSpanId && h.toTraceId === traceId && h.toSpanId !== h.fromSpanId) at(h.toSpanId).received.push(h);
  }
  for (const mark of marks.values()) {
    for (const h of [...mark.sent, ...mark.received]) {
      if (h.status === 'complete' && RANK[h.drift.severity] > RANK[mark.severity]) mark.severity = h.drift.severity;
    }
    const sides: string[] = [];
    if (mark.sent.length) sides.push(sideText('Sends', mark.sent, (h) => h.toAgent));
    if (mark.received.length) sides.push(sideText('Receives', mark.received, (h) => h.fromAgent));
    mark.label = sides.join('; ');
  }
  return marks;
}
