import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Anthropic Messages API (`POST /v1/messages`) on
 * 127.0.0.1: it answers every request from a script the test gives it, as
 * the API would (a JSON message, or its server-sent events when the request
 * asks to stream), and records every request it got. Nothing leaves the
 * machine.
 */

export interface Usage {
  input: number;
  output: number;
}

export type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface Reply {
  content: Block[];
  usage: Usage;
}

export interface MessagesRequest {
  path: string;
  model: string;
  stream: boolean;
  system: string;
  messages: { role: string; content: unknown }[];
  tools: string[];
}

export interface MessagesApi {
  readonly url: string;
  /** Every request, in the order it came. */
  requests(): MessagesRequest[];
  close(): Promise<void>;
}

const textOf = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) ? value.map((b) => (b && typeof b === 'object' && 'text' in b ? String(b.text) : '')).join('\n') : '';

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function message(id: string, model: string, reply: Reply) {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: reply.content,
    stop_reason: reply.content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: reply.usage.input, output_tokens: reply.usage.output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

/** The server-sent events of one streamed message, as the API sends them. */
function events(id: string, model: string, reply: Reply): string {
  const full = message(id, model, reply);
  const out: [string, unknown][] = [['message_start', { type: 'message_start', message: { ...full, content: [], stop_reason: null, usage: { ...full.usage, output_tokens: 1 } } }]];
  reply.content.forEach((block, index) => {
    if (block.type === 'text') {
      out.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }]);
      out.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } }]);
    } else {
      out.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } }]);
      out.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } }]);
    }
    out.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  out.push(['message_delta', { type: 'message_delta', delta: { stop_reason: full.stop_reason, stop_sequence: null }, usage: { output_tokens: reply.usage.output } }]);
  out.push(['message_stop', { type: 'message_stop' }]);
  return out.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
}

/** Starts the stand-in; `answer` gives the reply to each Messages request (undefined: a 400 error). */
export async function startMessagesApi(answer: (req: MessagesRequest, n: number) => Reply | undefined): Promise<MessagesApi> {
  const seen: MessagesRequest[] = [];
  const server: Server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const request: MessagesRequest = {
        path,
        model: String(body.model ?? ''),
        stream: body.stream === true,
        system: textOf(body.system),
        messages: Array.isArray(body.messages) ? (body.messages as MessagesRequest['messages']) : [],
        tools: Array.isArray(body.tools) ? (body.tools as { name?: string }[]).map((t) => String(t.name ?? '')) : [],
      };
      seen.push(request);
      const reply = path === '/v1/messages' && req.method === 'POST' ? answer(request, seen.length) : undefined;
      if (!reply) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: `no scripted answer for ${req.method} ${path}` } }));
        return;
      }
      const id = `msg_scripted_${seen.length}`;
      if (request.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.end(events(id, request.model, reply));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(message(id, request.model, reply)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...seen],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
