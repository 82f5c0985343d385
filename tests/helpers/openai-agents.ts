import { Agent, OpenAIProvider, Runner, tool } from '@openai/agents';
import OpenAI from 'openai';
import { z } from 'zod';

/**
 * A support desk written with the OpenAI Agents SDK: a triage agent that hands
 * the conversation to a billing agent (an SDK handoff), which looks an invoice
 * up with a function tool and answers. The models are the SDK's own Chat
 * Completions adapter over a real `openai` client whose `fetch` answers from a
 * script: the SDK, its tracing and the client run for real; only the HTTP
 * exchange with the provider is replaced (no network). Nothing here knows Baton.
 */

export const MODELS = { triage: 'scripted-triage-1', billing: 'scripted-billing-1' } as const;
export const AGENTS = { triage: 'Triage agent', billing: 'Billing agent' } as const;

export interface Usage {
  input: number;
  output: number;
}

/** The usage each completion reports, in call order. */
export const USAGE = {
  triageHandoff: { input: 180, output: 9 },
  billingLookup: { input: 240, output: 16 },
  billingAnswer: { input: 320, output: 35 },
} satisfies Record<string, Usage>;

export const QUESTION = 'Why was I charged twice for order 48213?';
export const ANSWER = 'Order 48213 was charged twice (2 × 120 EUR); the second charge is a duplicate.';

export type Reply = { usage: Usage } & ({ call: { name: string; args: Record<string, unknown> } } | { text: string });

/** A Chat Completions response body, as the provider sends it. */
function completion(model: string, n: number, reply: Reply) {
  const message =
    'call' in reply
      ? { role: 'assistant', content: null, tool_calls: [{ id: `call-${model}-${n}`, type: 'function', function: { name: reply.call.name, arguments: JSON.stringify(reply.call.args) } }] }
      : { role: 'assistant', content: reply.text };
  return {
    id: `chatcmpl-${model}-${n}`,
    object: 'chat.completion',
    created: 1_760_000_000 + n,
    model,
    choices: [{ index: 0, message, finish_reason: 'call' in reply ? 'tool_calls' : 'stop', logprobs: null }],
    usage: { prompt_tokens: reply.usage.input, completion_tokens: reply.usage.output, total_tokens: reply.usage.input + reply.usage.output },
  };
}

/** A `fetch` that answers Chat Completions requests from per-model scripts, and refuses anything else. */
export function scriptedFetch(scripts: Record<string, Reply[]>, calls: Record<string, number>): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { model?: string };
    const model = body.model ?? '';
    const n = calls[model] ?? 0;
    const reply = url.endsWith('/chat/completions') ? scripts[model]?.[n] : undefined;
    if (!reply) return new Response(JSON.stringify({ error: { message: `no scripted answer for ${model} call ${n + 1} (${url})` } }), { status: 400 });
    calls[model] = n + 1;
    return new Response(JSON.stringify(completion(model, n + 1, reply)), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

/** A desk of agents on scripted models. */
export interface ScriptedDesk {
  run(): Promise<string>;
  /** Completions each scripted model served. */
  calls(): Record<string, number>;
}

/** Runs `question` from the `start` agent, every model answered by `scripts` through the SDK's Chat Completions provider. */
export function scriptedDesk(o: { scripts: Record<string, Reply[]>; start: Agent; workflowName: string; question: string }): ScriptedDesk {
  const calls: Record<string, number> = {};
  const client = new OpenAI({ apiKey: 'scripted', baseURL: 'http://scripted.invalid/v1', maxRetries: 0, fetch: scriptedFetch(o.scripts, calls) });
  const runner = new Runner({ modelProvider: new OpenAIProvider({ openAIClient: client, useResponses: false }), workflowName: o.workflowName });
  return {
    async run() {
      const result = await runner.run(o.start, o.question);
      return String(result.finalOutput ?? '');
    },
    calls: () => ({ ...calls }),
  };
}

/** The function tool both desks' billing agents use. */
export const lookupInvoice = (name: string) =>
  tool({
    name,
    description: 'Look an order’s invoice up.',
    parameters: z.object({ order: z.number() }),
    execute: async ({ order }) => JSON.stringify({ order, charges: [120, 120], currency: 'EUR' }),
  });

export function supportDesk(): ScriptedDesk {
  const billing = new Agent({ name: AGENTS.billing, instructions: 'You answer billing questions.', model: MODELS.billing, tools: [lookupInvoice('lookup_invoice')] });
  const triage = new Agent({ name: AGENTS.triage, instructions: 'Route billing questions to the billing agent.', model: MODELS.triage, handoffs: [billing] });
  return scriptedDesk({
    scripts: {
      [MODELS.triage]: [{ call: { name: 'transfer_to_Billing_agent', args: {} }, usage: USAGE.triageHandoff }],
      [MODELS.billing]: [
        { call: { name: 'lookup_invoice', args: { order: 48213 } }, usage: USAGE.billingLookup },
        { text: ANSWER, usage: USAGE.billingAnswer },
      ],
    },
    start: triage,
    workflowName: 'Support desk',
    question: QUESTION,
  });
}
