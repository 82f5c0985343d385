import { contractFor, handOff, type ContractSpec } from '../faults';
import type { Random } from '../random';
import { adopt, agentSpan, chat, checkpoint, close, holding, opening, pause, tool, type Held, type ScriptFactory, type ToolCall, type Turn } from '../spans';
import type { PlannedSpan } from '../types';
import { AUDIENCES, CONTEXT_BUDGETS, CURRENCIES, DESTINATIONS, isoDate, MODELS, RESEARCH_TOPICS, type Facts, type Model, type Rule } from '../world';

/**
 * A three-stage pipeline, planner → researcher → writer, each stage an agent
 * span after the previous one under the workflow, handing on through explicit
 * handoffs: trip planning or a research report.
 */

interface Variant {
  workflow: string;
  service: string;
  contract: ContractSpec;
  facts(r: Random, startMs: number): Facts;
  rules(facts: Facts): Rule[];
  /** The deliberate change a later turn may make (the user raises the budget). */
  change(r: Random, facts: Facts): string;
  request(f: Facts): string;
  brief(f: Facts): string;
  research(f: Facts): ToolCall[];
}

const TRIP: Variant = {
  workflow: 'trip-planning',
  service: 'trip-planner',
  contract: { required: ['trip.destination', 'trip.dates'], preserve: ['trip.budget'], forbidden: [] },
  facts(r, startMs) {
    const from = r.int(10, 120);
    return {
      'trip.destination': r.pick(DESTINATIONS),
      'trip.dates': `${isoDate(startMs, from)}/${isoDate(startMs, from + r.int(2, 12))}`,
      'trip.budget': r.int(8, 60) * 50,
      'trip.currency': r.chance(0.7) ? 'EUR' : r.pick(CURRENCIES),
      'trip.travellers': r.int(1, 4),
    };
  },
  rules: (f) => [
    { id: 'train-cap', text: `Never book trains over 150 ${f['trip.currency']}` },
    { id: 'refundable-hotels', text: 'Only propose refundable hotels' },
    { id: 'free-afternoon', text: 'Always keep one afternoon free' },
    { id: 'no-early-flights', text: 'Do not book flights departing before 7:00' },
  ],
  change(r, facts) {
    facts['trip.budget'] = Number(facts['trip.budget']) + r.int(4, 16) * 50;
    return 'trip.budget';
  },
  request: (f) => `Plan a trip to ${f['trip.destination']} for ${f['trip.travellers']} on ${f['trip.dates']}, budget ${f['trip.budget']} ${f['trip.currency']}.`,
  brief: (f) => `Trip to ${f['trip.destination']} (${f['trip.dates']}) for ${f['trip.travellers']}, budget ${f['trip.budget']} ${f['trip.currency']}.`,
  research: (f) => [
    { tool: 'search_flights', args: { to: f['trip.destination'], dates: f['trip.dates'] }, result: { options: 7, cheapest: 189 }, failure: ['flight search returned 502', '502'] },
    { tool: 'search_hotels', args: { city: f['trip.destination'], refundable: true }, result: { options: 12 }, failure: ['hotel API rate limit (429)', '429'] },
    { tool: 'search_trains', args: { city: f['trip.destination'], max_price: 150 }, result: { options: 3 }, failure: ['rail API returned 503', '503'] },
  ],
};

