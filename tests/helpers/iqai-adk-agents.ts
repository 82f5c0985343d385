import { BaseLlm, InMemoryRunner, LlmAgent, LlmResponse, createTool, type LlmRequest } from '@iqai/adk';
import { z } from 'zod';

/**
 * A support desk written with IQ AI's ADK-TS (`@iqai/adk`) as its docs show:
 * a `coordinator` LlmAgent with a sub-agent, `billing_agent`, which it hands
 * the conversation to with ADK-TS's own `transfer_to_agent` tool; the billing
 * agent looks the invoice up with a tool and answers. Each agent runs on a
 * scripted model (a `BaseLlm` subclass implementing `generateContentAsyncImpl`,
 * ADK-TS's extension point for models; no network). Nothing in it knows Baton.
 */

export const AGENTS = { coordinator: 'coordinator', billing: 'billing_agent' } as const;
export const MODELS = { coordinator: 'scripted-coordinator-1', billing: 'scripted-billing-1' } as const;

export interface Usage {
  input: number;
  output: number;
}

/** The usage each model call reports (`usageMetadata`), in call order. */
export const USAGE = {
  coordinatorToBilling: { input: 200, output: 10 },
  billingLookup: { input: 260, output: 18 },
  billingAnswer: { input: 330, output: 27 },
} satisfies Record<string, Usage>;

export const QUESTION = 'Why was I charged twice for order 48213?';
export const ANSWER = 'Order 48213 shows two charges of 120 EUR; the second is a pending authorisation that will drop off.';

type Step = { usage: Usage } & ({ call: { name: string; args: Record<string, unknown> } } | { text: string });

/** An ADK-TS model that answers from a script: each call yields the next step, with the usage a provider reports. */
class ScriptedLlm extends BaseLlm {
  private calls = 0;

  constructor(
    model: string,
    private readonly script: readonly Step[],
  ) {
    super(model);
  }

  get callCount(): number {
    return this.calls;
  }

  protected async *generateContentAsyncImpl(_request: LlmRequest): AsyncGenerator<LlmResponse, void, unknown> {
    const step = this.script[this.calls];
    if (!step) throw new Error(`${this.model}: no scripted answer for call ${this.calls + 1}`);
    this.calls++;
    const usageMetadata = { promptTokenCount: step.usage.input, candidatesTokenCount: step.usage.output, totalTokenCount: step.usage.input + step.usage.output };
    const part = 'call' in step ? { functionCall: { id: `call-${this.model}-${this.calls}`, name: step.call.name, args: step.call.args } } : { text: step.text };
    yield new LlmResponse({ content: { role: 'model', parts: [part] }, usageMetadata, turnComplete: true, finishReason: 'STOP' });
  }
}

export interface SupportDesk {
  /** Runs one request as the user in the session; resolves with the final answer. */
  run(userId: string, sessionId: string): Promise<string>;
  calls(): Record<keyof typeof MODELS, number>;
}

export function supportDesk(): SupportDesk {
  const lookupInvoice = createTool({
    name: 'lookup_invoice',
    description: 'Look an order’s invoice up.',
    schema: z.object({ order: z.number() }),
    fn: ({ order }) => ({ order, charges: [120, 120], currency: 'EUR', second: 'pending authorisation' }),
  });
  const coordinatorModel = new ScriptedLlm(MODELS.coordinator, [
    { call: { name: 'transfer_to_agent', args: { agent_name: AGENTS.billing } }, usage: USAGE.coordinatorToBilling },
  ]);
  const billingModel = new ScriptedLlm(MODELS.billing, [
    { call: { name: 'lookup_invoice', args: { order: 48213 } }, usage: USAGE.billingLookup },
    { text: ANSWER, usage: USAGE.billingAnswer },
  ]);
  const billing = new LlmAgent({ name: AGENTS.billing, description: 'Checks invoices and charges.', model: billingModel, instruction: 'You check invoices.', tools: [lookupInvoice] });
  const coordinator = new LlmAgent({
    name: AGENTS.coordinator,
    description: 'Routes support requests.',
    model: coordinatorModel,
    instruction: 'You route support requests: invoices and charges to billing_agent.',
    subAgents: [billing],
  });
  const runner = new InMemoryRunner(coordinator, { appName: 'support-desk' });
  return {
    async run(userId, sessionId) {
      await runner.sessionService.createSession('support-desk', userId, {}, sessionId);
      let answer = '';
      for await (const event of runner.runAsync({ userId, sessionId, newMessage: { role: 'user', parts: [{ text: QUESTION }] } })) {
        const text = event.content?.parts?.map((p) => p.text ?? '').join('');
        if (text) answer = text;
      }
      return answer;
    },
    calls: () => ({ coordinator: coordinatorModel.callCount, billing: billingModel.callCount }),
  };
}
