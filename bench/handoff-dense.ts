import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import path from 'node:path';
import { ExportTraceServiceRequest } from '@/ingest/otlp/schema';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';
import { cpuSeconds, perCore, post, procStatus, quantiles, threadCpu } from './measure';

/**
 * Handoff-dense traffic (issue 10): traces of 8 spans, each with one explicit
 * handoff (both snapshots), spread over a fixed number of sessions, sent as
 * pre-encoded protobuf requests by several clients, each request once. While
 * they are sent, an engineer opens a trace by id and the session list every
 * 250 ms. After the last acknowledgement, the time until the stats API counts
 * every handoff complete. Throughput is set beside the single-core protobufjs
 * decode rate of the same payloads, measured in the same run: the ceiling.
 */

export interface DenseOptions {
  spans: number;
  sessions: number;
  clients: number;
  spansPerRequest: number;
  /** Skip the snapshots (agent traffic without context snapshots). */
  bare?: boolean;
}

export interface DenseResult {
  spans: number;
  handoffs: number;
  seconds: number;
  spansPerSecond: number;
  ceilingSpansPerSecond: number;
  /** Baton's writer alone on the rows of the same requests, as many at a time as there are clients (./store-ceiling.ts). */
  storeCeilingSpansPerSecond: number;
  ackMs: { p50: number; p99: number; max: number; n: number };
  /** From the last acknowledgement until every handoff is complete in the API (null: not within the wait). */
  settleMs: number | null;
  traceReadMs: ReturnType<typeof quantiles>;
  sessionListMs: ReturnType<typeof quantiles>;
  peakRssMiB: number;
  serverCores: number;
  /** Server CPU seconds while sending, by thread name (the busiest). */
  threads: [string, number][];
  statuses: Record<string, number>;
}

type KV = { key: string; value: Record<string, unknown> };
const str = (key: string, v: string): KV => ({ key, value: { stringValue: v } });
const int = (key: string, v: number): KV => ({ key, value: { intValue: v } });
const hex = (n: number, bytes: number) => n.toString(16).padStart(bytes * 2, '0');
const ns = (ms: number) => `${Math.floor(ms)}000000`;
const SPECIALISTS = ['billing', 'refunds', 'shipping', 'research'];

/** Trace ids are the turn's number: the reader can open any trace already acknowledged. */
export const denseTraceId = (turn: number) => hex(turn + 1, 16);

/** One turn: supervisor → specialist with an explicit handoff, model and tool calls; 8 spans. */
function turnSpans(turn: number, session: number, startMs: number, bare: boolean) {
  const traceId = Buffer.from(denseTraceId(turn), 'hex');
  const id = (k: number) => Buffer.from(hex(turn * 8 + k + 1, 8), 'hex');
  const to = SPECIALISTS[turn % SPECIALISTS.length] as string;
  const handoff = `hd-${turn}`;
  const facts = { customer: { id: `C-${session}` }, order: 40_000 + turn, budget: 300, city: turn % 5 === 0 ? 'Paris' : 'Lyon' };
  const snapshot = (phase: string, at: number, f: object, extra: KV[] = []) => ({
    timeUnixNano: ns(at),
    name: 'baton.context.snapshot',
    attributes: [str('baton.snapshot.phase', phase), str('baton.handoff.id', handoff), str('baton.snapshot.facts', JSON.stringify(f)), ...extra],
  });
  const received = turn % 3 === 0 ? { customer: facts.customer, order: facts.order } : facts;
  const span = (k: number, parent: number | null, name: string, at: number, attributes: KV[], events: unknown[] = []) => ({
    traceId,
    spanId: id(k),
    ...(parent === null ? {} : { parentSpanId: id(parent) }),
    name,
    kind: 1,
    startTimeUnixNano: ns(at),
    endTimeUnixNano: ns(at + 40),
    attributes,
    events: bare ? [] : events,
  });
  const chat = (k: number, parent: number, at: number) =>
    span(k, parent, 'chat gpt-4o', at, [str('gen_ai.operation.name', 'chat'), str('gen_ai.request.model', 'gpt-4o'), int('gen_ai.usage.input_tokens', 800), int('gen_ai.usage.output_tokens', 90)]);
  const tool = (k: number, parent: number, at: number) => span(k, parent, 'execute_tool lookup_order', at, [str('gen_ai.operation.name', 'execute_tool'), str('gen_ai.tool.name', 'lookup_order')]);
  return [
    span(0, null, 'invoke_agent supervisor', startMs, [str('gen_ai.operation.name', 'invoke_agent'), str('gen_ai.agent.name', 'supervisor'), str('session.id', `dense-${session}`), str('user.id', `user-${session}`)], [
      snapshot('sent', startMs + 5, facts, [str('baton.handoff.to', to)]),
    ]),
    chat(1, 0, startMs + 1),
    tool(2, 0, startMs + 3),
    span(3, 0, `invoke_agent ${to}`, startMs + 6, [str('gen_ai.operation.name', 'invoke_agent'), str('gen_ai.agent.name', to)], [snapshot('received', startMs + 7, received)]),
    chat(4, 3, startMs + 8),
    tool(5, 3, startMs + 10),
    chat(6, 3, startMs + 12),
    tool(7, 3, startMs + 14),
  ];
}

