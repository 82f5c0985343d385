import { pickFault } from '../faults';
import type { Random } from '../random';
import { agentSpan, chat, close, instructions, pause, tool, userMessages, type ScriptFactory, type ToolCall, type TraceDraft, type Turn } from '../spans';
import type { FaultType, PlannedSpan } from '../types';
import { MODELS, orderNumber, type Facts } from '../world';

/**
 * A supervisor that runs two or three workers in parallel, each called as a
 * tool (`execute_tool <worker>` with an `invoke_agent <worker>` child). No
 * Baton attributes and no snapshots: what each agent was given is in its
 * `gen_ai.system_instructions` and `gen_ai.input.messages`, and Baton finds
 * these handoffs by delegation and compares the texts. A text fault leaves an
 * identifier or amount, or a rule sentence, out of a worker's text.
 */

const SUPERVISOR = 'case-supervisor';

const RULES = [
  'Never promise a refund before the payments worker confirms the charge.',
  'Always quote amounts with their currency.',
  'Do not contact the carrier on behalf of the customer.',
  'Never share personal data of the customer with other teams.',
];

interface Worker {
  name: string;
  task: string;
  call(c: Case): ToolCall;
}

interface Case {
  customer: string;
  order: string;
  amount: string;
  parcel: string;
}

const WORKERS: readonly Worker[] = [
  { name: 'payments', task: 'check the charge and any refund already made.', call: (c) => ({ tool: 'get_charges', args: { customer_id: c.customer, order_id: c.order }, result: { charges: 1, refunded: false }, failure: ['payment gateway returned 503', '503'] }) },
  { name: 'shipping', task: 'check where the parcel is.', call: (c) => ({ tool: 'track_parcel', args: { parcel_id: c.parcel }, result: { status: 'delivered', signed: false }, failure: ['carrier API returned 502', '502'] }) },
  { name: 'order-history', task: 'check earlier orders and claims of this customer.', call: (c) => ({ tool: 'get_orders', args: { customer_id: c.customer }, result: { orders: 6, claims: 0 }, failure: ['orders database timed out (504)', '504'] }) },
  { name: 'policy', task: 'check what the policy allows here.', call: () => ({ tool: 'search_policy', args: { query: 'missing parcel refund' }, result: { sections: ['4.2', '7.1'] }, failure: ['policy search returned 429', '429'] }) },
];

/** A piece of a request: plain text, or a fact with the words that say it and the words left without it. */
type Piece = string | { fact: keyof Case; with: string; without: string };

const REQUESTS: ReadonlyArray<(c: Case) => Piece[]> = [
  (c) => [
    { fact: 'customer', with: `Customer ${c.customer}`, without: 'A customer' },
    ' disputes ',
    { fact: 'amount', with: `a charge of ${c.amount}`, without: 'a charge' },
    ' on ',
    { fact: 'order', with: `order ${c.order}`, without: 'a recent order' },
    '. ',
    { fact: 'parcel', with: `Parcel ${c.parcel} shows`, without: 'The parcel shows' },
    ' as delivered but the customer says it did not arrive. Find out what happened and propose a resolution.',
  ],
  (c) => [
    'Follow-up on ',
    { fact: 'order', with: `order ${c.order}`, without: 'the order' },
    ' from ',
    { fact: 'customer', with: `customer ${c.customer}`, without: 'the customer' },
    ': they ask whether ',
    { fact: 'amount', with: `the ${c.amount}`, without: 'the money' },
    ' can be refunded this week. ',
    { fact: 'parcel', with: `Parcel ${c.parcel} is`, without: 'The parcel is' },
    ' still missing. Update the resolution.',
  ],
];

function render(pieces: Piece[], c: Case, omit?: keyof Case): string {
  return pieces.map((p) => (typeof p === 'string' ? p : p.fact === omit ? p.without : p.with)).join('');
}

/** A span that runs another agent as a tool (supervisor workers): no tool fault is drawn on it. */
function agentToolSpan(draft: TraceDraft, parent: PlannedSpan, worker: string, args: Record<string, unknown>, at: number): PlannedSpan {
  return draft.span(parent, `execute_tool ${worker}`, 'internal', at, {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': worker,
    'gen_ai.tool.type': 'function',
    'gen_ai.tool.call.id': `call_${draft.key.replace(/\W/g, '')}_${draft.spans.length}`,
    'gen_ai.tool.call.arguments': JSON.stringify(args),
  });
}

