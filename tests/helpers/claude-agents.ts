import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { query as sdkQuery, SDKMessage } from '@anthropic-ai/claude-agent-sdk';
import { startMessagesApi, type MessagesApi, type MessagesRequest, type Reply, type Usage } from './anthropic-stand-in';

/**
 * A billing desk written with the Claude Agent SDK: a main agent with one
 * programmatic sub-agent, `invoice-checker` (`options.agents`), that it
 * delegates to through the SDK's `Agent` tool; the sub-agent reads the
 * invoice file with the built-in `Read` tool and reports back, and the main
 * agent answers. The SDK runs the Claude Code CLI it ships, pointed at a local
 * stand-in for the Messages API (`ANTHROPIC_BASE_URL`, a made-up API key)
 * that scripts both agents' replies, with a fresh home and working directory
 * and no settings files: no network, no login. Nothing here knows Baton.
 */

export const MODELS = { main: 'claude-scripted-main-1', checker: 'claude-scripted-checker-1' } as const;
export const SUBAGENT = 'invoice-checker';
export const INVOICE = { order: 48213, charges: [120, 120], currency: 'EUR' };

export const USAGE = {
  mainDelegate: { input: 1200, output: 60 },
  checkerRead: { input: 800, output: 30 },
  checkerReport: { input: 950, output: 45 },
  mainAnswer: { input: 1400, output: 70 },
} satisfies Record<string, Usage>;

export const QUESTION = 'Was order 48213 charged twice?';
export const REPORT = 'Order 48213 has two charges of 120 EUR; the second is a duplicate.';
export const ANSWER = 'Yes: order 48213 was charged twice (2 × 120 EUR); the second charge is a duplicate.';
/** The main agent's call of the `Agent` tool: in the foreground, as its next step needs the report (the CLI runs agents in the background unless told not to). */
export const DELEGATION = { description: 'Check order 48213', prompt: 'Check the invoice of order 48213 for duplicate charges.', subagent_type: SUBAGENT, run_in_background: false };

const MAIN_PROMPT = 'You are the billing desk. Delegate invoice checks to the invoice-checker agent, then answer.';
const CHECKER_PROMPT = 'You are the invoice checker. Read the invoice file and report duplicate charges.';

/** How many tool results a request's conversation carries: the step its agent is at. */
const toolResults = (req: MessagesRequest) =>
  req.messages.filter((m) => m.role === 'user' && Array.isArray(m.content) && (m.content as { type?: string }[]).some((b) => b.type === 'tool_result')).length;

export interface ClaudeDesk {
  readonly api: MessagesApi;
  readonly invoiceFile: string;
  run(query: typeof sdkQuery): Promise<{ answer: string; messages: SDKMessage[]; stderr: string }>;
  close(): Promise<void>;
}

export async function claudeDesk(): Promise<ClaudeDesk> {
  const home = mkdtempSync(path.join(tmpdir(), 'baton-claude-'));
  const invoiceFile = path.join(home, 'invoice-48213.json');
  writeFileSync(invoiceFile, JSON.stringify(INVOICE));
  const scripts: Record<string, (step: number) => Reply | undefined> = {
    [MODELS.main]: (step) =>
      [
        { content: [{ type: 'tool_use', id: 'toolu_main_1', name: 'Agent', input: DELEGATION }], usage: USAGE.mainDelegate },
        { content: [{ type: 'text', text: ANSWER }], usage: USAGE.mainAnswer },
      ][step] as Reply | undefined,
    [MODELS.checker]: (step) =>
      [
        { content: [{ type: 'tool_use', id: 'toolu_checker_1', name: 'Read', input: { file_path: invoiceFile } }], usage: USAGE.checkerRead },
        { content: [{ type: 'text', text: REPORT }], usage: USAGE.checkerReport },
      ][step] as Reply | undefined,
  };
  const api = await startMessagesApi((req) => scripts[req.model]?.(toolResults(req)));
  return {
    api,
    invoiceFile,
    async run(query) {
      let stderr = '';
      const messages: SDKMessage[] = [];
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: home,
        CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
        // The CLI keeps sub-agent transcripts under the temporary directory: keep them in the desk's own.
        TMPDIR: home,
        ANTHROPIC_BASE_URL: api.url,
        ANTHROPIC_API_KEY: 'scripted-key',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_AUTOUPDATER: '1',
      };
      const options = {
        cwd: home,
        env,
        settingSources: [],
        systemPrompt: MAIN_PROMPT,
        model: MODELS.main,
        allowedTools: ['Agent', 'Read'],
        agents: { [SUBAGENT]: { description: 'Checks an order’s invoice for duplicate charges.', prompt: CHECKER_PROMPT, tools: ['Read'], model: MODELS.checker } },
        stderr: (d: string) => (stderr += d),
      };
      for await (const m of query({ prompt: QUESTION, options })) messages.push(m);
      const result = messages.find((m) => m.type === 'result');
      return { answer: result && 'result' in result ? result.result : '', messages, stderr };
    },
    async close() {
      await api.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
