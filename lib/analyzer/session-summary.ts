import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { consistencyScore } from '@/lib/analysis/consistency';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { nextVersion } from './save';
import { storedTime } from './session-ledger';

/**
 * A session's summary row (the session list reads it), kept by differences:
 * each update adds what it changed (turns, spans, handoffs, contradictions,
 * retention and fidelity sums in thousandths) and the means and score are
 * computed from the sums, as `consistency` computes them from scratch.
 */

export interface StoredSummary {
  userId: string;
  startNs: string;
  endNs: string;
  traces: number;
  spans: number;
  errors: number;
  agents: string[];
  inputTokens: number;
  outputTokens: number;
  handoffs: number;
  drifted: number;
  pending: number;
  contradictions: number;
  truncations: number;
  finalFacts: string;
  retentionSum: number;
  retentionCount: number;
  fidelitySum: number;
  fidelityCount: number;
  /** Complete handoffs of severity critical, and warning (0 in rows written before migration 0016). */
  critical: number;
  warning: number;
  previousSessionId: string;
  /** The turn that named the user. */
  userTurn: { startNs: string; traceId: string };
  /** The session's incremental state is written (else it is folded whole once). */
  stateful: boolean;
}

const row = z.object({
  session_id: z.string(),
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
  contradictions: z.coerce.number(),
  truncations: z.coerce.number(),
  final_facts: z.string(),
  retention_sum: z.coerce.number(),
  retention_count: z.coerce.number(),
  fidelity_sum: z.coerce.number(),
  fidelity_count: z.coerce.number(),
  previous_session_id: z.string(),
  user_start: z.string(),
  user_trace: z.string(),
  state: z.coerce.number(),
  critical_handoffs: z.coerce.number(),
  warning_handoffs: z.coerce.number(),
});

/** The stored summaries of these sessions. */
export async function readSummaries(client: ClickHouseClient, project: string, sessionIds: readonly string[]): Promise<Map<string, StoredSummary>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await selectRows(
    client,
    row,
    `SELECT session_id, user_id, toString(toUnixTimestamp64Nano(start_time)) AS start_ns, toString(toUnixTimestamp64Nano(end_time)) AS end_ns,
       traces, spans, errors, agents, input_tokens, output_tokens, handoffs, drifted_handoffs, pending_handoffs, contradictions,
       truncations, final_facts, retention_sum, retention_count, fidelity_sum, fidelity_count, previous_session_id,
       toString(toUnixTimestamp64Nano(user_start)) AS user_start, user_trace, state,
       critical_handoffs, warning_handoffs
     FROM sessions FINAL WHERE ${inScope()} AND project = {project:String} AND session_id IN (SELECT arrayJoin({sessionIds:Array(String)}))`,
    { project, sessionIds },
    'analyzer.summaries',
  );
  return new Map(
    rows.map((r) => [
      r.session_id,
      {
        userId: r.user_id,
        startNs: r.start_ns,
        endNs: r.end_ns,
        traces: r.traces,
        spans: r.spans,
        errors: r.errors,
        agents: r.agents,
        inputTokens: r.input_tokens,
        outputTokens: r.output_tokens,
        handoffs: r.handoffs,
        drifted: r.drifted_handoffs,
        pending: r.pending_handoffs,
        contradictions: r.contradictions,
        truncations: r.truncations,
        finalFacts: r.final_facts,
        retentionSum: r.retention_sum,
        retentionCount: r.retention_count,
        fidelitySum: r.fidelity_sum,
        fidelityCount: r.fidelity_count,
        critical: r.critical_handoffs,
        warning: r.warning_handoffs,
        previousSessionId: r.previous_session_id,
        userTurn: { startNs: r.user_start, traceId: r.user_trace },
        stateful: r.state === 1,
      },
    ]),
  );
}

/** What an update changed, by difference. */
export interface SummaryDelta {
  traces: number;
  spans: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  handoffs: number;
  drifted: number;
  pending: number;
  contradictions: number;
  truncations: number;
  retentionSum: number;
  retentionCount: number;
  fidelitySum: number;
  fidelityCount: number;
  critical: number;
  warning: number;
}

export const noDelta = (): SummaryDelta => ({
  traces: 0,
  spans: 0,
  errors: 0,
  inputTokens: 0,
  outputTokens: 0,
  handoffs: 0,
  drifted: 0,
  pending: 0,
  contradictions: 0,
  truncations: 0,
  retentionSum: 0,
  retentionCount: 0,
  fidelitySum: 0,
  fidelityCount: 0,
  critical: 0,
  warning: 0,
});

/** What is set rather than added. */
export interface SummaryFacts {
  userId: string;
  startNs: string;
  endNs: string;
  agents: string[];
  finalFacts: string;
  previousSessionId: string;
  userTurn: { startNs: string; traceId: string };
}

const mean = (sum: number, count: number) => (count === 0 ? null : sum / 1000 / count);
const round3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** The summary after the update, as a `sessions` row (SESSION_COLUMNS). */
export function summaryRow(at: { project: string; sessionId: string }, was: StoredSummary | undefined, d: SummaryDelta, f: SummaryFacts): unknown[] {
  const add = (key: keyof SummaryDelta & keyof StoredSummary) => ((was?.[key] as number | undefined) ?? 0) + d[key];
  const retentionSum = add('retentionSum');
  const retentionCount = add('retentionCount');
  const fidelitySum = add('fidelitySum');
  const fidelityCount = add('fidelityCount');
  const contradictions = add('contradictions');
  const meanRetention = mean(retentionSum, retentionCount);
  const meanFidelity = mean(fidelitySum, fidelityCount);
  const handoffs = add('handoffs');
  const pending = add('pending');
  const critical = add('critical');
  const warning = add('warning');
  return [
    at.project,
    at.sessionId,
    f.userId,
    f.startNs,
    f.endNs,
    add('traces'),
    add('spans'),
    add('errors'),
    f.agents,
    add('inputTokens'),
    add('outputTokens'),
    handoffs,
    add('drifted'),
    pending,
    contradictions,
    add('truncations'),
    round3(meanRetention),
    round3(meanFidelity),
    consistencyScore(meanRetention, meanFidelity, contradictions, { complete: handoffs - pending, critical, warning }),
    f.finalFacts,
    nextVersion(),
    retentionSum,
    retentionCount,
    fidelitySum,
    fidelityCount,
    f.previousSessionId,
    storedTime(f.userTurn.startNs),
    f.userTurn.traceId,
    1,
    critical,
    warning,
  ];
}
