import { contractFor, handOff, type ContractSpec } from '../faults';
import type { Random } from '../random';
import { adopt, agentSpan, chat, checkpoint, close, holding, opening, pause, tool, type ScriptFactory, type SessionScript, type ToolCall, type Turn } from '../spans';
import { CONTEXT_BUDGETS, CURRENCIES, MODELS, orderNumber, type Facts, type Rule } from '../world';

/**
 * Customer support: `invoke_agent triage` classifies the request and hands it
 * to one specialist (billing, refunds or tech), run inside its own span, with
 * an explicit handoff and a contract: the specialist must get the customer and
 * order, the amount unchanged, and never the customer's email.
 */

type Specialist = 'billing' | 'refunds' | 'tech';

const ISSUES: Record<Specialist, readonly string[]> = {
  billing: ['charged twice for the same order', 'invoice shows the wrong VAT rate', 'card was declined but the money was taken'],
  refunds: ['item arrived damaged and wants a refund', 'return was received but never credited', 'wants to cancel the order and get the money back'],
  tech: ['smart plug does not pair with the app', 'cannot log in since the app update', 'firmware update fails at 80 percent'],
};

const RULES: Record<Specialist | 'all', readonly Rule[]> = {
  all: [
    { id: 'refund-cap', text: 'Never refund above the order amount' },
    { id: 'verify-identity', text: 'Always verify the customer id before changing an account' },
  ],
  billing: [{ id: 'credit-currency', text: 'Only issue credits in the order currency' }],
  refunds: [{ id: 'original-method', text: 'Refund only to the original payment method' }],
  tech: [{ id: 'remote-reset-consent', text: 'Do not reset a device remotely without consent' }],
};

const CONTRACT: ContractSpec = { required: ['customer.id', 'order.id', 'issue'], preserve: ['order.amount'], forbidden: ['customer.email'] };

function specialistTools(who: Specialist, f: Facts): ToolCall[] {
  const order = { order_id: f['order.id'] };
  switch (who) {
    case 'billing':
      return [
        { tool: 'get_invoice', args: order, result: { invoice_id: `INV-${String(f['order.id']).slice(4)}`, amount: f['order.amount'], currency: f['order.currency'] }, failure: ['billing service returned 503', '503'] },
        { tool: 'issue_credit', args: { ...order, amount: f['order.amount'], currency: f['order.currency'] }, result: { status: 'issued' }, failure: ['payment gateway returned 503', '503'] },
      ];
    case 'refunds':
      return [
        { tool: 'check_return_status', args: order, result: { status: 'received', warehouse: 'DE-2' }, failure: ['warehouse API returned 504', '504'] },
        { tool: 'issue_refund', args: { ...order, amount: f['order.amount'], currency: f['order.currency'] }, result: { status: 'pending' }, failure: ['payment gateway returned 503', '503'] },
      ];
    case 'tech':
      return [
        { tool: 'search_kb', args: { query: f.issue }, result: { articles: ['KB-2211', 'KB-3090'] }, failure: ['knowledge base search returned 429', '429'] },
        { tool: 'run_diagnostics', args: { customer_id: f['customer.id'] }, result: { firmware: '4.2.1', online: true }, failure: ['device cloud returned 502', '502'] },
      ];
  }
}

const brief = (f: Facts) => `Customer ${f['customer.id']} (${f['customer.tier']}) about order ${f['order.id']} of ${f['order.amount']} ${f['order.currency']}: ${f.issue}.`;

