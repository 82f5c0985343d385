import { Agent } from 'node:http';
import { status as grpcStatus } from '@grpc/grpc-js';
import { decodeTracesProtobuf } from '@/ingest/otlp/decode-protobuf';
import { decodeTracesProtobufReference } from '@/ingest/otlp/decode-protobuf-reference';
import { rowOptions, toRows } from '@/ingest/rows';
import { rawGrpcClient, type RawGrpcClient } from '@/tests/helpers/grpc';
import { startBaton } from '@/tests/helpers/server';
import { encodeRequests } from './agent-spans';
import { cpuSeconds, perCore, post, procStatus, threadCpu } from './measure';

/**
 * Ingest benchmark: several clients post pre-encoded OTLP protobuf requests
 * of realistic agent spans to a real Baton (acknowledged after write) as fast
 * as it answers, over OTLP/HTTP or OTLP/gRPC (each client its own
 * connection, as separate exporters have). Reports spans/s, acknowledgement latency and the server's
 * peak memory; and, for reference, the single-core cost of decoding and
 * building rows in this process.
 */

export interface IngestOptions {
  clients: number;
  seconds: number;
  warmupSeconds: number;
  spansPerRequest: number;
  distinctRequests: number;
  protocol: 'http' | 'grpc';
}

export interface IngestResult {
  spansPerSecond: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  peakRssMiB: number;
  /** Server CPU use during the measured window, in cores (2.0 = both cores busy). */
  serverCores: number;
  /** The same by thread name: Node's main and libuv threads are "node", chDB's are named by role. */
  serverThreads: [string, number][];
  /** The benchmark process's own CPU use (the load generator shares the cores). */
  clientCores: number;
  statuses: Record<string, number>;
  decodeSpansPerSecond: number;
  referenceDecodeSpansPerSecond: number;
  rowsSpansPerSecond: number;
  bytesPerSpan: number;
}

/** Sends one request and answers with its outcome: the HTTP status, or the gRPC status name. */
type Send = (body: Buffer) => Promise<string>;

function httpSender(url: URL, clients: number): { send: Send; close: () => void } {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  return { send: async (body) => String(await post(agent, url, body)), close: () => agent.destroy() };
}

/** One bare grpc-js client (channel) per bench client, used in turn. */
function grpcSenders(target: string, clients: number): { sends: Send[]; close: () => void } {
  const channels: RawGrpcClient[] = Array.from({ length: clients }, () => rawGrpcClient(target));
  const sends = channels.map((c): Send => async (body) => {
    const answer = await c.call(body);
    return answer.ok ? 'OK' : (grpcStatus[answer.error.code] ?? String(answer.error.code));
  });
  return { sends, close: () => channels.forEach((c) => c.close()) };
}

const ACCEPTED = new Set(['200', 'OK']);
const RETRY_LATER = new Set(['429', '503', 'RESOURCE_EXHAUSTED', 'UNAVAILABLE']);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Decode and row-building cost on one core, without I/O. */
function cpuCost(requests: Buffer[], spansPerRequest: number) {
  const sample = requests.slice(0, 24);
  const options = rowOptions(30);
  return {
    decode: perCore(sample, spansPerRequest, (r) => decodeTracesProtobuf(r)),
    decodeReference: perCore(sample, spansPerRequest, (r) => decodeTracesProtobufReference(r)),
    rows: perCore(sample, spansPerRequest, (r) => toRows(decodeTracesProtobuf(r), options)),
  };
}

export async function runIngestBench(o: IngestOptions): Promise<IngestResult> {
  const requests = encodeRequests(o.distinctRequests, o.spansPerRequest);
  const bytes = requests.reduce((n, r) => n + r.length, 0);
  const cpu = cpuCost(requests, o.spansPerRequest);

  const baton = await startBaton({ env: { BATON_CHECK_RESPONSES: '0', ...(process.env.BENCH_ENV ? JSON.parse(process.env.BENCH_ENV) : {}) } });
  const pid = baton.child.pid as number;
  const http = o.protocol === 'http' ? httpSender(new URL(baton.otlpUrl), o.clients) : undefined;
  const grpc = o.protocol === 'grpc' ? grpcSenders(new URL(baton.grpcUrl).host, o.clients) : undefined;
  const senderOf = (i: number): Send => (http ? http.send : (grpc?.sends[i] as Send));
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  let spans = 0;
  let requestsDone = 0;
  let measuring = false;
  let next = 0;
  const stopAt = Date.now() + (o.warmupSeconds + o.seconds) * 1000;
  let windowStart = 0;
  let cpuStart = 0;
  let clientCpuStart = process.cpuUsage();
  let threadsStart = new Map<string, number>();
  setTimeout(() => {
    measuring = true;
    windowStart = performance.now();
    cpuStart = cpuSeconds(pid);
    clientCpuStart = process.cpuUsage();
    threadsStart = threadCpu(pid);
  }, o.warmupSeconds * 1000);

  const client = async (send: Send) => {
    while (Date.now() < stopAt) {
      const body = requests[next++ % requests.length] as Buffer;
      const t = performance.now();
      const status = await send(body);
      const ms = performance.now() - t;
      if (!measuring) continue;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (ACCEPTED.has(status)) {
        latencies.push(ms);
        spans += o.spansPerRequest;
        requestsDone++;
      } else if (RETRY_LATER.has(status)) {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  await Promise.all(Array.from({ length: o.clients }, (_, i) => client(senderOf(i))));
  const elapsed = (performance.now() - windowStart) / 1000;
  const serverCpu = (cpuSeconds(pid) - cpuStart) / elapsed;
  const clientCpu = process.cpuUsage(clientCpuStart);
  const threads = [...threadCpu(pid)]
    .map(([name, s]) => [name, (s - (threadsStart.get(name) ?? 0)) / elapsed] as [string, number])
    .filter(([, cores]) => cores >= 0.01)
    .sort((a, b) => b[1] - a[1]);
  const peakMiB = procStatus(pid, 'VmHWM');
  http?.close();
  grpc?.close();
  await baton.stop();
  baton.cleanup();

  latencies.sort((a, b) => a - b);
  return {
    spansPerSecond: spans / elapsed,
    requestsPerSecond: requestsDone / elapsed,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? 0,
    peakRssMiB: peakMiB,
    serverCores: serverCpu,
    serverThreads: threads,
    clientCores: (clientCpu.user + clientCpu.system) / 1e6 / elapsed,
    statuses,
    decodeSpansPerSecond: cpu.decode,
    referenceDecodeSpansPerSecond: cpu.decodeReference,
    rowsSpansPerSecond: cpu.rows,
    bytesPerSpan: bytes / (requests.length * o.spansPerRequest),
  };
}
