import { compareNanos } from '@/lib/domain/time';
import type { HandoffSource, Snapshot } from './types';

/**
 * Handoffs found in a set of spans and snapshots (DESIGN §3.3), by
 * precedence: explicit snapshot pairs, span links, framework signals,
 * delegation; plus compaction pairs of one agent. An edge found by several
 * sources is kept once, from the highest-precedence source. Pure.
 */

/** A span as the analysis needs it. */
export interface AnalysisSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** The agent the span names itself (empty when it names none). */
  agent: string;
  type: string;
  startNs: string;
  links: { traceId: string; spanId: string }[];
  /** Framework attributes: gen_ai.transfer.target.name, gen_ai.caller.name, … */
  signals: Record<string, string>;
}

export interface FoundHandoff {
  id: string;
  source: HandoffSource;
  status: 'pending' | 'complete';
  fromAgent: string;
  toAgent: string;
  fromSpanId: string;
  toSpanId: string;
  fromTraceId: string;
  toTraceId: string;
  /** When the work was handed over: the send, else the receiver's start. */
  time: string;
  /** The explicit or compaction snapshots the handoff was built from. */
  sent: Snapshot | null;
  received: Snapshot | null;
}

const byTime = (a: Snapshot, b: Snapshot) => compareNanos(a.time, b.time);

/** Span lookups over everything loaded, with each span's agent span (itself or its nearest agent ancestor). */
export class SpanIndex {
  private readonly byId = new Map<string, AnalysisSpan>();

  constructor(spans: readonly AnalysisSpan[]) {
    for (const s of spans) this.byId.set(s.spanId, s);
  }

  get(spanId: string): AnalysisSpan | undefined {
    return this.byId.get(spanId);
  }

  all(): IterableIterator<AnalysisSpan> {
    return this.byId.values();
  }

  /** The nearest agent span at or above a span (cycles and missing parents end the walk). */
  agentSpan(span: AnalysisSpan | undefined, includeSelf = true): AnalysisSpan | undefined {
    const seen = new Set<string>();
    for (let s = includeSelf ? span : this.parent(span); s && !seen.has(s.spanId); s = this.parent(s)) {
      seen.add(s.spanId);
      if (s.type === 'agent' && s.agent) return s;
    }
    return undefined;
  }

  private parent(span: AnalysisSpan | undefined): AnalysisSpan | undefined {
    return span?.parentSpanId ? this.byId.get(span.parentSpanId) : undefined;
  }

  /** The agent a span works for: its own name, else its agent span's. */
  agentOf(span: AnalysisSpan | undefined): string {
    return span?.agent || this.agentSpan(span)?.agent || '';
  }
}

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

/**
 * An inferred edge. A side not found among the loaded spans leaves the
 * handoff pending; a link still names the span it points at.
 */
function edge(
  source: HandoffSource,
  from: AnalysisSpan | undefined,
  to: AnalysisSpan | undefined,
  names: { from: string; to: string },
  time: string,
  linkedFrom?: { spanId: string; traceId: string },
): FoundHandoff {
  const fromSpanId = from?.spanId ?? linkedFrom?.spanId ?? '';
  return {
    id: `${source}:${fromSpanId || names.from}>${to?.spanId ?? names.to}`,
    source,
    status: from && to ? 'complete' : 'pending',
    fromAgent: names.from,
    toAgent: names.to,
    fromSpanId,
    toSpanId: to?.spanId ?? '',
    fromTraceId: from?.traceId ?? linkedFrom?.traceId ?? '',
    toTraceId: to?.traceId ?? '',
    time: to?.startNs ?? time,
    sent: null,
    received: null,
  };
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

/** The OTel GenAI forms: a transfer tool naming its target, an agent naming its caller. */
function viaFramework(index: SpanIndex): FoundHandoff[] {
  const found: FoundHandoff[] = [];
  const agentSpans = [...index.all()].filter((s) => s.type === 'agent' && s.agent).sort((a, b) => compareNanos(a.startNs, b.startNs));
  for (const span of index.all()) {
    const target = span.signals['gen_ai.transfer.target.name'];
    if (target) {
      const from = index.agentSpan(span);
      const to = agentSpans.find((a) => a.agent === target && a.traceId === span.traceId && compareNanos(a.startNs, span.startNs) >= 0 && a !== from);
      found.push(edge('framework', from, to, { from: index.agentOf(span), to: target }, span.startNs));
    }
    const caller = span.signals['gen_ai.caller.name'];
    if (caller && span.type === 'agent' && span.agent && caller !== span.agent) {
      let from: AnalysisSpan | undefined;
      for (let a = index.agentSpan(span, false); a && !from; a = index.agentSpan(a, false)) if (a.agent === caller) from = a;
      from ??= agentSpans.filter((a) => a.agent === caller && compareNanos(a.startNs, span.startNs) <= 0).pop();
      found.push(edge('framework', from, span, { from: caller, to: span.agent }, span.startNs));
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
