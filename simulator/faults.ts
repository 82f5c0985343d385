import type { Random } from './random';
import { contextInput, tokensFor, type Held, type TraceDraft, type Turn } from './spans';
import type { FaultRates, FaultType, PlannedSpan } from './types';
import { alternative, INVENTED_FACTS, overlaps, type Facts } from './world';

/**
 * Fault injection: the default rates, the draw of at most one fault per
 * handoff, what each handoff fault does to the context the receiver really
 * holds, and the explicit handoff (send and receive snapshots) that carries
 * it. What each fault looks like is in the task brief and docs/simulator.md.
 */

export const DEFAULT_FAULT_RATES: FaultRates = {
  dropped_fact: 0.05,
  changed_value: 0.05,
  ungrounded_fact: 0.04,
  dropped_constraint: 0.04,
  contract_violation: 0.04,
  truncation: 0.03,
  cross_session_contradiction: 0.15,
  tool_error: 0.03,
  timeout: 0.01,
  out_of_order_export: 0.05,
  duplicate_export: 0.05,
};

export function mergeRates(partial: Partial<FaultRates> | undefined): FaultRates {
  const rates = { ...DEFAULT_FAULT_RATES };
  for (const [type, rate] of Object.entries(partial ?? {}) as [FaultType, number | undefined][]) {
    if (rate === undefined) continue;
    if (!(type in rates)) throw new RangeError(`faultRates: unknown fault type ${type}`);
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`faultRates.${type} must be between 0 and 1 (got ${rate})`);
    rates[type] = rate;
  }
  return rates;
}

/**
 * At most one of the eligible fault types, each with its own rate: a type
 * with rate 1 always wins; otherwise one uniform draw over the stacked rates
 * (scaled down only if they add up to more than 1).
 */
export function pickFault(r: Random, rates: FaultRates, eligible: readonly FaultType[]): FaultType | undefined {
  const certain = eligible.find((t) => rates[t] >= 1);
  if (certain) return certain;
  const total = eligible.reduce((s, t) => s + rates[t], 0);
  if (total <= 0) return undefined;
  let u = r.next() * Math.max(1, total);
  for (const t of eligible) {
    if (u < rates[t]) return t;
    u -= rates[t];
  }
  return undefined;
}

/** A contract as the sender attaches it; only keys the sender holds. */
export interface ContractSpec {
  required: string[];
  preserve: string[];
  forbidden: string[];
}

export function contractFor(template: ContractSpec, facts: Facts): ContractSpec {
  const held = (k: string) => Object.keys(facts).some((f) => f === k || f.startsWith(`${k}.`));
  return { required: template.required.filter(held), preserve: template.preserve.filter(held), forbidden: template.forbidden.filter(held) };
}

const entries = (c: ContractSpec) => [...c.required, ...c.preserve, ...c.forbidden];
const under = (key: string, entry: string) => key === entry || key.startsWith(`${entry}.`);
const without = (facts: Facts, drop: (k: string) => boolean): Facts => Object.fromEntries(Object.entries(facts).filter(([k]) => !drop(k)));

interface Corruption {
  receiver: Held;
  fault?: { type: FaultType; key?: string };
}

/**
 * What the receiver of an explicit handoff holds: the sender's facts less the
 * contract's forbidden keys, the same constraints and text; or that with one
 * fault, drawn among those that can be observed here. `session` holds every
 * fact the session has seen (an invented fact must be new to it).
 */
