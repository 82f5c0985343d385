import type { TimeInput } from '@opentelemetry/api';

/**
 * The inputs of the Baton instrumentation helper. Every field is
 * also checked at run time: a wrong one throws a TypeError naming it.
 */

/**
 * Where in its work an agent records its context: `received` (what it started
 * from), `sent` (what it handed on), `checkpoint`, and `compaction_before` /
 * `compaction_after` around a summarization of its own context.
 */
export type SnapshotPhase = 'received' | 'sent' | 'checkpoint' | 'compaction_before' | 'compaction_after';

/**
 * Facts and parameters an agent holds, e.g. `{ customer: { id: 'C-42' }, budget: 300 }`.
 * Values must be JSON: strings, finite numbers, booleans, null, arrays and
 * plain objects (checked at run time; typed `unknown` so that values typed
 * with interfaces are accepted). A property whose value is `undefined` is
 * left out, as `JSON.stringify` does. Baton compares nested objects by
 * dotted path (`customer.id`).
 */
export type Facts = Readonly<Record<string, unknown>>;

/**
 * A rule the work must respect: plain text, or `{ id, text }` so that a
 * contract can require it by id.
 * @example 'Never refund above the budget'
 * @example { id: 'refund-cap', text: 'Never refund above the budget' }
 */
export type Constraint = string | { readonly id: string; readonly text: string };

/**
 * What the receiver of a handoff must hold: a list of fact keys / constraint
 * ids, or `{ required, preserve, forbidden }` (preserve: must arrive
 * unchanged; forbidden: must not cross, e.g. PII).
 * @example ['customer.id', 'order']
 * @example { required: ['customer.id'], preserve: ['budget'], forbidden: ['card.number'] }
 */
export type Contract =
  | readonly string[]
  | { readonly required?: readonly string[]; readonly preserve?: readonly string[]; readonly forbidden?: readonly string[] };

/**
 * What an agent knows at one point. Every field is optional; leave out what
 * you do not record (absent is not the same as empty for Baton).
 * @example { facts: { order: 48213 }, constraints: ['Be polite'], tokens: 1800, tokenLimit: 8000 }
 */
export interface ContextInput {
  /** Facts by name (→ `baton.snapshot.facts`). */
  readonly facts?: Facts;
  /** Privacy mode: `await digestFacts(facts)` instead of `facts` (→ `baton.snapshot.fact_digests`). */
  readonly factDigests?: Readonly<Record<string, string>>;
  /** → `baton.snapshot.constraints`. */
  readonly constraints?: readonly Constraint[];
  /** Free text: a summary, memory, system prompt (→ `baton.snapshot.text`). */
  readonly text?: string;
  /** Context size in tokens (→ `baton.snapshot.tokens`). */
  readonly tokens?: number;
  /** Context window in tokens (→ `baton.snapshot.token_limit`). */
  readonly tokenLimit?: number;
  /** The context was cut or summarized (→ `baton.snapshot.truncated`). */
  readonly truncated?: boolean;
  /** Fact keys this step changed on purpose (→ `baton.snapshot.updates`). */
  readonly updates?: readonly string[];
  /** The agent, when the span does not name it (→ `baton.agent.name`). */
  readonly agent?: string;
  /** When the snapshot was taken (default: now). */
  readonly time?: TimeInput;
}

/** One `baton.context.snapshot` event, every attribute Baton reads. */
export interface SnapshotInput extends ContextInput {
  readonly phase: SnapshotPhase;
  /** → `baton.handoff.id` (on `sent` and `received`). */
  readonly handoffId?: string;
  /** Receiving agent (→ `baton.handoff.to`, on `sent`). */
  readonly to?: string;
  /** → `baton.handoff.contract` (on `sent`). */
  readonly contract?: Contract;
}

/** What `sendHandoff` records: the sender's context, the receiver and the contract. */
export interface SendHandoffInput extends ContextInput {
  /** The receiving agent's name. */
  readonly to: string;
  readonly contract?: Contract;
  /** The handoff id; a new random one when left out. */
  readonly id?: string;
}

/**
 * Travels with the message to the receiving agent, which passes it to
 * `receiveHandoff`. Any object with this property will do (message metadata,
 * a queue message's headers).
 */
export interface HandoffCarrier {
  readonly 'baton.handoff.id': string;
}

/** What `receiveHandoff` records: the context the receiver starts from, and which handoff it came by (`id` or `carrier`). */
export type ReceiveHandoffInput = ContextInput &
  ({ readonly id: string; readonly carrier?: undefined } | { readonly carrier: HandoffCarrier; readonly id?: undefined });

/** What `sendHandoff` returns. */
export interface SentHandoff {
  readonly id: string;
  /** `{ 'baton.handoff.id': id }`: pass it with the message to the receiver. */
  readonly carrier: HandoffCarrier;
}
