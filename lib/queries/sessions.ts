import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { nanosToIso } from '@/lib/domain/time';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { paginate } from '@/lib/schemas/common';
import type { SessionList, SessionListParams, SessionSummary } from '@/lib/schemas/sessions';

/**
 * The session list: the analyzer's summaries (`sessions`, FINAL: the latest
 * analysis of each session). One session's detail and its pages are in
 * session-detail.ts.
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
WHERE ${inScope()}
  AND end_time >= fromUnixTimestamp64Milli({from:Int64}) AND start_time <= fromUnixTimestamp64Milli({to:Int64})
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