export const triageSession: ScriptFactory = (r: Random, _profile: Facts): SessionScript => {
  const who = r.pick(['billing', 'refunds', 'tech'] as const);
  const models = { triage: r.pick(MODELS), specialist: r.pick(MODELS) };
  const limits = { triage: r.pick(CONTEXT_BUDGETS), specialist: r.pick(CONTEXT_BUDGETS) };
  const rules = [...RULES.all.filter(() => r.chance(0.8)), ...RULES[who]];
  const taskFacts: Facts = {
    'order.id': orderNumber(r),
    'order.amount': r.int(15, 900),
    'order.currency': r.chance(0.6) ? 'EUR' : r.pick(CURRENCIES),
    issue: r.pick(ISSUES[who]),
  };
  return {
    taskFacts,
    constraints: rules,
    snapshots: true,
    turns: r.pick([1, 1, 2, 2, 2, 3, 3, 4]),
    change(rc, facts) {
      if (!rc.chance(0.3)) return undefined;
      facts.issue = rc.pick(ISSUES[who].filter((i) => i !== facts.issue));
      return 'issue';
    },
    turn(t: Turn, at: number) {
      const { r: rt, state } = t;
      const draft = t.trace('support-desk');
      const root = draft.root('invoke_workflow customer-support', 'server', at, { 'gen_ai.operation.name': 'invoke_workflow' });
      const triage = agentSpan(draft, root, 'triage', models.triage, at + pause(rt));
      const held = holding(rt, state.facts, state.constraints, brief(state.facts), limits.triage);
      opening(t, triage, triage.startMs + 1, held);
      const message = `Hello, about my order ${state.facts['order.id']}: ${state.facts.issue}. The total was ${state.facts['order.amount']} ${state.facts['order.currency']}.`;
      const system = `You are the triage agent of the support desk. Route each request to billing, refunds or tech. ${state.constraints.map((c) => c.text).join('. ')}.`;
      let c = triage.startMs + 2 + pause(rt);
      c = chat(t, draft, triage, c, { model: models.triage, system, input: message, output: { tool: 'lookup_order', args: { order_id: state.facts['order.id'] } } }).endMs + pause(rt);
      const lookup: ToolCall = {
        tool: 'lookup_order',
        args: { order_id: state.facts['order.id'] },
        result: { order_id: state.facts['order.id'], amount: state.facts['order.amount'], currency: state.facts['order.currency'], status: 'delivered' },
        failure: ['order service returned 503', '503'],
      };
      c = tool(t, draft, triage, c, lookup).endMs + pause(rt);
      c = chat(t, draft, triage, c, { model: models.triage, system, input: message, output: `Routing to ${who}: ${state.facts.issue}.` }).endMs + pause(rt);

      const specialist = agentSpan(draft, triage, who, models.specialist, c + 1 + pause(rt));
      const received = handOff(t, {
        from: triage,
        to: specialist,
        sender: held,
        contract: contractFor(CONTRACT, held.facts),
        sendAt: c,
        receiveAt: specialist.startMs + 1,
        tokenLimit: limits.specialist,
      });
      let s = specialist.startMs + 2 + pause(rt);
      const sSystem = `You are the ${who} specialist of the support desk. ${received.constraints.map((x) => x.text).join('. ')}.`;
      const tools = specialistTools(who, received.facts);
      s = chat(t, draft, specialist, s, { model: models.specialist, system: sSystem, input: received.text, output: { tool: tools[0]!.tool, args: tools[0]!.args } }).endMs + pause(rt);
      for (const call of tools.slice(0, rt.int(1, tools.length))) s = tool(t, draft, specialist, s, call).endMs + pause(rt);
      s = chat(t, draft, specialist, s, { model: models.specialist, system: sSystem, input: received.text, output: `I have looked into order ${received.facts['order.id'] ?? 'the order'} and sorted it out.` }).endMs;
      checkpoint(specialist, s + 1, holding(rt, received.facts, received.constraints, received.text, received.tokenLimit));
      c = close(rt, specialist, s + 1) + pause(rt);

      adopt(state, received.facts);
      checkpoint(triage, c, holding(rt, state.facts, state.constraints, `${brief(state.facts)} Handled by ${who}.`, limits.triage));
      close(rt, root, close(rt, triage, c));
    },
  };
};
