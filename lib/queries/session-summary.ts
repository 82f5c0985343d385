import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { SCORE_FORMULA } from '@/lib/analysis/consistency';
import { SPAN_COPY_ORDER } from '@/lib/db/columns';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { nanosToIso } from '@/lib/domain/time';
import type { SessionMetrics, SessionSummary } from '@/lib/schemas/sessions';

/**
 * Where a session is stored and its headline: the analyzer's summary row
 * (`sessions`, FINAL) when there is one, which also says whether the
 * session's incremental state is written (`state = 1`: its turns, ledger and
 * contradictions can be paged). A session with no analysed state yet is
 * summed up from the trace rollup instead, without consistency figures.
 */

/** Where a session's rows are. */
export interface SessionPlace {
  project: string;
  sessionId: string;
  /** The analyzer's stored state is written: turns, facts and contradictions come from it. */
  analysed: boolean;
}

export interface StoredSession extends SessionPlace {
  session: SessionSummary;
  metrics: SessionMetrics;
}

const summaryRow = z.object({
  project: z.string(),
  user_id: z.string(),
  start_ns: z.string(),
  end_ns: z.string(),
  traces: z.coerce.number(),
  spans: z.coerce.number(),
  errors: z.coerce.number(),
  agents: z.array(z.string()),
  input_tokens: z.coerce.number(),
  output_tokens: z.coerce.number(),
  handoffs: z.coerce.number(),
  drifted_handoffs: z.coerce.number(),
  pending_handoffs: z.coerce.number(),
  critical_handoffs: z.coerce.number(),
  warning_handoffs: z.coerce.number(),
  contradictions: z.coerce.number(),
  truncations: z.coerce.number(),
  mean_retention: z.number().nullable(),
  mean_fidelity: z.number().nullable(),
  score: z.coerce.number(),
  previous_session_id: z.string(),
  state: z.coerce.number(),
  duration_sum: z.coerce.number(),
  duration_count: z.coerce.number(),
});

// The mean turn duration is the one figure the summary does not keep: summed over the session's stored turns.
const SUMMARY_SQL = `
SELECT s.project AS project, user_id, start_ns, end_ns, traces, spans, errors, agents, input_tokens, output_tokens, handoffs, drifted_handoffs,
  pending_handoffs, critical_handoffs, warning_handoffs, contradictions, truncations, mean_retention, mean_fidelity, score, previous_session_id, state,
  d.duration_sum AS duration_sum, d.duration_count AS duration_count
FROM (
  SELECT project, user_id, toString(toUnixTimestamp64Nano(start_time)) AS start_ns, toString(toUnixTimestamp64Nano(end_time)) AS end_ns,
    traces, spans, errors, agents, input_tokens, output_tokens, handoffs, drifted_handoffs, pending_handoffs, critical_handoffs, warning_handoffs, contradictions, truncations,
    mean_retention, mean_fidelity, score, previous_session_id, state
  FROM sessions FINAL WHERE ${inScope()} AND session_id = {sessionId:String} ORDER BY project LIMIT 1
) AS s
LEFT JOIN (
  SELECT project, sum(greatest(0, toUnixTimestamp64Nano(end_time) - toUnixTimestamp64Nano(start_time))) AS duration_sum, count() AS duration_count
  FROM session_turns FINAL WHERE ${inScope()} AND session_id = {sessionId:String} AND deleted = 0 GROUP BY project
) AS d ON d.project = s.project`;

const mean = (sum: number, count: number) => (count === 0 ? null : Math.round(sum / count));

function fromSummary(sessionId: string, r: z.infer<typeof summaryRow>, analysed: boolean): StoredSession {
  return {
    project: r.project,
    sessionId,
    analysed,
    session: {
      sessionId,
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
    },
    metrics: {
      meanRetention: r.mean_retention,
      meanFidelity: r.mean_fidelity,
      handoffs: r.handoffs,
      driftedHandoffs: r.drifted_handoffs,
      pendingHandoffs: r.pending_handoffs,
      criticalHandoffs: r.critical_handoffs,
      warningHandoffs: r.warning_handoffs,
      contradictions: r.contradictions,
      truncations: r.truncations,
      errors: r.errors,
      tokens: { input: r.input_tokens, output: r.output_tokens },
      meanTraceDurationNs: mean(r.duration_sum, r.duration_count),
      previousSessionId: r.previous_session_id || null,
      score: r.score,
      scoreFormula: SCORE_FORMULA,
    },
  };
}

/** The traces of a session (those whose root-most span names it), from the rollup: a subquery over `project` and `sessionId`. */
export const SESSION_TRACES_SQL = `
SELECT trace_id, min(start_time) AS trace_start, max(end_time) AS trace_end, min(session) AS s, if(s.1 = 0, s.3, '') AS trace_session,
  min(user) AS u, if(u.1 = 0, u.3, '') AS trace_user, min(root) AS root_tuple, groupUniqArrayArray(agents) AS trace_agents,
  groupUniqArrayArray(services) AS trace_services, max(last_start) AS trace_last
FROM traces
WHERE ${inScope()} AND project = {project:String}
  AND trace_id IN (SELECT trace_id FROM traces WHERE ${inScope()} AND project = {project:String} AND has(session_ids, {sessionId:String}))
GROUP BY trace_id
HAVING trace_session = {sessionId:String}`;