const given = (role: string, rules: readonly string[]) => `${role}\nRules:\n${rules.map((x) => `- ${x}`).join('\n')}`;

export const supervisorSession: ScriptFactory = (r: Random, profile: Facts) => {
  const currency = r.chance(0.7) ? 'EUR' : 'USD';
  const c: Case = { customer: String(profile['customer.id']), order: orderNumber(r), amount: `${r.int(4, 180) * 5} ${currency}`, parcel: `PKG-${r.int(10_000, 99_999)}` };
  const rules = r.shuffle(RULES).slice(0, r.int(2, 3));
  const models = { supervisor: r.pick(MODELS), worker: r.pick(MODELS) };
  const role = 'You are the case supervisor of the support desk. Split the case between your workers and merge their findings.';
  return {
    taskFacts: {},
    constraints: [],
    snapshots: false,
    turns: r.pick([1, 1, 2, 2, 3]),
    turn(t: Turn, at: number) {
      const { r: rt } = t;
      const draft = t.trace('case-review');
      const pieces = REQUESTS[Math.min(t.traces[0]!.turn, 1)]!(c);
      const request = render(pieces, c);
      const system = given(role, rules);
      const root = draft.root('invoke_workflow case-review', 'server', at, { 'gen_ai.operation.name': 'invoke_workflow' });
      const sup = agentSpan(draft, root, SUPERVISOR, models.supervisor, at + pause(rt), { 'gen_ai.system_instructions': instructions(system), 'gen_ai.input.messages': userMessages(request) });
      const workers = rt.shuffle(WORKERS).slice(0, rt.int(2, 3));
      let s = sup.startMs + 1 + pause(rt);
      s = chat(t, draft, sup, s, { model: models.supervisor, system, input: request, output: { tool: workers[0]!.name, args: { case: request } } }).endMs + pause(rt);
      let done = s;
      workers.forEach((w, i) => {
        const eligible: FaultType[] = ['dropped_fact', 'dropped_constraint'];
        const fault = pickFault(rt, t.rates, eligible);
        const omit = fault === 'dropped_fact' ? rt.pick(Object.keys(c) as (keyof Case)[]) : undefined;
        const dropped = fault === 'dropped_constraint' ? rt.pick(rules) : undefined;
        const wRules = rules.filter((x) => x !== dropped);
        const wSystem = given(`You are the ${w.name} worker of the support desk case review.`, wRules);
        const wInput = `${render(pieces, c, omit)}\nYour part: ${w.task}`;
        const call = agentToolSpan(draft, sup, w.name, { case: request }, s + i * rt.int(1, 12));
        const agent = agentSpan(draft, call, w.name, models.worker, call.startMs + pause(rt), { 'gen_ai.system_instructions': instructions(wSystem), 'gen_ai.input.messages': userMessages(wInput) });
        const index = t.handoffs.length;
        t.handoffs.push({ source: 'delegation', sessionId: t.info.sessionId, fromAgent: SUPERVISOR, toAgent: w.name, fromSpanKey: sup.key, toSpanKey: agent.key });
        if (omit) t.fault('dropped_fact', 'text', agent, c[omit], index);
        if (dropped) t.fault('dropped_constraint', 'text', agent, dropped, index);
        const wc = w.call(c);
        let ws = agent.startMs + 1 + pause(rt);
        ws = chat(t, draft, agent, ws, { model: models.worker, system: wSystem, input: wInput, output: { tool: wc.tool, args: wc.args } }).endMs + pause(rt);
        ws = tool(t, draft, agent, ws, wc).endMs + pause(rt);
        ws = chat(t, draft, agent, ws, { model: models.worker, system: wSystem, input: wInput, output: `Findings of ${w.name}: nothing unusual.` }).endMs;
        const end = close(rt, call, close(rt, agent, ws));
        call.attributes['gen_ai.tool.call.result'] = JSON.stringify({ worker: w.name, status: 'done' });
        done = Math.max(done, end);
      });
      s = chat(t, draft, sup, done + pause(rt), { model: models.supervisor, system, input: request, output: 'Resolution: refund once payments confirms the charge.' }).endMs;
      close(rt, root, close(rt, sup, s));
    },
  };
};
