import { tool } from '@langchain/core/tools';
import { createSupervisor } from '@langchain/langgraph-supervisor';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { z } from 'zod';
import { ScriptedChatModel, type Usage } from './scripted-chat-model';

/**
 * A support desk written with LangGraph's prebuilt agents, as its docs show:
 * two `createReactAgent` workers (billing_expert, refunds_expert) under a
 * `createSupervisor` supervisor, each on a scripted chat model (no network).
 * The supervisor hands the request to billing_expert, which looks the invoice
 * up, then to refunds_expert, which issues the refund, then answers. Nothing
 * in it knows Baton.
 */

export const MODELS = { supervisor: 'scripted-supervisor-1', billing: 'scripted-billing-1', refunds: 'scripted-refunds-1' } as const;

/** The usage each model call reports, in call order per model. */
export const USAGE = {
  supervisorToBilling: { input: 300, output: 12 },
  supervisorToRefunds: { input: 420, output: 14 },
  supervisorAnswer: { input: 510, output: 40 },
  billingLookup: { input: 150, output: 20 },
  billingAnswer: { input: 210, output: 30 },
  refundsIssue: { input: 160, output: 22 },
  refundsAnswer: { input: 230, output: 28 },
} satisfies Record<string, Usage>;

export const QUESTION = 'I was charged twice for order 48213. Please refund the duplicate.';
export const ANSWER = 'Order 48213 was charged twice; the duplicate 120 EUR has been refunded (R-9001).';

export interface SupportDesk {
  /** Runs one request through the supervisor graph; resolves with the final answer. */
  run(threadId: string): Promise<string>;
  /** Model calls each scripted model made. */
  calls(): Record<keyof typeof MODELS, number>;
}

/** The error the invoice service fails with, when told to (a real tool error, which LangGraph's ToolNode reports to the model). */
export const LOOKUP_FAILURE = 'invoice service unavailable';

export function supportDesk(options: { lookupFails?: boolean } = {}): SupportDesk {
  const lookupInvoice = tool(
    async ({ order }) => {
      if (options.lookupFails) throw new Error(LOOKUP_FAILURE);
      return JSON.stringify({ order, charges: [120, 120], currency: 'EUR' });
    },
    {
      name: 'lookup_invoice',
      description: 'Look an order’s invoice up.',
      schema: z.object({ order: z.number() }),
    },
  );
  const issueRefund = tool(async ({ order, amount }) => JSON.stringify({ order, amount, refund: 'R-9001' }), {
    name: 'issue_refund',
    description: 'Refund an amount on an order.',
    schema: z.object({ order: z.number(), amount: z.number() }),
  });
  const billingModel = new ScriptedChatModel(MODELS.billing, [
    { call: { name: 'lookup_invoice', args: { order: 48213 } }, usage: USAGE.billingLookup },
    { text: 'Order 48213 was charged twice: 2 × 120 EUR.', usage: USAGE.billingAnswer },
  ]);
  const refundsModel = new ScriptedChatModel(MODELS.refunds, [
    { call: { name: 'issue_refund', args: { order: 48213, amount: 120 } }, usage: USAGE.refundsIssue },
    { text: 'Refunded 120 EUR on order 48213 (R-9001).', usage: USAGE.refundsAnswer },
  ]);
  const supervisorModel = new ScriptedChatModel(MODELS.supervisor, [
    { call: { name: 'transfer_to_billing_expert', args: {} }, usage: USAGE.supervisorToBilling },
    { call: { name: 'transfer_to_refunds_expert', args: {} }, usage: USAGE.supervisorToRefunds },
    { text: ANSWER, usage: USAGE.supervisorAnswer },
  ]);
  const billing = createReactAgent({ llm: billingModel, tools: [lookupInvoice], name: 'billing_expert', prompt: 'You check invoices.' });
  const refunds = createReactAgent({ llm: refundsModel, tools: [issueRefund], name: 'refunds_expert', prompt: 'You issue refunds.' });
  const app = createSupervisor({
    agents: [billing, refunds],
    llm: supervisorModel,
    prompt: 'You route support requests: invoices to billing_expert, refunds to refunds_expert.',
  }).compile();
  return {
    async run(threadId) {
      const result = await app.invoke({ messages: [{ role: 'user', content: QUESTION }] }, { configurable: { thread_id: threadId } });
      const last = result.messages.at(-1);
      return typeof last?.content === 'string' ? last.content : '';
    },
    calls: () => ({ supervisor: supervisorModel.callCount, billing: billingModel.callCount, refunds: refundsModel.callCount }),
  };
}
