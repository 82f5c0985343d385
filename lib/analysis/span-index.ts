import type { HandoffSource, Snapshot } from './types';

/**
 * What handoff detection works on: spans as the analysis needs them, lookups
 * along the span tree, and the shape of a found handoff.
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
  /** The tool a tool span runs (empty otherwise). */
  tool?: string;
  /** Framework attributes (FRAMEWORK_SIGNAL_KEYS): gen_ai.transfer.target.name, gen_ai.handoff.to_agent, … */
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

/**
 * An inferred edge. A side not found among the loaded spans leaves the
 * handoff pending; a link still names the span it points at. `declaredBy`,
 * the span that declared the edge, keeps the id of an edge whose sender is
 * unknown apart from another span's declaring the same names.
 */
export function edge(
  source: HandoffSource,
  from: AnalysisSpan | undefined,
  to: AnalysisSpan | undefined,
  names: { from: string; to: string },
  time: string,
  linkedFrom?: { spanId: string; traceId: string },
  declaredBy?: string,
): FoundHandoff {
  const fromSpanId = from?.spanId ?? linkedFrom?.spanId ?? '';
  const sender = fromSpanId || (declaredBy ? `${names.from}@${declaredBy}` : names.from);
  return {
    id: `${source}:${sender}>${to?.spanId ?? names.to}`,
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

