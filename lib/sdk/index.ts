/**
 * Baton instrumentation helper: records the `baton.context.snapshot` events of
 * DESIGN §3.2 on your agents' OpenTelemetry spans, so that Baton can show each
 * handoff between agents and the context lost at it.
 *
 * Depends on `@opentelemetry/api` only, and on nothing else in this
 * repository: copy the `lib/sdk/` folder into your app. Runs in Node 20+ and
 * browsers. Every function checks its input and throws a TypeError naming the
 * bad field, synchronously at the call site and before recording anything;
 * nothing throws later from the span or its export.
 *
 * @example
 * import { trace } from '@opentelemetry/api';
 * import { receiveHandoff, sendHandoff } from './sdk';
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
