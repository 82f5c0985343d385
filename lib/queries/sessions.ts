import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { SCORE_FORMULA } from '@/lib/analysis/consistency';
import { readSession, type UnitAnalysis } from '@/lib/analyzer/analyze-unit';
import { analysisFailureOf, failureReason } from '@/lib/analyzer/failures';
import { loadTraces } from '@/lib/analyzer/load';
import { log } from '@/lib/log';
import type { Snapshot } from '@/lib/analysis/types';
import { compareNanos, nanosToIso, nanosToMs } from '@/lib/domain/time';
import { selectRows } from '@/lib/db/select';
import { paginate } from '@/lib/schemas/common';
import type { ContextSize, SessionDetail, SessionList, SessionListParams, SessionSummary } from '@/lib/schemas/sessions';
import { handoffsOfSession } from './handoffs';
import { traceSummaries } from './traces';

/**
 * Session reads. The list reads the analyzer's summaries (`sessions`, FINAL:
 * the latest analysis of each session). The detail analyses the session on the
 * spot from its traces and snapshots, so the fact ledger and contradictions
 * are exact even for data that arrived a moment ago.
 */

const summaryRow = z.object({
  project: z.string(),
  session_id: z.string(),
  user_id: z.string(),
  start_ns: z.string(),
  end_ns: z.string(),
  traces: z.coerce.number(),
  spans: z.coerce.number(),
  errors: z.coerce.number(),
  agents: z.array(z.string()),
  handoffs: z.coerce.number(),
  drifted_handoffs: z.coerce.number(),
  contradictions: z.coerce.number(),
  score: z.coerce.number(),
});

const SUMMARY_COLUMNS = `project, session_id, user_id,
  toString(toUnixTimestamp64Nano(start_time)) AS start_ns, toString(toUnixTimestamp64Nano(end_time)) AS end_ns,
  traces, spans, errors, agents, handoffs, drifted_handoffs, contradictions, score`;

function toSummary(r: z.infer<typeof summaryRow>): SessionSummary {
  return {
    sessionId: r.session_id,
    userId: r.user_id,
    startTime: nanosToIso(r.start_ns),
    endTime: nanosToIso(r.end_ns),
    traces: r.traces,
    spans: r.spans,
    errors: r.errors,
    agents: r.agents,
    handoffs: r.handoffs,
    driftedHandoffs: r.drifted_handoffs,
    contradictions: r.contradictions,
    score: r.score,
  };
}

const LIST_SQL = `
SELECT ${SUMMARY_COLUMNS} FROM sessions FINAL
WHERE end_time >= fromUnixTimestamp64Milli({from:Int64}) AND start_time <= fromUnixTimestamp64Milli({to:Int64})
  AND ({agent:String} = '' OR has(agents, {agent:String}))
  AND ({user:String} = '' OR user_id = {user:String})
  AND ({q:String} = '' OR positionCaseInsensitiveUTF8(session_id, {q:String}) > 0 OR positionCaseInsensitiveUTF8(user_id, {q:String}) > 0)
  AND score >= {minScore:UInt8} AND score <= {maxScore:UInt8}
  AND ({cursorNs:String} = '' OR (toUnixTimestamp64Nano(end_time), session_id) < (toInt64OrZero({cursorNs:String}), {cursorId:String}))
ORDER BY end_time DESC, session_id DESC
LIMIT {limit:UInt32}`;

/** Sessions active within [from, to], most recently active first. */
export async function listSessions(client: ClickHouseClient, p: SessionListParams): Promise<SessionList> {
  const rows = await selectRows(
    client,
    summaryRow,
    LIST_SQL,
    {
      from: p.from,
      to: p.to,
      agent: p.agent ?? '',
      user: p.user ?? '',
      q: p.q ?? '',
      minScore: p.minScore ?? 0,
      maxScore: p.maxScore ?? 100,
      cursorNs: p.cursor?.t ?? '',
      cursorId: p.cursor?.id ?? '',
      limit: p.limit + 1,
    },
    'listSessions',
  );
  const { page, nextCursor } = paginate(rows, p.limit, (last) => ({ t: last.end_ns, id: last.session_id }));
  return { sessions: page.map(toSummary), nextCursor };
}

const projectRow = z.object({ project: z.string() });

/** The project a session id belongs to: from its summary, else from its traces (not analysed yet). */
async function projectOf(client: ClickHouseClient, sessionId: string): Promise<string | undefined> {
  const [row] = await selectRows(
    client,
    projectRow,
    `SELECT project FROM (
       SELECT project FROM sessions FINAL WHERE session_id = {sessionId:String}
       UNION ALL SELECT project FROM traces WHERE has(session_ids, {sessionId:String})
     ) LIMIT 1`,
    { sessionId },
    'sessionProject',
  );
  return row?.project;
}

function summaryOf(sessionId: string, a: UnitAnalysis): SessionSummary {
  const complete = a.handoffs.filter((h) => h.status === 'complete');
  const start = a.traces[0]!.startNs;
  const end = a.traces.map((t) => t.endNs).reduce((x, y) => (BigInt(x) > BigInt(y) ? x : y));
  return {
    sessionId,
    userId: a.userId,
    startTime: nanosToIso(start),
    endTime: nanosToIso(end),
    traces: a.traces.length,
    spans: a.spans.spans.length,
    errors: a.spans.errors,
    agents: [...new Set(a.spans.spans.filter((s) => s.type === 'agent' && s.agent).map((s) => s.agent))].sort(),
    handoffs: a.handoffs.length,
    driftedHandoffs: complete.filter((h) => h.drift.severity !== 'none').length,
    contradictions: a.consistency.contradictions.length,
    score: a.consistency.score,
  };
}

