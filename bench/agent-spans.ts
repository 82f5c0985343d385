import { randomBytes } from 'node:crypto';
import { ExportTraceServiceRequest } from '@/ingest/otlp/schema';

/**
 * Realistic multi-agent spans for the ingest benchmark, encoded once as OTLP
 * protobuf requests: a supervisor agent per trace delegating to specialists
 * that call models (with GenAI attributes and message content) and tools,
 * and record context snapshots.
 */

type KV = { key: string; value: Record<string, unknown> };
const str = (key: string, v: string): KV => ({ key, value: { stringValue: v } });
const int = (key: string, v: number): KV => ({ key, value: { intValue: v } });

const MODELS = ['gpt-4o-2024-08-06', 'claude-sonnet-4', 'gemini-2.5-pro'];
const AGENTS = ['researcher', 'writer', 'billing', 'planner', 'critic', 'retriever'];
const TOOLS = ['web_search', 'lookup_order', 'refund', 'calendar', 'sql_query'];

const question =
  'The customer says the refund for order 48213 has not arrived after ten business days and asks whether the ' +
  'budget cap of 300 EUR still applies to the replacement shipment to Lyon. Check the order, the policy and reply.';
const systemPrompt =
  'You are a careful support specialist. Never promise refunds above the approved budget. Always keep the ' +
  'customer id and the order id in your notes. Answer in the customer language. Escalate legal threats.';

function messages(agent: string, turn: number): string {
  return JSON.stringify([
    { role: 'system', parts: [{ type: 'text', content: systemPrompt }] },
    { role: 'user', parts: [{ type: 'text', content: `${question} (turn ${turn}, routed to ${agent})` }] },
  ]);
}

interface PbSpan {
  traceId: Buffer;
  spanId: Buffer;
  parentSpanId?: Buffer;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: KV[];
  events?: { timeUnixNano: string; name: string; attributes: KV[] }[];
  status?: { code: number; message?: string };
}

/** One trace of about `target` spans, starting at `startMs`. */
function traceSpans(startMs: number, session: string, target: number): PbSpan[] {
  const traceId = randomBytes(16);
  const ns = (ms: number) => `${Math.floor(ms)}${String(Math.floor((ms % 1) * 1e6)).padStart(6, '0')}`;
  const spans: PbSpan[] = [];
  const rootId = randomBytes(8);
  const end = startMs + 4000;
  spans.push({
    traceId,
    spanId: rootId,
    name: 'invoke_agent supervisor',
    kind: 1,
    startTimeUnixNano: ns(startMs),
    endTimeUnixNano: ns(end),
    attributes: [
      str('gen_ai.operation.name', 'invoke_agent'),
      str('gen_ai.agent.name', 'supervisor'),
      str('session.id', session),
      str('user.id', `user-${session.slice(-3)}`),
    ],
  });
  let t = startMs + 5;
  let i = 0;
  while (spans.length < target) {
    const agent = AGENTS[i % AGENTS.length] as string;
    const agentId = randomBytes(8);
    const agentStart = t;
    spans.push({
      traceId,
      spanId: agentId,
      parentSpanId: rootId,
      name: `invoke_agent ${agent}`,
      kind: 1,
      startTimeUnixNano: ns(agentStart),
      endTimeUnixNano: ns(agentStart + 600),
      attributes: [str('gen_ai.operation.name', 'invoke_agent'), str('gen_ai.agent.name', agent)],
      events: [
        {
          timeUnixNano: ns(agentStart + 1),
          name: 'baton.context.snapshot',
          attributes: [
            str('baton.snapshot.phase', 'received'),
            str('baton.snapshot.facts', JSON.stringify({ customer: { id: 'C-1042', tier: 'gold' }, order: 48213, budget_eur: 300, city: 'Lyon' })),
            str('baton.snapshot.constraints', JSON.stringify(['never exceed budget', 'keep customer id'])),
            str('baton.handoff.id', `${session}-h${i}`),
          ],
        },
      ],
    });
    for (let k = 0; k < 3 && spans.length < target; k++) {
      const model = MODELS[(i + k) % MODELS.length] as string;
      spans.push({
        traceId,
        spanId: randomBytes(8),
        parentSpanId: agentId,
        name: `chat ${model}`,
        kind: 3,
        startTimeUnixNano: ns(agentStart + 10 + k * 150),
        endTimeUnixNano: ns(agentStart + 140 + k * 150),
        attributes: [
          str('gen_ai.operation.name', 'chat'),
          str('gen_ai.provider.name', 'openai'),
          str('gen_ai.request.model', model),
          str('gen_ai.response.model', model),
          int('gen_ai.usage.input_tokens', 900 + k * 37),
          int('gen_ai.usage.output_tokens', 120 + k * 11),
          str('gen_ai.input.messages', messages(agent, i)),
          str('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Checking the order and the refund policy now.' }] }])),
        ],
      });
      if (spans.length < target) {
        const tool = TOOLS[(i + k) % TOOLS.length] as string;
        spans.push({
          traceId,
          spanId: randomBytes(8),
          parentSpanId: agentId,
          name: `execute_tool ${tool}`,
          kind: 1,
          startTimeUnixNano: ns(agentStart + 142 + k * 150),
          endTimeUnixNano: ns(agentStart + 158 + k * 150),
          attributes: [
            str('gen_ai.operation.name', 'execute_tool'),
            str('gen_ai.tool.name', tool),
            str('gen_ai.tool.call.arguments', JSON.stringify({ order_id: 48213, customer_id: 'C-1042' })),
          ],
          ...(k === 2 && i % 7 === 0 ? { status: { code: 2, message: 'upstream timeout' } } : {}),
        });
      }
    }
    t += 620;
    i++;
  }
  return spans;
}

/** `count` distinct OTLP protobuf requests of `spansPerRequest` spans each. */
export function encodeRequests(count: number, spansPerRequest: number, spansPerTrace = 32): Buffer[] {
  const now = Date.now() - 3_600_000;
  const requests: Buffer[] = [];
  for (let r = 0; r < count; r++) {
    const spans: PbSpan[] = [];
    for (let t = 0; spans.length < spansPerRequest; t++) {
      spans.push(...traceSpans(now + r * 1000 + t * 10, `sess-${r}-${t % 4}`, Math.min(spansPerTrace, spansPerRequest - spans.length)));
    }
    const message = ExportTraceServiceRequest.fromObject({
      resourceSpans: [
        {
          // What a Python OpenTelemetry SDK sends by default, plus the usual deployment attributes.
          resource: {
            attributes: [
              str('service.name', 'support-agents'),
              str('service.version', '2.14.0'),
              str('deployment.environment', 'prod'),
              str('host.name', `agents-${r % 4}`),
              str('telemetry.sdk.language', 'python'),
              str('telemetry.sdk.name', 'opentelemetry'),
              str('telemetry.sdk.version', '1.38.0'),
            ],
          },
          scopeSpans: [{ scope: { name: 'opentelemetry.instrumentation.openai_agents', version: '0.1.0' }, spans }],
        },
      ],
    });
    requests.push(Buffer.from(ExportTraceServiceRequest.encode(message).finish()));
  }
  return requests;
}
