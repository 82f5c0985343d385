import { z } from 'zod';
import { timeRange } from './common';

/**
 * Agents and agent pairs over a time range: `GET /api/v1/agents?from&to` →
 * `{ agents, pairs }`, each sorted by volume (most first).
 *
 * Per agent (its spans that started in the range):
 * - `invocations`: its agent spans (runs); `traces`: the traces it ran in;
 * - `latencyP50Ns` / `latencyP95Ns`: exact quantiles of its agent spans'
 *   durations, interpolated (null without runs);
 * - `failedRuns`: its runs that failed, a run failing when its agent span or
 *   a span below it outside any other agent's run (its model and tool calls)
 *   has error status; `errors`: those failed spans; `errorRate`: failed runs
 *   / runs;
 * - `sent` / `received`: the handoffs it sent / received in the range (by
 *   handoff time), with the drift rate and mean fidelity of the complete ones.
 *
 * Per pair (from → to, handoffs in the range by handoff time):
 * - `driftRate`: share of complete handoffs with a severity other than none;
 *   `meanFidelity`: mean over complete handoffs measured on snapshots or
 *   digests (null when none was);
 * - `receiverP50Ns` / `receiverP95Ns`: duration of the receiving agent span;
 *   `pickupP50Ns` / `pickupP95Ns`: from the send (the handoff's time) to the
 *   start of the receiving span, 0 when it started first or the handoff was
 *   inferred (its time is the receiver's start); null when no receiving span
 *   is stored;
 * - `erroredReceivers`: complete handoffs whose receiving run failed (as
 *   above); `errorRate`: their share of the complete handoffs.
 *
 * An empty agent name is a handoff side Baton could not name (a received
 * snapshot whose sender never arrived).
 */

export const agentsParamsSchema = z.object({ from: z.string().optional(), to: z.string().optional() }).transform(timeRange);

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1).nullable();
const nanos = z.number().int().nonnegative().nullable();

export const handoffSideSchema = z.object({
  handoffs: count,
  complete: count,
  drifted: count,
  critical: count,
  /** Complete handoffs measured on snapshots or digests: the ones with a fidelity. */
  measured: count,
  driftRate: share,
  meanFidelity: share,
});

export const agentStatsSchema = z.object({
  agent: z.string(),
  invocations: count,
  traces: count,
  latencyP50Ns: nanos,
  latencyP95Ns: nanos,
  errors: count,
  failedRuns: count,
  errorRate: share,
  sent: handoffSideSchema,
  received: handoffSideSchema,
});

export const pairStatsSchema = handoffSideSchema.extend({
  fromAgent: z.string(),
  toAgent: z.string(),
  receiverP50Ns: nanos,
  receiverP95Ns: nanos,
  pickupP50Ns: nanos,
  pickupP95Ns: nanos,
  erroredReceivers: count,
  errorRate: share,
});

export const agentsResponseSchema = z.object({ agents: z.array(agentStatsSchema), pairs: z.array(pairStatsSchema) });

export type AgentsParams = z.output<typeof agentsParamsSchema>;
export type HandoffSide = z.infer<typeof handoffSideSchema>;
export type AgentStats = z.infer<typeof agentStatsSchema>;
export type PairStats = z.infer<typeof pairStatsSchema>;
export type AgentsResponse = z.infer<typeof agentsResponseSchema>;
