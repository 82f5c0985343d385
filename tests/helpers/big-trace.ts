import { randomBytes } from 'node:crypto';

/**
 * One very large agent trace as an OTLP/JSON request: an orchestrator agent
 * delegating to worker agents, each calling a model and tools, in the OTel
 * GenAI conventions. For the trace page's browser test and the UI benchmark.
 */

export interface BigTrace {
  traceId: string;
  body: string;
  spans: number;
  /** Agent invocations: the orchestrator and its workers. */
  agents: number;
  /** The name of the span the waterfall lists last. */
  lastSpanName: string;
}

type Attr = { key: string; value: { stringValue: string } | { intValue: string } };
const str = (key: string, v: string): Attr => ({ key, value: { stringValue: v } });
const int = (key: string, v: number): Attr => ({ key, value: { intValue: String(v) } });
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export const LAST_SPAN_NAME = 'execute_tool publish_final_report';

/** `workerName` names each worker agent (by index from 0); by default `worker-1`, `worker-2`, … */
export function bigTrace(options: { spans?: number; workers?: number; startMs?: number; workerName?: (index: number) => string } = {}): BigTrace {
  const workerName = options.workerName ?? ((w: number) => `worker-${w + 1}`);
  const total = options.spans ?? 10_000;
  const workers = options.workers ?? 9;
  const traceId = hex(16);
  const startNs = BigInt(options.startMs ?? Date.now() - 10 * 60_000) * 1_000_000n;
  const spans: object[] = [];
  let clock = startNs;
  const tick = (ns: bigint) => (clock += ns);
  const span = (spanId: string, parent: string, name: string, start: bigint, durationNs: bigint, attributes: Attr[], error = false) =>
    spans.push({
      traceId,
      spanId,
      parentSpanId: parent,
      name,
      kind: 1,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + durationNs),
      attributes,
      status: error ? { code: 2, message: 'tool failed: upstream 503' } : { code: 0 },
    });

  const rootId = hex(8);
  const perWorker = Math.floor((total - 1 - workers) / workers);
  const extra = total - 1 - workers - perWorker * workers;
  const rootStart = tick(0n);
  for (let w = 0; w < workers; w++) {
    const workerId = hex(8);
    const workerStart = tick(1_000_000n);
    const children = perWorker + (w === workers - 1 ? extra : 0);
    for (let c = 0; c < children; c++) {
      const last = w === workers - 1 && c === children - 1;
      const start = tick(2_000_000n);
      const llm = c % 2 === 0 && !last;
      span(
        hex(8),
        workerId,
        last ? LAST_SPAN_NAME : llm ? 'chat gpt-4o-mini' : `execute_tool search_${c % 7}`,
        start,
        1_500_000n,
        llm
          ? [str('gen_ai.operation.name', 'chat'), str('gen_ai.request.model', 'gpt-4o-mini'), int('gen_ai.usage.input_tokens', 400 + (c % 50)), int('gen_ai.usage.output_tokens', 60)]
          : [str('gen_ai.operation.name', 'execute_tool'), str('gen_ai.tool.name', last ? 'publish_final_report' : `search_${c % 7}`)],
        !llm && c % 997 === 1,
      );
    }
    span(workerId, rootId, `invoke_agent ${workerName(w)}`, workerStart, clock - workerStart + 1_000_000n, [
      str('gen_ai.operation.name', 'invoke_agent'),
      str('gen_ai.agent.name', workerName(w)),
    ]);
  }
  span(rootId, '', 'invoke_agent orchestrator', rootStart, clock - rootStart + 5_000_000n, [
    str('gen_ai.operation.name', 'invoke_agent'),
    str('gen_ai.agent.name', 'orchestrator'),
    str('session.id', `big-${traceId.slice(0, 8)}`),
  ]);
  const body = JSON.stringify({
    resourceSpans: [{ resource: { attributes: [str('service.name', 'big-agents')] }, scopeSpans: [{ scope: { name: 'baton-bench', version: '1' }, spans }] }],
  });
  return { traceId, body, spans: spans.length, agents: workers + 1, lastSpanName: LAST_SPAN_NAME };
}

/** Sends the trace to a Baton's OTLP/HTTP receiver (acknowledged after the write). */
export async function sendBigTrace(otlpUrl: string, trace: BigTrace): Promise<void> {
  const res = await fetch(`${otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: trace.body });
  if (!res.ok) throw new Error(`OTLP export of the big trace answered ${res.status}: ${await res.text()}`);
}
