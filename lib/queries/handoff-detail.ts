import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { AnalyzedHandoff } from '@/lib/analysis/analyze';
import type { Snapshot } from '@/lib/analysis/types';
import { readUnits, type Unit, type UnitAnalysis } from '@/lib/analyzer/analyze-unit';
import { nanosToIso } from '@/lib/domain/time';
import { selectRows } from '@/lib/db/select';
import type { HandoffDetail, HandoffSide } from '@/lib/schemas/handoffs';
import { handoffById } from './handoffs';

/**
 * One handoff with both of its sides as the drift compared them. The stored
 * row says what was found; the sides come from analysing the handoff's
 * session (or its sessionless traces) again, as the session API does, so
 * they are exactly the snapshots (or, for the text method, the given
 * contexts) that produced the drift.
 */

const traceSessionRow = z.object({ trace_id: z.string(), session_id: z.string() });

/** The session each trace belongs to ('' for none). */
async function sessionsOfTraces(client: ClickHouseClient, project: string, traceIds: string[]): Promise<Map<string, string>> {
  if (traceIds.length === 0) return new Map();
  const rows = await selectRows(
    client,
    traceSessionRow,
    `SELECT trace_id, min(session) AS s, if(s.1 = 0, s.3, '') AS session_id
     FROM traces WHERE project = {project:String} AND trace_id IN (SELECT arrayJoin({traceIds:Array(String)})) GROUP BY trace_id`,
    { project, traceIds },
    'handoffDetail.sessions',
  );
  return new Map(rows.map((r) => [r.trace_id, r.session_id]));
}

/** The units whose analysis can find the handoff: its session, and those of either side's trace. */
async function candidateUnits(client: ClickHouseClient, project: string, sessionId: string, traceIds: string[]): Promise<Unit[]> {
  const sessions = await sessionsOfTraces(client, project, traceIds);
  const named = new Set([sessionId, ...sessions.values()].filter(Boolean));
  const lone = traceIds.filter((t) => sessions.get(t) === '');
  const units: Unit[] = [...named].map((s) => ({ project, sessionId: s, traceIds: [] }));
  if (lone.length > 0) units.push({ project, sessionId: '', traceIds: lone });
  return units;
}

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
function givenSide(a: UnitAnalysis, agent: string, spanId: string, traceId: string, text: string | null): HandoffSide | null {
  if (!spanId) return null;
  const span = a.spans.spans.find((s) => s.spanId === spanId);
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

function sidesOf(a: UnitAnalysis, h: AnalyzedHandoff): Pick<HandoffDetail, 'sender' | 'receiver'> {
  const { compared } = h;
  if (compared.sender || compared.receiver || h.drift.method !== 'text') {
    const keysOnly = h.drift.method === 'digest' || Boolean(compared.sender?.digests || compared.receiver?.digests);
    const side = (s: Snapshot | null) => (s ? snapshotSide(s, keysOnly) : null);
    return { sender: side(compared.sender), receiver: side(compared.receiver) };
  }
  return {
    sender: givenSide(a, h.fromAgent, h.fromSpanId, h.fromTraceId, compared.senderText),
    receiver: givenSide(a, h.toAgent, h.toSpanId, h.toTraceId, compared.receiverText),
  };
}

/** A handoff and its two sides; undefined when no handoff has this id. */
export async function getHandoffDetail(client: ClickHouseClient, id: string): Promise<HandoffDetail | undefined> {
  const found = await handoffById(client, id);
  if (!found) return undefined;
  const { project, handoff } = found;
  const traceIds = [...new Set([handoff.traceId, handoff.fromTraceId, handoff.toTraceId].filter(Boolean))];
  const units = await candidateUnits(client, project, handoff.sessionId, traceIds);
  const analyses = units.length > 0 ? await readUnits(client, project, units) : [];
  for (const a of analyses) {
    const h = a.handoffs.find((x) => x.id === id);
    if (h) return { handoff, ...sidesOf(a, h) };
  }
  // Stored but no longer found by a fresh analysis (its spans aged out, say): the row alone.
  return { handoff, sender: null, receiver: null };
}