const rollupRow = z.object({
  traces: z.coerce.number(),
  start_ns: z.string(),
  end_ns: z.string(),
  last_ns: z.string(),
  user_id: z.string(),
  agents: z.array(z.string()),
  duration_sum: z.coerce.number(),
});

const ROLLUP_SQL = `
SELECT count() AS traces, toString(toUnixTimestamp64Nano(min(trace_start))) AS start_ns, toString(toUnixTimestamp64Nano(max(trace_end))) AS end_ns,
  toString(toUnixTimestamp64Nano(max(trace_last))) AS last_ns, argMinIf(trace_user, (trace_start, trace_id), trace_user != '') AS user_id,
  arraySort(groupUniqArrayArray(trace_agents)) AS agents,
  sum(greatest(0, toUnixTimestamp64Nano(trace_end) - toUnixTimestamp64Nano(trace_start))) AS duration_sum
FROM (${SESSION_TRACES_SQL})`;

const countsRow = z.object({ spans: z.coerce.number(), errors: z.coerce.number() });

/** Spans and errors of the session's traces, each span counted once with its first stored copy's status. */
const COUNTS_SQL = `
SELECT count() AS spans, countIf(status_code = 'error') AS errors FROM (
  SELECT trace_id, span_id, status_code FROM spans
  WHERE ${inScope()} AND trace_id IN (SELECT trace_id FROM (${SESSION_TRACES_SQL}))
    AND start_time >= fromUnixTimestamp64Nano(toInt64({start:String})) AND start_time <= fromUnixTimestamp64Nano(toInt64({end:String}))
  ORDER BY ${SPAN_COPY_ORDER}
  LIMIT 1 BY trace_id, span_id)`;

/** A session not analysed yet, summed up from its traces (spans counted when `counts`); undefined when no trace is its own. */
async function fromTraces(client: ClickHouseClient, project: string, sessionId: string, withCounts: boolean): Promise<StoredSession | undefined> {
  const [r] = await selectRows(client, rollupRow, ROLLUP_SQL, { project, sessionId }, 'sessionRollup');
  if (!r || r.traces === 0) return undefined;
  const [counts] = withCounts ? await selectRows(client, countsRow, COUNTS_SQL, { project, sessionId, start: r.start_ns, end: r.last_ns }, 'sessionSpanCounts') : [];
  const spans = counts?.spans ?? 0;
  const errors = counts?.errors ?? 0;
  const none = { meanRetention: null, meanFidelity: null, handoffs: 0, driftedHandoffs: 0, pendingHandoffs: 0, criticalHandoffs: 0, warningHandoffs: 0, contradictions: 0, truncations: 0 };
  return {
    project,
    sessionId,
    analysed: false,
    session: { sessionId, userId: r.user_id, startTime: nanosToIso(r.start_ns), endTime: nanosToIso(r.end_ns), traces: r.traces, spans, errors, agents: r.agents, handoffs: 0, driftedHandoffs: 0, contradictions: 0, score: 0 },
    metrics: { ...none, errors, tokens: { input: 0, output: 0 }, meanTraceDurationNs: mean(r.duration_sum, r.traces), previousSessionId: null, score: 0, scoreFormula: SCORE_FORMULA },
  };
}

const projectRow = z.object({ project: z.string() });

/** The project of a session no summary names yet, from the traces naming it anywhere. */
async function projectOfTraces(client: ClickHouseClient, sessionId: string): Promise<string | undefined> {
  const [found] = await selectRows(
    client,
    projectRow,
    `SELECT project FROM traces WHERE ${inScope()} AND has(session_ids, {sessionId:String}) GROUP BY project ORDER BY project LIMIT 1`,
    { sessionId },
    'sessionProject',
  );
  return found?.project;
}

/**
 * The session as stored: its analysed summary, or (not analysed yet, or only
 * by the earlier whole-session analyzer) a summary of its traces; undefined
 * when no trace names it.
 */
export async function locateSession(client: ClickHouseClient, sessionId: string): Promise<StoredSession | undefined> {
  const [row] = await selectRows(client, summaryRow, SUMMARY_SQL, { sessionId }, 'sessionSummary');
  // A summary the earlier analyzer wrote (state 0) has its figures but no stored turns or ledger yet.
  if (row) return fromSummary(sessionId, row, row.state === 1);
  const project = await projectOfTraces(client, sessionId);
  return project === undefined ? undefined : fromTraces(client, project, sessionId, true);
}

const placeRow = z.object({ project: z.string(), state: z.coerce.number() });

/** Where a session is, for reading a page of one of its lists (no figures); undefined when no trace names it. */
export async function placeSession(client: ClickHouseClient, sessionId: string): Promise<SessionPlace | undefined> {
  const [row] = await selectRows(client, placeRow, `SELECT project, state FROM sessions FINAL WHERE ${inScope()} AND session_id = {sessionId:String} ORDER BY project LIMIT 1`, { sessionId }, 'sessionPlace');
  if (row) return { project: row.project, sessionId, analysed: row.state === 1 };
  const project = await projectOfTraces(client, sessionId);
  const traced = project === undefined ? undefined : await fromTraces(client, project, sessionId, false);
  return traced && { project: traced.project, sessionId, analysed: false };
}