/** A turn of the workload: its number (trace id), session and start. */
export interface Turn {
  turn: number;
  session: number;
  startMs: number;
}

/** One OTLP/HTTP protobuf request carrying these turns; `bare` turns carry no snapshots. */
export function encodeTurns(turns: readonly Turn[], bare: boolean | ((t: Turn) => boolean) = false): Buffer {
  const spans = turns.flatMap((t) => turnSpans(t.turn, t.session, t.startMs, typeof bare === 'function' ? bare(t) : bare));
  const message = ExportTraceServiceRequest.fromObject({
    resourceSpans: [{ resource: { attributes: [str('service.name', 'dense-agents')] }, scopeSpans: [{ scope: { name: 'bench' }, spans }] }],
  });
  return Buffer.from(ExportTraceServiceRequest.encode(message).finish());
}

/** Turn `turn` of the workload: turns go round the sessions, one second apart per round. */
export const turnAt = (turn: number, sessions: number, baseMs: number): Turn => ({
  turn,
  session: turn % sessions,
  startMs: baseMs + Math.floor(turn / sessions) * 1_000 + (turn % sessions),
});

/** The workload as protobuf requests; turns go round the sessions, so each request touches many sessions. */
export function encodeDense(o: Pick<DenseOptions, 'spans' | 'sessions' | 'spansPerRequest' | 'bare'> & { baseMs?: number }): Buffer[] {
  const baseMs = o.baseMs ?? Date.now() - 3_600_000;
  const turns = Math.floor(o.spans / 8);
  const perRequest = Math.max(1, Math.floor(o.spansPerRequest / 8));
  const requests: Buffer[] = [];
  for (let first = 0; first < turns; first += perRequest) {
    const batch: Turn[] = [];
    for (let turn = first; turn < Math.min(turns, first + perRequest); turn++) batch.push(turnAt(turn, o.sessions, baseMs));
    requests.push(encodeTurns(batch, !!o.bare));
  }
  return requests;
}

/** Reads a path every 250 ms until `done()`; returns the latencies. */
async function reader(baton: BatonProcess, path: () => string | null, done: () => boolean): Promise<number[]> {
  const out: number[] = [];
  while (!done()) {
    const p = path();
    if (p) {
      const t = performance.now();
      await baton.api(p);
      out.push(performance.now() - t);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return out;
}

async function completeHandoffs(baton: BatonProcess): Promise<number> {
  const from = Date.now() - 3 * 3_600_000;
  // A keep-alive socket the server has just closed resets the request: poll again.
  const res = await baton.api<{ handoffs: { complete: number } }>(`/api/v1/stats?from=${from}&to=${Date.now()}`).catch(() => null);
  return res?.body.handoffs?.complete ?? 0;
}

/** Spans/s the writer alone puts into a fresh store (a process of its own: one data directory per process). */
function storeCeilingOf(o: DenseOptions): number {
  const requests = Math.min(256, Math.ceil(o.spans / o.spansPerRequest));
  const args = [String(requests), String(o.spansPerRequest), String(o.sessions), String(o.clients), o.bare ? '1' : '0'];
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'store-ceiling.ts'), ...args], { encoding: 'utf8' });
  const last = out.trim().split('\n').filter((l) => l.startsWith('{"spans"')).pop();
  const { spans, seconds } = JSON.parse(last ?? '{}') as { spans: number; seconds: number };
  return spans / seconds;
}

