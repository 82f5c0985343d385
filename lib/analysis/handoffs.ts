import { compareNanos } from '@/lib/domain/time';
import { viaFramework } from './framework-handoffs';
import { edge, SpanIndex, type AnalysisSpan, type FoundHandoff } from './span-index';
import type { Snapshot } from './types';

export type { AnalysisSpan, FoundHandoff } from './span-index';
export { SpanIndex } from './span-index';

/**
 * Handoffs found in a set of spans and snapshots (DESIGN §3.3), by
 * precedence: explicit snapshot pairs, span links, framework signals,
 * delegation; plus compaction pairs of one agent. An edge found by several
 * sources is kept once, from the highest-precedence source. Pure.
 */

const byTime = (a: Snapshot, b: Snapshot) => compareNanos(a.time, b.time);

function explicit(snapshots: readonly Snapshot[], index: SpanIndex): FoundHandoff[] {
  const groups = new Map<string, Snapshot[]>();
  for (const s of snapshots) if (s.handoffId) groups.set(s.handoffId, [...(groups.get(s.handoffId) ?? []), s]);
  return [...groups].map(([id, sides]) => {
    sides.sort(byTime);
    const sent = sides.find((s) => s.phase === 'sent') ?? null;
    const received = sides.find((s) => s.phase === 'received') ?? null;
    const from = sent ? index.get(sent.spanId) : undefined;
    const to = received ? index.get(received.spanId) : undefined;
    return {
      id,
      source: 'explicit',
      status: sent && received ? 'complete' : 'pending',
      fromAgent: sent?.agent || index.agentOf(from),
      toAgent: received?.agent || index.agentOf(to) || sent?.handoffTo || '',
      fromSpanId: sent?.spanId ?? '',
      toSpanId: received?.spanId ?? '',
      fromTraceId: sent?.traceId ?? '',
      toTraceId: received?.traceId ?? '',
      time: (sent ?? received)!.time,
      sent,
      received,
    };
  });
}

function viaLinks(index: SpanIndex): FoundHandoff[] {
  const found: FoundHandoff[] = [];
  for (const span of index.all()) {
    if (span.type !== 'agent' || !span.agent) continue;
    for (const link of span.links) {
      const linked = index.get(link.spanId);
      const from = index.agentSpan(linked);
      if (from?.spanId === span.spanId) continue;
      found.push(edge('link', from, span, { from: index.agentOf(linked), to: span.agent }, span.startNs, link));
    }
  }
  return found;
}

function viaDelegation(index: SpanIndex): FoundHandoff[] {
  const found: FoundHandoff[] = [];
  for (const span of index.all()) {
    if (span.type !== 'agent' || !span.agent) continue;
    const parent = index.agentSpan(span, false);
    if (parent && parent.agent !== span.agent) {
      found.push(edge('delegation', parent, span, { from: parent.agent, to: span.agent }, span.startNs));
    }
  }
  return found;
}

/** Each compaction_after with the latest compaction_before of the same agent span before it. */
function compactions(snapshots: readonly Snapshot[]): FoundHandoff[] {
  const found: FoundHandoff[] = [];
  const sorted = [...snapshots].sort(byTime);
  for (const after of sorted.filter((s) => s.phase === 'compaction_after')) {
    const before = sorted.filter((s) => s.phase === 'compaction_before' && s.spanId === after.spanId && compareNanos(s.time, after.time) <= 0).pop();
    if (!before) continue;
    found.push({
      id: `compaction:${before.spanId}@${before.time}`,
      source: 'compaction',
      status: 'complete',
      fromAgent: before.agent,
      toAgent: after.agent,
      fromSpanId: before.spanId,
      toSpanId: after.spanId,
      fromTraceId: before.traceId,
      toTraceId: after.traceId,
      time: before.time,
      sent: before,
      received: after,
    });
  }
  return found;
}

export function findHandoffs(spans: readonly AnalysisSpan[], snapshots: readonly Snapshot[]): FoundHandoff[] {
  const index = new SpanIndex(spans);
  const kept = new Map<string, FoundHandoff>();
  const ids = new Set<string>();
  // Precedence: an edge between the same two agent spans is kept from the first source that finds it.
  const edgeKey = (h: FoundHandoff) => {
    const from = index.agentSpan(index.get(h.fromSpanId))?.spanId ?? h.fromSpanId;
    const to = index.agentSpan(index.get(h.toSpanId))?.spanId ?? h.toSpanId;
    return from && to ? `${from}>${to}` : `id:${h.id}`;
  };
  for (const h of [...explicit(snapshots, index), ...viaLinks(index), ...viaFramework(index), ...viaDelegation(index)]) {
    const key = edgeKey(h);
    if (kept.has(key) || ids.has(h.id)) continue;
    kept.set(key, h);
    ids.add(h.id);
  }
  return [...kept.values(), ...compactions(snapshots)];
}
