import type { ClickHouseClient } from '@clickhouse/client';
import { analysisFailureOf } from '@/lib/analyzer/failures';
import type { Cursor } from '@/lib/schemas/common';
import type { LedgerPosition } from '@/lib/schemas/session-pages';
import type { SessionContradictionPage, SessionDetail, SessionFactPage, SessionHandoffPage, SessionTurnPage } from '@/lib/schemas/sessions';
import { sessionHandoffsPage } from './handoffs';
import { contradictionsPage, factsPage } from './session-facts';
import { locateSession, placeSession } from './session-summary';
import { turnsPage } from './session-turns';

/**
 * The session page's reads (docs/analysis.md, "Reading sessions"): all from
 * what the analyzer stored, none analyses anything. The detail is the summary
 * and metrics, and the first page of each list with the cursor that goes on;
 * the page functions read the next pages. A session the analyzer has not
 * folded yet (new, or failing) is answered from its traces, and says so.
 * Every function is undefined for a session no trace names.
 */

/** The session's summary, metrics and the first `limit` items of each list. */
export async function getSessionDetail(client: ClickHouseClient, sessionId: string, limit = 50): Promise<SessionDetail | undefined> {
  const s = await locateSession(client, sessionId);
  if (!s) return undefined;
  // chDB runs one query at a time: in sequence, each list waits no longer than in parallel.
  const turns = await turnsPage(client, s, { limit });
  const handoffs = await sessionHandoffsPage(client, s.project, sessionId, { limit });
  const facts = await factsPage(client, s, { limit });
  const contradictions = await contradictionsPage(client, s, { limit });
  const analysisFailure = await analysisFailureOf(client, sessionId);
  return {
    session: s.session,
    traces: turns.turns,
    handoffs: handoffs.handoffs,
    facts: facts.facts,
    contradictions: contradictions.contradictions,
    context: turns.context,
    contextTruncated: turns.contextTruncated,
    nextCursors: { turns: turns.nextCursor, handoffs: handoffs.nextCursor, facts: facts.nextCursor, contradictions: contradictions.nextCursor },
    metrics: s.metrics,
    analysisPending: !s.analysed,
    analysisFailure,
  };
}

export async function getSessionTurns(client: ClickHouseClient, sessionId: string, ask: { limit: number; cursor?: Cursor }): Promise<SessionTurnPage | undefined> {
  const s = await placeSession(client, sessionId);
  return s && turnsPage(client, s, ask);
}

export async function getSessionHandoffs(client: ClickHouseClient, sessionId: string, ask: { limit: number; cursor?: Cursor }): Promise<SessionHandoffPage | undefined> {
  const s = await placeSession(client, sessionId);
  return s && sessionHandoffsPage(client, s.project, sessionId, ask);
}

export async function getSessionFacts(client: ClickHouseClient, sessionId: string, ask: { limit: number; cursor?: LedgerPosition }): Promise<SessionFactPage | undefined> {
  const s = await placeSession(client, sessionId);
  return s && factsPage(client, s, ask);
}

export async function getSessionContradictions(client: ClickHouseClient, sessionId: string, ask: { limit: number; cursor?: LedgerPosition }): Promise<SessionContradictionPage | undefined> {
  const s = await placeSession(client, sessionId);
  return s && contradictionsPage(client, s, ask);
}

/** The 404 message for a session no trace names. */
export const noSession = (sessionId: string) => `no session ${sessionId} is stored (it may be older than the retention period)`;