export function corruptSnapshot(r: Random, rates: FaultRates, sender: Held, contract: ContractSpec, session: Facts, tokenLimit: number): Corruption {
  const facts = without(sender.facts, (k) => contract.forbidden.some((f) => under(k, f)));
  const receiver: Held = { facts, constraints: [...sender.constraints], text: sender.text, tokens: 0, tokenLimit };
  const free = Object.keys(facts).filter((k) => !entries(contract).some((e) => under(k, e)));
  const changeable = free.filter((k) => alternative(k, facts[k]!, r) !== undefined);
  const invented = INVENTED_FACTS.filter(([k]) => ![...Object.keys(session), ...Object.keys(facts)].some((s) => overlaps(s, k)));
  const violations = [
    ...contract.required.filter((k) => k in facts).map((k) => ['missing', k] as const),
    ...contract.preserve.filter((k) => k in facts && alternative(k, facts[k]!, r) !== undefined).map((k) => ['changed', k] as const),
    ...contract.forbidden.filter((k) => k in sender.facts).map((k) => ['present', k] as const),
  ];
  const eligible: FaultType[] = [];
  if (free.length > 0) eligible.push('dropped_fact');
  if (changeable.length > 0) eligible.push('changed_value');
  if (invented.length > 0) eligible.push('ungrounded_fact');
  if (sender.constraints.length > 0) eligible.push('dropped_constraint');
  if (violations.length > 0) eligible.push('contract_violation');
  eligible.push('truncation');
  const type = pickFault(r, rates, eligible);
  let key: string | undefined;
  switch (type) {
    case 'dropped_fact':
      key = r.pick(free);
      delete facts[key];
      break;
    case 'changed_value':
      key = r.pick(changeable);
      facts[key] = alternative(key, facts[key]!, r)!;
      break;
    case 'ungrounded_fact': {
      const [k, v] = r.pick(invented);
      key = k;
      facts[k] = v;
      break;
    }
    case 'dropped_constraint': {
      const dropped = r.pick(sender.constraints);
      key = dropped.id;
      receiver.constraints = sender.constraints.filter((c) => c !== dropped);
      break;
    }
    case 'contract_violation': {
      const [how, k] = r.pick(violations);
      key = k;
      if (how === 'missing') delete facts[k];
      else if (how === 'changed') facts[k] = alternative(k, facts[k]!, r)!;
      else facts[k] = sender.facts[k]!;
      break;
    }
    case 'truncation':
      receiver.truncated = true;
      receiver.text = `${sender.text.slice(0, Math.max(12, Math.floor(sender.text.length * 0.35))).trimEnd()}…`;
      break;
  }
  receiver.tokens = receiver.truncated ? tokenLimit : Math.min(tokenLimit - 1, tokensFor(r, facts, receiver.constraints, receiver.text));
  return type ? { receiver, fault: { type, ...(key !== undefined ? { key } : {}) } } : { receiver };
}

export interface ExplicitHandoff {
  from: PlannedSpan;
  to: PlannedSpan;
  sender: Held;
  contract: ContractSpec;
  /** When the sender records `send`, and the receiver `receive` (inside their spans). */
  sendAt: number;
  receiveAt: number;
  /** The receiver's own context limit. */
  tokenLimit: number;
}

const agentOf = (span: PlannedSpan) => String(span.attributes['gen_ai.agent.name'] ?? '');

/**
 * An explicit handoff: `send` on the sender's span, `receive` on the
 * receiver's with the same id, the planned handoff, and the fault if one is
 * drawn (labelled on the receiver's span). Returns what the receiver holds.
 */
export function handOff(t: Turn, h: ExplicitHandoff): Held {
  const id = `${t.info.sessionId}-h${t.state.handoffs++}`;
  const toAgent = agentOf(h.to);
  h.from.snapshots.push({ op: 'send', atMs: h.sendAt, handoffId: id, to: toAgent, contract: h.contract, context: contextInput(h.sender) });
  const { receiver, fault } = corruptSnapshot(t.r, t.rates, h.sender, h.contract, t.state.facts, h.tokenLimit);
  h.to.snapshots.push({ op: 'receive', atMs: h.receiveAt, handoffId: id, context: contextInput(receiver) });
  // A sender may have recorded its end checkpoint already (a pipeline stage): keep its snapshots in time order.
  h.from.snapshots.sort((a, b) => a.atMs - b.atMs);
  const index = t.handoffs.length;
  t.handoffs.push({ id, source: 'explicit', sessionId: t.info.sessionId, fromAgent: agentOf(h.from), toAgent, fromSpanKey: h.from.key, toSpanKey: h.to.key });
  if (fault) t.fault(fault.type, 'snapshot', h.to, fault.key, index);
  return receiver;
}

/** Export faults of a finished trace: children first, and/or twice. Labelled on its root. */
export function deliveryFaults(t: Turn, draft: TraceDraft): void {
  const root = draft.spans[0];
  if (!root) return;
  if (t.r.chance(t.rates.out_of_order_export)) {
    draft.delivery.childrenFirst = true;
    t.fault('out_of_order_export', 'delivery', root);
  }
  if (t.r.chance(t.rates.duplicate_export)) {
    draft.delivery.duplicate = true;
    t.fault('duplicate_export', 'delivery', root);
  }
}
