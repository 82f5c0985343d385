import { BaseChatModel, type BaseChatModelCallOptions, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { AIMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';

/**
 * A LangChain chat model that answers from a script instead of a provider:
 * each call returns the next step, a tool call or a text, with the usage a
 * provider would report. It binds tools as provider models do (the tools go
 * into the call options), so LangGraph's prebuilt agents accept it. No network.
 */

export interface Usage {
  input: number;
  output: number;
}

/** One scripted model answer: a tool call, or a final text. */
export type Step = { usage: Usage } & ({ call: { name: string; args: Record<string, unknown> } } | { text: string });

interface ScriptedCallOptions extends BaseChatModelCallOptions {
  tools?: ReturnType<typeof convertToOpenAITool>[];
}

export class ScriptedChatModel extends BaseChatModel<ScriptedCallOptions> {
  private calls = 0;

  constructor(
    readonly model: string,
    private readonly script: readonly Step[],
  ) {
    super({});
  }

  _llmType(): string {
    return 'scripted';
  }

  /** What a provider model reports as its invocation parameters; tracers read the model name here. */
  override invocationParams(): { model: string } {
    return { model: this.model };
  }

  override bindTools(tools: BindToolsInput[]) {
    return this.withConfig({ tools: tools.map((t) => convertToOpenAITool(t)) });
  }

  /** Model calls made so far. */
  get callCount(): number {
    return this.calls;
  }

  async _generate(): Promise<ChatResult> {
    const step = this.script[this.calls];
    if (!step) throw new Error(`${this.model}: no scripted answer for call ${this.calls + 1}`);
    this.calls++;
    const usage_metadata = { input_tokens: step.usage.input, output_tokens: step.usage.output, total_tokens: step.usage.input + step.usage.output };
    const message =
      'call' in step
        ? new AIMessage({ content: '', tool_calls: [{ id: `call-${this.model}-${this.calls}`, name: step.call.name, args: step.call.args, type: 'tool_call' }], usage_metadata })
        : new AIMessage({ content: step.text, usage_metadata });
    // The usage also goes where provider models put it for tracers that read the run's `llmOutput` (as ChatOpenAI does).
    const tokenUsage = { promptTokens: step.usage.input, completionTokens: step.usage.output, totalTokens: step.usage.input + step.usage.output };
    return { generations: [{ message, text: 'text' in step ? step.text : '' }], llmOutput: { tokenUsage } };
  }
}