export async function runDenseBench(o: DenseOptions, settleWaitMs = 600_000): Promise<DenseResult> {
  const requests = encodeDense(o);
  const spansPer = requests.map((r) => ExportTraceServiceRequest.decode(r).resourceSpans[0]!.scopeSpans[0]!.spans.length);
  const spans = spansPer.reduce((a, b) => a + b, 0);
  const ceiling = perCore(requests.slice(0, 64), spansPer[0]!, (r) => ExportTraceServiceRequest.decode(r));
  const storeCeiling = storeCeilingOf(o);
  const baton = await startBaton({ env: { BATON_CHECK_RESPONSES: '0' } });
  try {
    const pid = baton.child.pid as number;
    const url = new URL(baton.otlpUrl);
    const agent = new Agent({ keepAlive: true, maxSockets: o.clients });
    const statuses: Record<string, number> = {};
    const acks: number[] = [];
    let next = 0;
    const acked: number[] = [];
    let sending = true;
    const started = performance.now();
    const cpu0 = cpuSeconds(pid);
    const threads0 = threadCpu(pid);
    const client = async () => {
      for (let i = next++; i < requests.length; i = next++) {
        for (;;) {
          const t = performance.now();
          const status = await post(agent, url, requests[i]!);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 200) {
            acks.push(performance.now() - t);
            acked.push(i);
            break;
          }
          await new Promise((r) => setTimeout(r, 50)); // 429/503: the OTLP retry contract
        }
      }
    };
    const turnsPerRequest = Math.floor(o.spansPerRequest / 8);
    const readers = Promise.all([
      reader(baton, () => (acked.length > 0 ? `/api/v1/traces/${denseTraceId(acked[Math.floor(Math.random() * acked.length)]! * turnsPerRequest)}` : null), () => !sending),
      reader(baton, () => '/api/v1/sessions?limit=50', () => !sending),
    ]);
    await Promise.all(Array.from({ length: o.clients }, client));
    const lastAck = performance.now();
    const seconds = (lastAck - started) / 1000;
    const serverCores = (cpuSeconds(pid) - cpu0) / seconds;
    const threads = [...threadCpu(pid)].map(([name, t]): [string, number] => [name, t - (threads0.get(name) ?? 0)]).sort((a, b) => b[1] - a[1]).slice(0, 6);
    sending = false;
    const [traceReads, listReads] = await readers;
    agent.destroy();
    const handoffs = o.bare ? 0 : Math.floor(spans / 8);
    let settleMs: number | null = null;
    while (!o.bare && performance.now() - lastAck < settleWaitMs) {
      if ((await completeHandoffs(baton)) >= handoffs) {
        settleMs = performance.now() - lastAck;
        break;
      }
      await new Promise((r) => setTimeout(r, 1_000)); // the stats query is itself work for the engine
    }
    return {
      spans,
      handoffs,
      seconds,
      spansPerSecond: spans / seconds,
      ceilingSpansPerSecond: ceiling,
      storeCeilingSpansPerSecond: storeCeiling,
      ackMs: quantiles(acks),
      settleMs: o.bare ? 0 : settleMs,
      traceReadMs: quantiles(traceReads),
      sessionListMs: quantiles(listReads),
      peakRssMiB: procStatus(pid, 'VmHWM'),
      serverCores,
      threads,
      statuses,
    };
  } finally {
    await baton.stop();
    if (process.env.BENCH_SERVER_LOG) writeFileSync(process.env.BENCH_SERVER_LOG, baton.output());
    baton.cleanup();
  }
}