const RESEARCH: Variant = {
  workflow: 'research-report',
  service: 'research-assistant',
  contract: { required: ['research.topic', 'research.audience'], preserve: ['research.deadline'], forbidden: [] },
  facts: (r, startMs) => ({
    'research.topic': r.pick(RESEARCH_TOPICS),
    'research.audience': r.pick(AUDIENCES),
    'research.deadline': isoDate(startMs, r.int(3, 30)),
    'research.max_words': r.int(8, 30) * 100,
  }),
  rules: () => [
    { id: 'recent-sources', text: 'Only cite sources from the last five years' },
    { id: 'no-paywall-quotes', text: 'Never quote paywalled articles in full' },
    { id: 'counterpoint', text: 'Always include one counter-argument' },
    { id: 'plain-language', text: 'Do not use unexplained acronyms' },
  ],
  change(r, facts) {
    const words = r.int(8, 30) * 100;
    facts['research.max_words'] = words === facts['research.max_words'] ? words + 200 : words;
    return 'research.max_words';
  },
  request: (f) => `Write a report on ${f['research.topic']} for the ${f['research.audience']}, due ${f['research.deadline']}, at most ${f['research.max_words']} words.`,
  brief: (f) => `Report on ${f['research.topic']} for the ${f['research.audience']}, due ${f['research.deadline']}, ${f['research.max_words']} words.`,
  research: (f) => [
    { tool: 'web_search', args: { query: f['research.topic'] }, result: { hits: 10 }, failure: ['search API returned 429', '429'] },
    { tool: 'fetch_page', args: { url: 'https://example.org/report.pdf' }, result: { bytes: 48213 }, failure: ['fetch failed with 403', '403'] },
    { tool: 'web_search', args: { query: `${f['research.topic']} criticism` }, result: { hits: 8 }, failure: ['search API returned 429', '429'] },
  ],
};

const STAGES = ['planner', 'researcher', 'writer'] as const;

export const pipelineSession: ScriptFactory = (r, _profile, startMs) => {
  const v = r.chance(0.5) ? TRIP : RESEARCH;
  const taskFacts = v.facts(r, startMs);
  const rules = r.shuffle(v.rules(taskFacts)).slice(0, r.int(2, 3));
  const models = STAGES.map(() => r.pick(MODELS));
  const limits = STAGES.map(() => r.pick(CONTEXT_BUDGETS));
  return {
    taskFacts,
    constraints: rules,
    snapshots: true,
    turns: r.pick([1, 1, 2, 2, 3, 3, 4]),
    change: (rc, facts) => (rc.chance(0.35) ? v.change(rc, facts) : undefined),
    turn(t: Turn, at: number) {
      const { r: rt, state } = t;
      const draft = t.trace(v.service);
      const root = draft.root(`invoke_workflow ${v.workflow}`, 'server', at, { 'gen_ai.operation.name': 'invoke_workflow' });
      let c = at + pause(rt);
      let previous: { span: PlannedSpan; held: Held; sendAt: number } | undefined;
      STAGES.forEach((stage, i) => {
        const model = models[i] as Model;
        const span = agentSpan(draft, root, stage, model, c);
        let held: Held;
        if (!previous) {
          held = holding(rt, state.facts, state.constraints, v.brief(state.facts), limits[i]!);
          opening(t, span, span.startMs + 1, held);
        } else {
          held = handOff(t, {
            from: previous.span,
            to: span,
            sender: previous.held,
            contract: contractFor(v.contract, previous.held.facts),
            sendAt: previous.sendAt,
            receiveAt: span.startMs + 1,
            tokenLimit: limits[i]!,
          });
          adopt(state, held.facts);
        }
        const system = `You are the ${stage} of the ${v.workflow} workflow. ${held.constraints.map((x) => x.text).join('. ')}.`;
        let s = span.startMs + 2 + pause(rt);
        if (stage === 'researcher') {
          const calls = v.research(held.facts);
          s = chat(t, draft, span, s, { model, system, input: held.text, output: { tool: calls[0]!.tool, args: calls[0]!.args } }).endMs + pause(rt);
          for (const call of calls.slice(0, rt.int(2, 3))) s = tool(t, draft, span, s, call).endMs + pause(rt);
        }
        const answer = stage === 'writer' ? `Here is your ${v.workflow.replace('-', ' ')}. ${held.text}` : `Notes for the ${STAGES[i + 1]}: ${held.text}`;
        s = chat(t, draft, span, s, { model, system, input: stage === 'planner' ? v.request(held.facts) : held.text, output: answer }).endMs;
        // Not the last stage: the send (recorded once the next stage starts) comes just before the end checkpoint.
        const sendAt = s + 1;
        const end = holding(rt, held.facts, held.constraints, held.text, held.tokenLimit);
        checkpoint(span, s + 2, end);
        c = close(rt, span, s + 2) + pause(rt);
        previous = { span, held: end, sendAt };
      });
      close(rt, root, c);
    },
  };
};
