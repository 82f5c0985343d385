import { BaseLlm, FunctionTool, InMemoryRunner, LlmAgent, type BaseLlmConnection, type LlmRequest, type LlmResponse } from '@google/adk';
import { z } from 'zod';

/**
 * A support desk written with Google's Agent Development Kit (`@google/adk`)
 * as its docs show: a `coordinator` LlmAgent with two sub-agents
 * (`billing_agent`, `refunds_agent`), which it hands the conversation to with
 * ADK's own `transfer_to_agent` tool; each agent on a scripted model (a
 * `BaseLlm` subclass, ADK's extension point for models; no network). Nothing
 * in it knows Baton.
 */

export const AGENTS = { coordinator: 'coordinator', billing: 'billing_agent', refunds: 'refunds_agent' } as const;
export const MODELS = { coordinator: 'scripted-coordinator-1', billing: 'scripted-billing-1', refunds: 'scripted-refunds-1' } as const;

export interface Usage {
  input: number;
  output: number;
}

/** The usage each model call reports, in call order. */
export const USAGE = {
  coordinatorToBilling: { input: 200, output: 10 },
  billingLookup: { input: 260, output: 18 },
  billingToRefunds: { input: 330, output: 9 },
  refundsIssue: { input: 350, output: 21 },
  refundsAnswer: { input: 420, output: 33 },
} satisfies Record<string, Usage>;

export const QUESTION = 'I was charged twice for order 48213. Please refund the duplicate.';
export const ANSWER = 'Order 48213 was charged twice; the duplicate 120 EUR has been refunded (R-9001).';

type Step = { usage: Usage } & ({ call: { name: string; args: Record<string, unknown> } } | { text: string });

/** An ADK model that answers from a script: each call yields the next step, with the usage a provider reports. */
class ScriptedLlm extends BaseLlm {
  private calls = 0;

  constructor(
    model: string,
    private readonly script: readonly Step[],
  ) {
    super({ model });
  }

  get callCount(): number {
    return this.calls;
  }

  async *generateContentAsync(_request: LlmRequest): AsyncGenerator<LlmResponse, void> {
    const step = this.script[this.calls];
    if (!step) throw new Error(`${this.model}: no scripted answer for call ${this.calls + 1}`);
    this.calls++;
    const usageMetadata = { promptTokenCount: step.usage.input, candidatesTokenCount: step.usage.output, totalTokenCount: step.usage.input + step.usage.output };
    const part = 'call' in step ? { functionCall: { id: `call-${this.model}-${this.calls}`, name: step.call.name, args: step.call.args } } : { text: step.text };
    yield { content: { role: 'model', parts: [part] }, usageMetadata, modelVersion: this.model, turnComplete: true };
  }

  async connect(): Promise<BaseLlmConnection> {
    throw new Error('live connections are not scripted');
  }
}

export interface SupportDesk {
  /** Runs one request as the user in the session; resolves with the final answer. */
  run(userId: string, sessionId: string): Promise<string>;
  calls(): Record<keyof typeof MODELS, number>;
}

export function supportDesk(): SupportDesk {
  const lookupInvoice = new FunctionTool({
    name: 'lookup_invoice',
    description: 'Look an order’s invoice up.',
    parameters: z.object({ order: z.number() }),
    execute: async ({ order }) => ({ order, charges: [120, 120], currency: 'EUR' }),
  });
  const issueRefund = new FunctionTool({
    name: 'issue_refund',
    description: 'Refund an amount on an order.',
    parameters: z.object({ order: z.number(), amount: z.number() }),
    execute: async ({ order, amount }) => ({ order, amount, refund: 'R-9001' }),
  });
  const transfer = (agent: string, usage: Usage): Step => ({ call: { name: 'transfer_to_agent', args: { agentName: agent } }, usage });
  const coordinatorModel = new ScriptedLlm(MODELS.coordinator, [transfer(AGENTS.billing, USAGE.coordinatorToBilling)]);
  const billingModel = new ScriptedLlm(MODELS.billing, [
    { call: { name: 'lookup_invoice', args: { order: 48213 } }, usage: USAGE.billingLookup },
    transfer(AGENTS.refunds, USAGE.billingToRefunds),
  ]);
  const refundsModel = new ScriptedLlm(MODELS.refunds, [
    { call: { name: 'issue_refund', args: { order: 48213, amount: 120 } }, usage: USAGE.refundsIssue },
    { text: ANSWER, usage: USAGE.refundsAnswer },
  ]);
  const billing = new LlmAgent({ name: AGENTS.billing, description: 'Checks invoices.', model: billingModel, instruction: 'You check invoices.', tools: [lookupInvoice] });
  const refunds = new LlmAgent({ name: AGENTS.refunds, description: 'Issues refunds.', model: refundsModel, instruction: 'You issue refunds.', tools: [issueRefund] });
  const coordinator = new LlmAgent({
    name: AGENTS.coordinator,
    model: coordinatorModel,
    instruction: 'You route support requests: invoices to billing_agent, refunds to refunds_agent.',
    subAgents: [billing, refunds],
  });
  const runner = new InMemoryRunner({ agent: coordinator, appName: 'support-desk' });
  return {
    async run(userId, sessionId) {
      await runner.sessionService.createSession({ appName: 'support-desk', userId, sessionId });
      let answer = '';
      for await (const event of runner.runAsync({ userId, sessionId, newMessage: { role: 'user', parts: [{ text: QUESTION }] } })) {
        const text = event.content?.parts?.map((p) => p.text ?? '').join('');
        if (text) answer = text;
      }
      return answer;
    },
    calls: () => ({ coordinator: coordinatorModel.callCount, billing: billingModel.callCount, refunds: refundsModel.callCount }),
  };
}
