/**
 * Baton instrumentation SDK: records `baton.context.snapshot` events on your
 * agents' OpenTelemetry spans, so that Baton can show each handoff between
 * agents and the context lost at it. Every attribute is described in Baton's
 * `docs/instrumentation.md`.
 *
 * Depends on `@opentelemetry/api` only (a peer dependency: your app's copy is
 * used). Runs in Node 20+ and browsers. Every function checks its input and
 * throws a TypeError naming the bad field, synchronously at the call site and
 * before recording anything; nothing throws later from the span or its export.
 *
 * @example
 * import { trace } from '@opentelemetry/api';
 * import { receiveHandoff, sendHandoff } from '@baton/sdk';
 *
 * const tracer = trace.getTracer('support-agents');
 * const message = tracer.startActiveSpan('invoke_agent triage', { attributes: { 'gen_ai.agent.name': 'triage' } }, (span) => {
 *   const { carrier } = sendHandoff(span, { to: 'billing', facts: { order: 48213 }, contract: ['order'] });
 *   span.end();
 *   return { text: 'Refund order 48213', ...carrier };
 * });
 * // …in the billing agent, with the message:
 * receiveHandoff(billingSpan, { carrier: message, facts: { order: 48213 } });
 */

export { compaction, recordSnapshot, snapshotAttributes, SNAPSHOT_EVENT } from './snapshot.js';
export { handoffIdFromBaggage, HANDOFF_ID_KEY, newHandoffId, receiveHandoff, sendHandoff, withHandoffBaggage } from './handoff.js';
export { digestFacts } from './digest.js';
export type {
  Constraint,
  ContextInput,
  Contract,
  Facts,
  HandoffCarrier,
  ReceiveHandoffInput,
  SendHandoffInput,
  SentHandoff,
  SnapshotInput,
  SnapshotPhase,
} from './types.js';
