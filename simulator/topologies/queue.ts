import { contractFor, handOff, type ContractSpec } from '../faults';
import { adopt, agentSpan, chat, checkpoint, close, holding, opening, pause, tool, type ScriptFactory, type ToolCall, type Turn } from '../spans';
import { CONTEXT_BUDGETS, CURRENCIES, MODELS, orderNumber, type Facts, type Rule } from '../world';

/**
 * Returns handled through a queue: the intake agent takes the request and
 * publishes it (`publish returns.refunds`, a producer span); seconds to
 * minutes later the back office consumes it in a trace of its own, whose
 * root (`process returns.refunds`, a consumer span) links to the producer
 * span, and whose agent receives the explicit handoff by its id.
 */

const QUEUE = 'returns.refunds';
const REASONS = ['arrived damaged', 'wrong size', 'not as described', 'changed my mind', 'late delivery'];
const METHODS = ['refund', 'exchange', 'store credit'];

const RULES: readonly Rule[] = [
  { id: 'original-method', text: 'Refund only to the original payment method' },
  { id: 'inspect-first', text: 'Always inspect returned items before refunding' },
  { id: 'return-window', text: 'Never accept returns older than 30 days' },
];

const CONTRACT: ContractSpec = { required: ['order.id', 'return.reason'], preserve: ['order.amount'], forbidden: [] };

const brief = (f: Facts) =>
  `Return of ${f['return.items']} item(s) from order ${f['order.id']} (${f['order.amount']} ${f['order.currency']}) by ${f['customer.id']}: ${f['return.reason']}, wants ${f['return.method']}.`;

/** A delay of about `medianMs` (seconds to minutes between traces), never beyond what the window leaves. */
function delay(t: Turn, medianMs: number): number {
  return Math.max(1_000, Math.min(t.maxDelayMs, t.r.latency(medianMs, 0.8)));
}

const messaging = (operation: 'send' | 'process', id: string) => ({
  'messaging.system': 'rabbitmq',
  'messaging.operation.type': operation,
  'messaging.operation.name': operation === 'send' ? 'publish' : 'process',
  'messaging.destination.name': QUEUE,
  'messaging.message.id': id,
});

export const queueSession: ScriptFactory = (r) => {
  const models = { intake: r.pick(MODELS), backOffice: r.pick(MODELS) };
  const limits = { intake: r.pick(CONTEXT_BUDGETS), backOffice: r.pick(CONTEXT_BUDGETS) };
  const taskFacts: Facts = {
    'order.id': orderNumber(r),
    'order.amount': r.int(20, 600),
    'order.currency': r.chance(0.6) ? 'EUR' : r.pick(CURRENCIES),
    'return.reason': r.pick(REASONS),
    'return.items': r.int(1, 3),
    'return.method': r.pick(METHODS),
  };
  return {
    taskFacts,
    constraints: r.shuffle(RULES).slice(0, r.int(2, 3)),
    snapshots: true,
    turns: r.pick([1, 1, 1, 2]),
    change(rc, facts) {
      if (!rc.chance(0.35)) return undefined;
      facts['return.method'] = rc.pick(METHODS.filter((m) => m !== facts['return.method']));
      return 'return.method';
    },
    turn(t: Turn, at: number) {
      const { r: rt, state } = t;
      const intakeTrace = t.trace('returns-intake');
      const root = intakeTrace.root('invoke_workflow return-request', 'server', at, { 'gen_ai.operation.name': 'invoke_workflow' });
      const intake = agentSpan(intakeTrace, root, 'intake', models.intake, at + pause(rt));
      const held = holding(rt, state.facts, state.constraints, brief(state.facts), limits.intake);
      opening(t, intake, intake.startMs + 1, held);
      const system = `You are the returns intake agent. ${state.constraints.map((c) => c.text).join('. ')}.`;
      const message = `I would like to return ${state.facts['return.items']} item(s) from order ${state.facts['order.id']}: ${state.facts['return.reason']}. I want ${state.facts['return.method']}.`;
      let c = intake.startMs + 2 + pause(rt);
      const validate: ToolCall = {
        tool: 'validate_order',
        args: { order_id: state.facts['order.id'], customer_id: state.facts['customer.id'] },
        result: { eligible: true, amount: state.facts['order.amount'], currency: state.facts['order.currency'] },
        failure: ['order service returned 503', '503'],
      };
      c = chat(t, intakeTrace, intake, c, { model: models.intake, system, input: message, output: { tool: validate.tool, args: validate.args } }).endMs + pause(rt);
      c = tool(t, intakeTrace, intake, c, validate).endMs + pause(rt);
      c = chat(t, intakeTrace, intake, c, { model: models.intake, system, input: message, output: 'Your return is registered; the back office will process it shortly.' }).endMs + pause(rt);
      const sendAt = c;
      const publish = intakeTrace.span(intake, `publish ${QUEUE}`, 'producer', c + 1, messaging('send', `msg-${rt.hex(6)}`));
      c = close(rt, publish, publish.startMs + rt.int(2, 25)) + pause(rt);
      checkpoint(intake, c, holding(rt, held.facts, held.constraints, held.text, held.tokenLimit));
      const intakeEnd = close(rt, root, close(rt, intake, c));

      const backTrace = t.trace('returns-back-office');
      const consumedAt = intakeEnd + delay(t, 20_000);
      const process = backTrace.root(`process ${QUEUE}`, 'consumer', consumedAt, messaging('process', String(publish.attributes['messaging.message.id'])));
      process.links.push(publish.key);
      const backOffice = agentSpan(backTrace, process, 'back-office', models.backOffice, consumedAt + pause(rt));
      const received = handOff(t, { from: intake, to: backOffice, sender: held, contract: contractFor(CONTRACT, held.facts), sendAt, receiveAt: backOffice.startMs + 1, tokenLimit: limits.backOffice });
      adopt(state, received.facts);
      const bSystem = `You are the returns back-office agent. ${received.constraints.map((x) => x.text).join('. ')}.`;
      const order = { order_id: received.facts['order.id'] };
      const calls: ToolCall[] = [
        { tool: 'inspect_item', args: order, result: { condition: 'resellable' }, failure: ['warehouse scanner API returned 504', '504'] },
        { tool: 'issue_refund', args: { ...order, amount: received.facts['order.amount'], currency: received.facts['order.currency'] }, result: { status: 'pending' }, failure: ['payment gateway returned 503', '503'] },
      ];
      let s = backOffice.startMs + 2 + pause(rt);
      s = chat(t, backTrace, backOffice, s, { model: models.backOffice, system: bSystem, input: received.text, output: { tool: calls[0]!.tool, args: calls[0]!.args } }).endMs + pause(rt);
      for (const call of calls) s = tool(t, backTrace, backOffice, s, call).endMs + pause(rt);
      s = chat(t, backTrace, backOffice, s, { model: models.backOffice, system: bSystem, input: received.text, output: 'Return processed.' }).endMs;
      checkpoint(backOffice, s + 1, holding(rt, received.facts, received.constraints, received.text, received.tokenLimit));
      close(rt, process, close(rt, backOffice, s + 1));
    },
  };
};
