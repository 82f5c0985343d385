import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { nanosToIso, nanosToMs } from '@/lib/domain/time';
import type { Cursor } from '@/lib/schemas/common';
import { paginate } from '@/lib/schemas/common';
import type { SessionTurn, SessionTurnPage } from '@/lib/schemas/sessions';
import { contextOfTraces } from './session-context';
import { SESSION_TRACES_SQL, type SessionPlace } from './session-summary';
import { traceSummaries } from './traces';

/**
 * A session's turns, a page at a time in turn order (start, then trace id),
 * by keyset on that order: from the analyzer's stored turns (`session_turns`,
 * whose sort key it is), or, for a session not analysed yet, from the trace
 * rollup. Each page carries the context sizes its turns' snapshots recorded.
 */

export interface PageAsk {
  limit: number;
  cursor?: Cursor;
}

const storedRow = z.object({
  trace_id: z.string(),
  start_ns: z.string(),
  end_ns: z.string(),
  spans: z.coerce.number(),
  errors: z.coerce.number(),
  agents: z.array(z.string()),
  input_tokens: z.coerce.number(),
  output_tokens: z.coerce.number(),
  retention: z.number().nullable(),
  established: z.coerce.number(),
  held: z.coerce.number(),
});

const AFTER = `({cursorNs:String} = '' OR (start_time, trace_id) > (fromUnixTimestamp64Nano(toInt64OrZero({cursorNs:String})), {cursorId:String}))`;
const THROUGH = `(start_time, trace_id) <= (fromUnixTimestamp64Nano(toInt64OrZero({cursorNs:String})), {cursorId:String})`;
const STORED = `session_turns FINAL WHERE ${inScope()} AND project = {project:String} AND session_id = {sessionId:String} AND deleted = 0`;

const STORED_SQL = `
SELECT trace_id, toString(toUnixTimestamp64Nano(start_time)) AS start_ns, toString(toUnixTimestamp64Nano(end_time)) AS end_ns,
  spans, errors, agents, input_tokens, output_tokens, retention, established, held
FROM ${STORED} AND ${AFTER}
ORDER BY start_time, trace_id
LIMIT {limit:UInt32}`;

const nameRow = z.object({ trace_id: z.string(), root_name: z.string(), root_service: z.string(), services: z.array(z.string()) });

const NAMES_SQL = `
SELECT trace_id, min(root) AS r, r.3 AS root_name, r.4 AS root_service, groupUniqArrayArray(services) AS services
FROM traces WHERE ${inScope()} AND project = {project:String} AND trace_id IN (SELECT arrayJoin({traceIds:Array(String)}))
GROUP BY trace_id`;

const countRow = z.object({ n: z.coerce.number() });

/** How many turns come before the page (its first turn's number, less one). */
async function turnsBefore(client: ClickHouseClient, s: SessionPlace, cursor: Cursor | undefined): Promise<number> {
  if (!cursor) return 0;
  const from = s.analysed ? `${STORED} AND ${THROUGH}` : `(${SESSION_TRACES_SQL}) WHERE (trace_start, trace_id) <= (fromUnixTimestamp64Nano(toInt64OrZero({cursorNs:String})), {cursorId:String})`;
  const [row] = await selectRows(client, countRow, `SELECT count() AS n FROM ${from}`, { project: s.project, sessionId: s.sessionId, cursorNs: cursor.t, cursorId: cursor.id }, 'sessionTurnsBefore');
  return row?.n ?? 0;
}

async function storedTurns(client: ClickHouseClient, s: SessionPlace, ask: PageAsk) {
  const params = { project: s.project, sessionId: s.sessionId, cursorNs: ask.cursor?.t ?? '', cursorId: ask.cursor?.id ?? '', limit: ask.limit + 1 };
  const rows = await selectRows(client, storedRow, STORED_SQL, params, 'sessionTurns');
  const { page, nextCursor } = paginate(rows, ask.limit, (last) => ({ t: last.start_ns, id: last.trace_id }));
  const names = page.length === 0 ? [] : await selectRows(client, nameRow, NAMES_SQL, { project: s.project, traceIds: page.map((r) => r.trace_id) }, 'sessionTurnNames');
  const nameOf = new Map(names.map((n) => [n.trace_id, n]));
  const before = await turnsBefore(client, s, ask.cursor);
  const turns = page.map((r, i): SessionTurn => {
    const name = nameOf.get(r.trace_id);
    return {
      traceId: r.trace_id,
      sessionId: s.sessionId,
      service: name?.root_service || name?.services[0] || '',
      rootName: name?.root_name ?? '',
      agents: r.agents,
      startTime: nanosToIso(r.start_ns),
      endTime: nanosToIso(r.end_ns),
      durationNs: Math.max(0, Number(BigInt(r.end_ns) - BigInt(r.start_ns))),
      spans: r.spans,
      errors: r.errors,
      turn: before + i + 1,
      retention: r.retention,
      established: r.established,
      held: r.held,
      tokens: { input: r.input_tokens, output: r.output_tokens },
    };
  });
  return { turns, nextCursor };
}

const rollupRow = z.object({ trace_id: z.string(), start_ns: z.string(), end_ns: z.string() });

const ROLLUP_SQL = `
SELECT trace_id, toString(toUnixTimestamp64Nano(trace_start)) AS start_ns, toString(toUnixTimestamp64Nano(trace_end)) AS end_ns
FROM (${SESSION_TRACES_SQL})
WHERE ({cursorNs:String} = '' OR (trace_start, trace_id) > (fromUnixTimestamp64Nano(toInt64OrZero({cursorNs:String})), {cursorId:String}))
ORDER BY trace_start, trace_id
LIMIT {limit:UInt32}`;

/** Turns of a session not analysed yet: the trace summaries, without retention or tokens. */
async function tracedTurns(client: ClickHouseClient, s: SessionPlace, ask: PageAsk) {
  const params = { project: s.project, sessionId: s.sessionId, cursorNs: ask.cursor?.t ?? '', cursorId: ask.cursor?.id ?? '', limit: ask.limit + 1 };
  const rows = await selectRows(client, rollupRow, ROLLUP_SQL, params, 'sessionTracedTurns');
  const { page, nextCursor } = paginate(rows, ask.limit, (last) => ({ t: last.start_ns, id: last.trace_id }));
  if (page.length === 0) return { turns: [], nextCursor };
  const summaries = await traceSummaries(client, page.map((r) => r.trace_id), nanosToMs(page[0]!.start_ns) - 1, nanosToMs(page[page.length - 1]!.start_ns) + 1);
  const summaryOf = new Map(summaries.map((t) => [t.traceId, t]));
  const before = await turnsBefore(client, s, ask.cursor);
  const turns = page.flatMap((r, i): SessionTurn[] => {
    const t = summaryOf.get(r.trace_id);
    if (!t) return [];
    return [{ ...t, sessionId: s.sessionId, turn: before + i + 1, endTime: nanosToIso(r.end_ns), retention: null, established: 0, held: 0, tokens: { input: 0, output: 0 } }];
  });
  return { turns, nextCursor };
}

/** One page of the session's turns, with the context sizes they recorded. */
export async function turnsPage(client: ClickHouseClient, s: SessionPlace, ask: PageAsk): Promise<SessionTurnPage> {
  const { turns, nextCursor } = s.analysed ? await storedTurns(client, s, ask) : await tracedTurns(client, s, ask);
  const { context, truncated } = await contextOfTraces(client, s.project, turns.map((t) => t.traceId));
  return { turns, context, contextTruncated: truncated, nextCursor };
}