/** The context size each snapshot recorded (those with a token count), in time order. */
export function contextSizes(snapshots: readonly Snapshot[]): ContextSize[] {
  return snapshots
    .filter((s) => s.tokens !== null)
    .sort((a, b) => compareNanos(a.time, b.time))
    .map((s) => ({
      time: nanosToIso(s.time),
      agent: s.agent,
      phase: s.phase,
      tokens: s.tokens as number,
      tokenLimit: s.tokenLimit,
      truncated: s.truncated,
      traceId: s.traceId,
      spanId: s.spanId,
    }));
}

/**
 * A session whose analysis throws (a bug: the analyzer records it and retries
 * with backoff): what is stored about it, and why the rest is missing,
 * rather than an error for the whole page.
 */
async function unanalysedSession(client: ClickHouseClient, project: string, sessionId: string, reason: string): Promise<SessionDetail | undefined> {
  const found = await loadTraces(client, project, [sessionId], []);
  if (found.length === 0) return undefined;
  const fromMs = nanosToMs(found[0]!.startNs) - 1;
  const toMs = nanosToMs(found[found.length - 1]!.startNs) + 1;
  const [traces, handoffs, recorded] = await Promise.all([
    traceSummaries(client, found.map((t) => t.traceId), fromMs, toMs),
    handoffsOfSession(client, sessionId),
    analysisFailureOf(client, sessionId),
  ]);
  const end = found.map((t) => t.endNs).reduce((x, y) => (BigInt(x) > BigInt(y) ? x : y));
  return {
    session: {
      sessionId,
      userId: found.find((t) => t.userId)?.userId ?? '',
      startTime: nanosToIso(found[0]!.startNs),
      endTime: nanosToIso(end),
      traces: traces.length,
      spans: traces.reduce((n, t) => n + t.spans, 0),
      errors: traces.reduce((n, t) => n + t.errors, 0),
      agents: [...new Set(traces.flatMap((t) => t.agents))].sort(),
      handoffs: handoffs.length,
      driftedHandoffs: handoffs.filter((h) => h.status === 'complete' && h.drift.severity !== 'none').length,
      contradictions: 0,
      score: 0,
    },
    traces,
    handoffs,
    facts: [],
    contradictions: [],
    context: [],
    metrics: {
      retention: [],
      meanRetention: null,
      meanFidelity: null,
      handoffs: handoffs.length,
      driftedHandoffs: handoffs.filter((h) => h.status === 'complete' && h.drift.severity !== 'none').length,
      pendingHandoffs: handoffs.filter((h) => h.status === 'pending').length,
      contradictions: 0,
      truncations: 0,
      errors: traces.reduce((n, t) => n + t.errors, 0),
      tokens: { input: 0, output: 0 },
      meanTraceDurationNs: null,
      previousSessionId: null,
      score: 0,
      scoreFormula: SCORE_FORMULA,
    },
    analysisFailure: recorded ?? { reason, attempts: 0, nextAttempt: null },
  };
}

/** A whole session, analysed now; undefined when no trace names it. */
export async function getSession(client: ClickHouseClient, sessionId: string): Promise<SessionDetail | undefined> {
  const project = await projectOf(client, sessionId);
  if (project === undefined) return undefined;
  let a: UnitAnalysis | undefined;
  try {
    a = await readSession(client, project, sessionId);
  } catch (err) {
    log.error('session analysis failed on read', { session: sessionId, error: failureReason(err) });
    return unanalysedSession(client, project, sessionId, failureReason(err));
  }
  if (!a) return undefined;
  const ids = a.traces.map((t) => t.traceId);
  const fromMs = nanosToMs(a.traces[0]!.startNs) - 1;
  const toMs = nanosToMs(a.traces[a.traces.length - 1]!.startNs) + 1;
  const [traces, handoffs, analysisFailure] = await Promise.all([
    traceSummaries(client, ids, fromMs, toMs),
    handoffsOfSession(client, sessionId),
    analysisFailureOf(client, sessionId),
  ]);
  const c = a.consistency;
  const durations = traces.map((t) => t.durationNs);
  return {
    session: summaryOf(sessionId, a),
    traces,
    handoffs,
    facts: c.facts.map((f) => ({ ...f, time: nanosToIso(f.time) })),
    contradictions: c.contradictions.map((x) => ({ ...x, time: nanosToIso(x.time) })),
    context: contextSizes(a.snapshots),
    metrics: {
      retention: c.retention.map((r) => ({ traceId: r.traceId, value: r.retention, established: r.established, held: r.held })),
      meanRetention: c.meanRetention,
      meanFidelity: c.meanFidelity,
      handoffs: a.handoffs.length,
      driftedHandoffs: a.handoffs.filter((h) => h.status === 'complete' && h.drift.severity !== 'none').length,
      pendingHandoffs: a.handoffs.filter((h) => h.status === 'pending').length,
      contradictions: c.contradictions.length,
      truncations: c.truncations,
      errors: a.spans.errors,
      tokens: { input: a.spans.inputTokens, output: a.spans.outputTokens },
      meanTraceDurationNs: durations.length ? Math.round(durations.reduce((x, y) => x + y, 0) / durations.length) : null,
      previousSessionId: a.previousSessionId,
      score: c.score,
      scoreFormula: SCORE_FORMULA,
    },
    analysisFailure,
  };
}
