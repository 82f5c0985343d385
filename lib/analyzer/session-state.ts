import { z } from 'zod';
import { COLUMNS } from '@/lib/db/columns';
import type { Store, WritableTable } from '@/lib/db/store';
import { nextVersion } from './save';

/**
 * The stored turns of incremental session analysis (migration 0008), and
 * writing state rows. Reads are by primary-key range or point; writes are
 * versioned rows. Pure storage: what to read and write is
 * session-update.ts's business (session-ledger.ts holds the fact state).
 */

// ---- turns ------------------------------------------------------------------

export interface StoredTurn {
  startNs: string;
  traceId: string;
  keys: string[];
  /** Keys of the last snapshot with facts; null when the turn has none. */
  lastKeys: string[] | null;
  newKeys: string[];
  established: number;
  held: number;
  retention: number | null;
  snapshots: string[];
  truncations: number;
  spans: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  agents: string[];
  endNs: string;
  userId: string;
  handoffIds: string[];
  /** The handoffs this turn counts for the session (see the table): how many, drifted, pending, fidelity (thousandths) over the measured. */
  tally: HandoffTally;
}

export interface HandoffTally {
  handoffs: number;
  drifted: number;
  pending: number;
  fidelitySum: number;
  fidelityCount: number;
  /** Complete handoffs of severity critical, and warning: they cap the score (migration 0016). */
  critical: number;
  warning: number;
}

export const NO_HANDOFFS: HandoffTally = { handoffs: 0, drifted: 0, pending: 0, fidelitySum: 0, fidelityCount: 0, critical: 0, warning: 0 };

export const turnRow = z.object({
  session_id: z.string(),
  start_ns: z.string(),
  trace_id: z.string(),
  keys: z.array(z.string()),
  last_keys: z.array(z.string()),
  has_facts: z.coerce.number(),
  new_keys: z.array(z.string()),
  established: z.coerce.number(),
  held: z.coerce.number(),
  retention: z.number().nullable(),
  snapshots: z.array(z.string()),
  truncations: z.coerce.number(),
  spans: z.coerce.number(),
  errors: z.coerce.number(),
  input_tokens: z.coerce.number(),
  output_tokens: z.coerce.number(),
  agents: z.array(z.string()),
  end_ns: z.string(),
  user_id: z.string(),
  handoff_ids: z.array(z.string()),
  handoffs: z.coerce.number(),
  drifted_handoffs: z.coerce.number(),
  pending_handoffs: z.coerce.number(),
  fidelity_sum: z.coerce.number(),
  fidelity_count: z.coerce.number(),
  critical_handoffs: z.coerce.number(),
  warning_handoffs: z.coerce.number(),
});

export const TURN_COLUMNS_SQL = `session_id, toString(toUnixTimestamp64Nano(start_time)) AS start_ns, trace_id, keys, last_keys, has_facts, new_keys,
  established, held, retention, snapshots, truncations, spans, errors, input_tokens, output_tokens, agents,
  toString(toUnixTimestamp64Nano(end_time)) AS end_ns, user_id, handoff_ids,
  handoffs, drifted_handoffs, pending_handoffs, fidelity_sum, fidelity_count, critical_handoffs, warning_handoffs`;

export function toTurn(r: z.infer<typeof turnRow>): StoredTurn {
  return {
    startNs: r.start_ns,
    traceId: r.trace_id,
    keys: r.keys,
    lastKeys: r.has_facts ? r.last_keys : null,
    newKeys: r.new_keys,
    established: r.established,
    held: r.held,
    retention: r.retention,
    snapshots: r.snapshots,
    truncations: r.truncations,
    spans: r.spans,
    errors: r.errors,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    agents: r.agents,
    endNs: r.end_ns,
    userId: r.user_id,
    handoffIds: r.handoff_ids,
    tally: { handoffs: r.handoffs, drifted: r.drifted_handoffs, pending: r.pending_handoffs, fidelitySum: r.fidelity_sum, fidelityCount: r.fidelity_count, critical: r.critical_handoffs, warning: r.warning_handoffs },
  };
}

interface Where {
  project: string;
  sessionId: string;
}

export function turnLine(at: Where, t: StoredTurn, deleted = false): unknown[] {
  return [
    at.project,
    at.sessionId,
    t.startNs,
    t.traceId,
    t.keys,
    t.lastKeys ?? [],
    t.lastKeys ? 1 : 0,
    t.newKeys,
    t.established,
    t.held,
    t.retention,
    t.snapshots,
    t.truncations,
    t.spans,
    t.errors,
    t.inputTokens,
    t.outputTokens,
    t.agents,
    t.endNs,
    t.userId,
    t.handoffIds,
    t.tally.handoffs,
    t.tally.drifted,
    t.tally.pending,
    t.tally.fidelitySum,
    t.tally.fidelityCount,
    nextVersion(),
    deleted ? 1 : 0,
    t.tally.critical,
    t.tally.warning,
  ];
}

// ---- writing ------------------------------------------------------------------------

/** Writes rows of a state table (JSONCompactEachRow lines in its COLUMNS order). */
export async function writeRows(store: Store, table: WritableTable, rows: readonly unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  await store.insertRows(table, COLUMNS[table], Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join('')));
}
