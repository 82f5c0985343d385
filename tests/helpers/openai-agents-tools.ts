import { Agent } from '@openai/agents';
import { lookupInvoice, scriptedDesk, type ScriptedDesk, type Usage } from './openai-agents';

/**
 * A research desk written with the OpenAI Agents SDK's agents-as-tools
 * pattern: an orchestrator agent calls two specialist agents through
 * `agent.asTool(...)` (the orchestrator keeps the conversation; each
 * specialist runs on the input the orchestrator's model gives it and returns
 * its answer as the tool's result). The billing specialist looks an invoice up
 * with a function tool first. The models are the SDK's Chat Completions
 * adapter over a real `openai` client whose `fetch` answers from a script (no
 * network). Nothing here knows Baton.
 */

export const MODELS = { orchestrator: 'scripted-orchestrator-1', billing: 'scripted-billing-2', shipping: 'scripted-shipping-1' } as const;
export const AGENTS = { orchestrator: 'Orchestrator', billing: 'Billing specialist', shipping: 'Shipping specialist' } as const;
export const TOOLS = { billing: 'ask_billing', shipping: 'ask_shipping', lookup: 'lookup_invoice' } as const;

/** The usage each completion reports, in call order. */
export const USAGE = {
  orchestratorBilling: { input: 210, output: 14 },
  billingLookup: { input: 150, output: 12 },
  billingAnswer: { input: 190, output: 22 },
  orchestratorShipping: { input: 260, output: 15 },
  shippingAnswer: { input: 120, output: 18 },
  orchestratorAnswer: { input: 330, output: 41 },
} satisfies Record<string, Usage>;

export const QUESTION = 'Was order 48213 charged twice, and when does it ship?';
export const BILLING_ANSWER = 'Yes: 2 × 120 EUR; the second charge is a duplicate.';
export const SHIPPING_ANSWER = 'Order 48213 ships on Tuesday.';
export const ANSWER = 'Order 48213 was charged twice (the second 120 EUR is a duplicate) and ships on Tuesday.';

export function researchDesk(): ScriptedDesk {
  const billing = new Agent({ name: AGENTS.billing, instructions: 'You answer billing questions.', model: MODELS.billing, tools: [lookupInvoice(TOOLS.lookup)] });
  const shipping = new Agent({ name: AGENTS.shipping, instructions: 'You answer shipping questions.', model: MODELS.shipping });
  const orchestrator = new Agent({
    name: AGENTS.orchestrator,
    instructions: 'Ask the specialists, then answer the customer.',
    model: MODELS.orchestrator,
    tools: [
      billing.asTool({ toolName: TOOLS.billing, toolDescription: 'Ask the billing specialist.' }),
      shipping.asTool({ toolName: TOOLS.shipping, toolDescription: 'Ask the shipping specialist.' }),
    ],
  });
  return scriptedDesk({
    scripts: {
      [MODELS.orchestrator]: [
        { call: { name: TOOLS.billing, args: { input: 'Was order 48213 charged twice?' } }, usage: USAGE.orchestratorBilling },
        { call: { name: TOOLS.shipping, args: { input: 'When does order 48213 ship?' } }, usage: USAGE.orchestratorShipping },
        { text: ANSWER, usage: USAGE.orchestratorAnswer },
      ],
      [MODELS.billing]: [
        { call: { name: TOOLS.lookup, args: { order: 48213 } }, usage: USAGE.billingLookup },
        { text: BILLING_ANSWER, usage: USAGE.billingAnswer },
      ],
      [MODELS.shipping]: [{ text: SHIPPING_ANSWER, usage: USAGE.shippingAnswer }],
    },
    start: orchestrator,
    workflowName: 'Research desk',
    question: QUESTION,
  });
}
