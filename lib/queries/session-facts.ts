import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { FactValue } from '@/lib/analysis/types';
import { ledgerRow } from '@/lib/db/row-schemas';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { nanosToIso } from '@/lib/domain/time';
import { paginate } from '@/lib/schemas/common';
import { ledgerCursor, type LedgerPosition } from '@/lib/schemas/session-pages';
import type { Contradiction, FactObservation, SessionContradictionPage, SessionFactPage } from '@/lib/schemas/sessions';
import type { SessionPlace } from './session-summary';

/**
 * A session's fact ledger and its contradictions, a page at a time, from the
 * analyzer's stored ledger (`session_facts`): in ledger order (time, trace,
 * span, then the key's place in its snapshot), which is the table's sort key,
 * paged by keyset on it. Each observation carries the contradiction the
 * analysis found in it, so the contradictions are the ledger filtered.
 */

export interface LedgerAsk {
  limit: number;
  cursor?: LedgerPosition;
}

const factRow = ledgerRow;

type FactRow = z.infer<typeof factRow>;

const ledgerSql = (contradictionsOnly: boolean) => `
SELECT toString(toUnixTimestamp64Nano(time)) AS time_ns, trace_id, span_id, seq, key, value, agent, phase, declared, contradiction, contradiction_from
FROM session_facts FINAL
WHERE ${inScope()} AND project = {project:String} AND session_id = {sessionId:String}
  ${contradictionsOnly ? "AND contradiction != ''" : ''}
  AND ({cursorNs:String} = ''
       OR (time, trace_id, span_id, seq) > (fromUnixTimestamp64Nano(toInt64OrZero({cursorNs:String})), {cursorTrace:String}, {cursorSpan:String}, {cursorSeq:UInt16}))
ORDER BY time, trace_id, span_id, seq
LIMIT {limit:UInt32}`;

/** A stored value: JSON text ('' stands for null). */
const json = (text: string): FactValue => (text === '' ? null : (JSON.parse(text) as FactValue));

function toFact(r: FactRow): FactObservation {
  return {
    key: r.key,
    value: json(r.value),
    time: nanosToIso(r.time_ns),
    agent: r.agent,
    phase: r.phase,
    traceId: r.trace_id,
    spanId: r.span_id,
    declared: r.declared === 1,
    contradiction: r.contradiction ? { scope: r.contradiction, from: json(r.contradiction_from) } : null,
  };
}

function toContradiction(r: FactRow & { contradiction: 'session' | 'cross-session' }): Contradiction {
  return { key: r.key, from: json(r.contradiction_from), to: json(r.value), time: nanosToIso(r.time_ns), agent: r.agent, traceId: r.trace_id, spanId: r.span_id, scope: r.contradiction };
}

async function ledgerPage(client: ClickHouseClient, s: SessionPlace, ask: LedgerAsk, contradictionsOnly: boolean): Promise<{ page: FactRow[]; nextCursor: string | null }> {
  // Not analysed yet: the ledger is not stored.
  if (!s.analysed) return { page: [], nextCursor: null };
  const c = ask.cursor;
  const rows = await selectRows(
    client,
    factRow,
    ledgerSql(contradictionsOnly),
    { project: s.project, sessionId: s.sessionId, cursorNs: c?.timeNs ?? '', cursorTrace: c?.traceId ?? '', cursorSpan: c?.spanId ?? '', cursorSeq: c?.seq ?? 0, limit: ask.limit + 1 },
    contradictionsOnly ? 'sessionContradictions' : 'sessionFacts',
  );
  return paginate(rows, ask.limit, (last) => ledgerCursor({ timeNs: last.time_ns, traceId: last.trace_id, spanId: last.span_id, seq: last.seq }));
}

/** One page of the fact ledger. */
export async function factsPage(client: ClickHouseClient, s: SessionPlace, ask: LedgerAsk): Promise<SessionFactPage> {
  const { page, nextCursor } = await ledgerPage(client, s, ask, false);
  return { facts: page.map(toFact), nextCursor };
}

/** One page of the session's contradictions, in ledger order. */
export async function contradictionsPage(client: ClickHouseClient, s: SessionPlace, ask: LedgerAsk): Promise<SessionContradictionPage> {
  const { page, nextCursor } = await ledgerPage(client, s, ask, true);
  return { contradictions: page.flatMap((r) => (r.contradiction === '' ? [] : [toContradiction({ ...r, contradiction: r.contradiction })])), nextCursor };
}
