import type { ClickHouseClient } from '@clickhouse/client';
import type { AnalysisSpanWithContext, AnalyzedHandoff } from '@/lib/analysis/analyze';
import type { Snapshot } from '@/lib/analysis/types';
import { readUnits } from '@/lib/analyzer/analyze-unit';
import { traceInfos } from '@/lib/analyzer/load';
import { findTraceHandoffs, storedMembers, type LoadedTrace } from '@/lib/analyzer/trace-handoffs';
import { nanosToIso } from '@/lib/domain/time';
import type { HandoffDetail, HandoffSide } from '@/lib/schemas/handoffs';
import { handoffById } from './handoffs';

/**
 * One handoff with both of its sides as the drift compared them. The stored
 * row says what was found (and its drift); the sides are found again in the
 * handoff's own traces, the way the analyzer finds a trace's handoffs
 * (docs/analysis.md, "Incremental analysis"): the work is that of the one or
 * two traces, never an analysis of their session. So the sides are exactly
 * the snapshots (or, for the text method, the given contexts) that produced
 * the drift.
 */

/** In digest mode (either side recorded digests) values are never shown: both sides give keys only. */
function snapshotSide(s: Snapshot, keysOnly: boolean): HandoffSide {
  return {
    agent: s.agent,
    spanId: s.spanId,
    traceId: s.traceId,
    time: nanosToIso(s.time),
    phase: s.phase || null,
    facts: keysOnly ? null : s.facts,
    digests: keysOnly ? Object.keys(s.digests ?? s.facts ?? {}).sort() : [],
    constraints: s.constraints,
    text: s.text,
    tokens: s.tokens,
    tokenLimit: s.tokenLimit,
    truncated: s.truncated,
  };
}

/** A text-method side: the agent span and what it was given. */
function givenSide(spans: readonly AnalysisSpanWithContext[], agent: string, spanId: string, traceId: string, text: string | null): HandoffSide | null {
  if (!spanId) return null;
  const span = spans.find((s) => s.spanId === spanId);
  return {
    agent,
    spanId,
    traceId: span?.traceId ?? traceId,
    time: span ? nanosToIso(span.startNs) : null,
    phase: null,
    facts: null,
    digests: [],
    constraints: null,
    text,
    tokens: null,
    tokenLimit: null,
    truncated: false,
  };
}

function sidesOf(spans: readonly AnalysisSpanWithContext[], h: AnalyzedHandoff): Pick<HandoffDetail, 'sender' | 'receiver'> {
  const { compared } = h;
  if (compared.sender || compared.receiver || h.drift.method !== 'text') {
    const keysOnly = h.drift.method === 'digest' || Boolean(compared.sender?.digests || compared.receiver?.digests);
    const side = (s: Snapshot | null) => (s ? snapshotSide(s, keysOnly) : null);
    return { sender: side(compared.sender), receiver: side(compared.receiver) };
  }
  return {
    sender: givenSide(spans, h.fromAgent, h.fromSpanId, h.fromTraceId, compared.senderText),
    receiver: givenSide(spans, h.toAgent, h.toSpanId, h.toTraceId, compared.receiverText),
  };
}

/** The handoff as its traces find it, with their spans; undefined when they no longer do. */
async function refind(client: ClickHouseClient, project: string, id: string, traceIds: string[]): Promise<{ h: AnalyzedHandoff; spans: AnalysisSpanWithContext[] } | undefined> {
  const infos = await traceInfos(client, project, traceIds);
  const inSessions = infos.filter((t) => t.sessionId);
  if (inSessions.length > 0) {
    // As the analyzer finds a trace's handoffs: with the session's traces it reaches, and the first times its facts were held.
    const loaded = new Map<string, LoadedTrace>();
    const asks = inSessions.map((t) => ({ sessionId: t.sessionId, traceId: t.traceId }));
    const found = await findTraceHandoffs(client, project, asks, loaded, [], storedMembers(client, project, loaded), new Map());
    const h = found.flatMap((f) => f.handoffs).find((x) => x.id === id);
    if (h) return { h, spans: [...loaded.values()].flatMap((t) => t.spans.spans) };
  }
  // Traces that name no session are analysed whole, as the analyzer does: they are their own unit.
  const lone = infos.filter((t) => !t.sessionId).map((t) => t.traceId);
  const analyses = lone.length > 0 ? await readUnits(client, project, [{ project, sessionId: '', traceIds: lone }]) : [];
  for (const a of analyses) {
    const h = a.handoffs.find((x) => x.id === id);
    if (h) return { h, spans: a.spans.spans };
  }
  return undefined;
}

/** A handoff and its two sides; undefined when no handoff has this id. */
export async function getHandoffDetail(client: ClickHouseClient, id: string): Promise<HandoffDetail | undefined> {
  const found = await handoffById(client, id);
  if (!found) return undefined;
  const { project, handoff } = found;
  const traceIds = [...new Set([handoff.traceId, handoff.fromTraceId, handoff.toTraceId].filter(Boolean))];
  const again = await refind(client, project, id, traceIds);
  // Stored but no longer found in its traces (their spans aged out, say): the row alone.
  return again ? { handoff, ...sidesOf(again.spans, again.h) } : { handoff, sender: null, receiver: null };
}
