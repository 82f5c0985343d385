import { compareNanos } from '@/lib/domain/time';
import { viaFramework } from './framework-handoffs';
import { edge, SpanIndex, type AnalysisSpan, type FoundHandoff } from './span-index';
import { compareSnapshots } from './session-fold';
import type { Snapshot } from './types';

export type { AnalysisSpan, FoundHandoff } from './span-index';
export { SpanIndex } from './span-index';

/**
 * Handoffs found in a set of spans and snapshots (docs/analysis.md, "Handoffs"), by
 * precedence: explicit snapshot pairs, span links, framework signals,
 * delegation; plus compaction pairs of one agent. An edge found by several
 * sources is kept once, from the highest-precedence source. Pure.
 */

const byTime = compareSnapshots;

function explicit(snapshots: readonly Snapshot[], index: SpanIndex): FoundHandoff[] {
  const groups = new Map<string, Snapshot[]>();
  for (const s of snapshots) {
    if (!s.handoffId) continue;
    const list = groups.get(s.handoffId);
    if (list) list.push(s);
    else groups.set(s.handoffId, [s]);
  }
  // In a fixed order (by send time, then id), whatever order the snapshots came in.
  const found = [...groups].map(([id, sides]) => {
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
    } satisfies FoundHandoff;
  });
  return inOrder(found);
}

function viaLinks(index: SpanIndex, declaring: (span: AnalysisSpan) => boolean): FoundHandoff[] {
  const found: FoundHandoff[] = [];
  for (const span of index.all()) {
    if (span.type !== 'agent' || !span.agent || !declaring(span)) continue;
    for (const link of span.links) {
      const linked = index.get(link.spanId);
      const from = index.agentSpan(linked);
      if (from?.spanId === span.spanId) continue;
      found.push(edge('link', from, span, { from: index.agentOf(linked), to: span.agent }, span.startNs, link));
    }
  }
  return found;
}

function viaDelegation(index: SpanIndex, declaring: (span: AnalysisSpan) => boolean): FoundHandoff[] {
  const found: FoundHandoff[] = [];
  for (const span of index.all()) {
    if (span.type !== 'agent' || !span.agent || !declaring(span)) continue;
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

/** Handoffs in a fixed order, whatever order their spans came in: by time, then id. */
const inOrder = (found: FoundHandoff[]) => found.sort((a, b) => compareNanos(a.time, b.time) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * The handoffs among these spans and snapshots. With `origin`, only those of
 * that trace: declared by its spans, or with a snapshot side in it; the other
 * spans and snapshots only answer lookups (a linked span's agent, the other
 * side of an explicit handoff).
 */
export function findHandoffs(spans: readonly AnalysisSpan[], snapshots: readonly Snapshot[], origin?: string): FoundHandoff[] {
  const index = new SpanIndex(spans);
  const declaring = (span: AnalysisSpan) => origin === undefined || span.traceId === origin;
  const ours = (h: FoundHandoff) => origin === undefined || h.sent?.traceId === origin || h.received?.traceId === origin;
  const kept: FoundHandoff[] = [];
  const ids = new Set<string>();
  const edges = new Set<string>();
  // Precedence: an edge between the same two agent spans is kept from the first source that finds it.
  const edgeKey = (h: FoundHandoff) => {
    const from = index.agentSpan(index.get(h.fromSpanId))?.spanId ?? h.fromSpanId;
    const to = index.agentSpan(index.get(h.toSpanId))?.spanId ?? h.toSpanId;
    return from && to ? `${from}>${to}` : `id:${h.id}`;
  };
  // Every explicit handoff is kept (each has its own id); the edges they cover are taken.
  for (const h of explicit(snapshots, index).filter(ours)) {
    kept.push(h);
    ids.add(h.id);
    edges.add(edgeKey(h));
  }
  for (const h of [...inOrder(viaLinks(index, declaring)), ...inOrder(viaFramework(index, declaring)), ...inOrder(viaDelegation(index, declaring))]) {
    const key = edgeKey(h);
    if (edges.has(key) || ids.has(h.id)) continue;
    kept.push(h);
    edges.add(key);
    ids.add(h.id);
  }
  return [...kept, ...compactions(snapshots).filter(ours)];
}
