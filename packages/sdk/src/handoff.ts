import { propagation, type Context, type Span } from '@opentelemetry/api';
import { addSnapshot, CONTEXT_FIELDS } from './snapshot.js';
import type { HandoffCarrier, ReceiveHandoffInput, SendHandoffInput, SentHandoff } from './types.js';
import * as check from './validate.js';

/** The attribute, carrier property and W3C Baggage key that carry a handoff id. */
export const HANDOFF_ID_KEY = 'baton.handoff.id';

/** A random handoff id: `crypto.randomUUID()` where available, else a v4 UUID from `crypto.getRandomValues`. */
export function newHandoffId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string; getRandomValues?: (bytes: Uint8Array) => unknown } }).crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Records the sender's side of a handoff: a `sent` snapshot with
 * `baton.handoff.id`, `baton.handoff.to` and the contract. Returns the id and
 * a carrier to pass with the message, so the receiver can name the same
 * handoff, in this process or another, now or hours later.
 * Invalid input throws a TypeError at the call site and records nothing.
 *
 * @example
 * const { carrier } = sendHandoff(span, {
 *   to: 'billing',
 *   facts: { customer: { id: 'C-42' }, order: 48213, budget: 300 },
 *   constraints: [{ id: 'refund-cap', text: 'Never refund above the budget' }],
 *   contract: { required: ['customer.id', 'order', 'refund-cap'], preserve: ['budget'] },
 * });
 * await queue.send({ text: 'Refund order 48213', ...carrier });
 */
export function sendHandoff(span: Span, handoff: SendHandoffInput): SentHandoff {
  const where = 'sendHandoff';
  const { id: given, ...rest } = check.fields(where, handoff, ['to', 'contract', 'id', ...CONTEXT_FIELDS]);
  check.name(where, 'to', rest.to);
  const id = given === undefined ? newHandoffId() : check.name(where, 'id', given);
  addSnapshot(where, span, { ...rest, phase: 'sent', handoffId: id });
  return { id, carrier: { [HANDOFF_ID_KEY]: id } };
}

/**
 * Records the receiver's side of a handoff: a `received` snapshot with the
 * same `baton.handoff.id`, taken from `id` or from the sender's `carrier`.
 * Give the context the receiving agent actually starts from: Baton compares
 * it with what was sent. Returns the handoff id.
 * Invalid input throws a TypeError at the call site and records nothing.
 *
 * @example
 * receiveHandoff(span, {
 *   carrier: message,
 *   facts: { customer: { id: 'C-42' }, budget: 300 },
 *   constraints: [{ id: 'refund-cap', text: 'Never refund above the budget' }],
 *   tokens: 900, tokenLimit: 8000,
 * });
 */
export function receiveHandoff(span: Span, handoff: ReceiveHandoffInput): string {
  const where = 'receiveHandoff';
  const { id: given, carrier, ...rest } = check.fields(where, handoff, ['id', 'carrier', ...CONTEXT_FIELDS]);
  if ((given === undefined) === (carrier === undefined)) throw new TypeError(`${where}: give either id or carrier (the one sendHandoff returned)`);
  const id = given !== undefined ? check.name(where, 'id', given) : carrierId(where, carrier);
  addSnapshot(where, span, { ...rest, phase: 'received', handoffId: id });
  return id;
}

function carrierId(where: string, carrier: unknown): string {
  if (typeof carrier !== 'object' || carrier === null) return check.fail(where, 'carrier', `an object with "${HANDOFF_ID_KEY}"`, carrier);
  return check.name(where, `carrier["${HANDOFF_ID_KEY}"]`, (carrier as Partial<HandoffCarrier>)[HANDOFF_ID_KEY]);
}

/**
 * Returns `ctx` with the handoff id in its W3C Baggage, so that it crosses
 * process boundaries with the trace context (HTTP headers, queue message
 * metadata) through the propagator the SDK registers (W3C Baggage is in the
 * default set). Other baggage entries are kept.
 *
 * @example
 * const { id } = sendHandoff(span, { to: 'billing', facts });
 * const headers: Record<string, string> = {};
 * propagation.inject(withHandoffBaggage(context.active(), id), headers);
 * await fetch(billingUrl, { method: 'POST', headers, body });
 */
export function withHandoffBaggage(ctx: Context, id: string): Context {
  const value = check.name('withHandoffBaggage', 'id', id);
  const baggage = propagation.getBaggage(ctx) ?? propagation.createBaggage();
  return propagation.setBaggage(ctx, baggage.setEntry(HANDOFF_ID_KEY, { value }));
}

/**
 * The handoff id in `ctx`'s W3C Baggage (see `withHandoffBaggage`), or
 * undefined when there is none.
 *
 * @example
 * const ctx = propagation.extract(context.active(), request.headers);
 * const id = handoffIdFromBaggage(ctx);
 * if (id) receiveHandoff(span, { id, facts });
 */
export function handoffIdFromBaggage(ctx: Context): string | undefined {
  const value = propagation.getBaggage(ctx)?.getEntry(HANDOFF_ID_KEY)?.value;
  return value && value.trim() !== '' ? value : undefined;
}
