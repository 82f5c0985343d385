import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import path from 'node:path';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';
import { denseTraceId, encodeTurns, type Turn } from './handoff-dense';
import { ExportTraceServiceRequest } from '@/ingest/otlp/schema';
import { cpuSeconds, perCore, post, quantiles } from './measure';

/**
 * Scale: a store of `spans` spans (8-span agent turns, one explicit handoff
 * in every `handoffEvery` turns, the rest without snapshots) loaded through
 * the OTLP/HTTP receiver over the last 24 hours, then the reads an engineer
 * makes timed on it: a trace by id, the session list, 24 h metrics, the
 * overview's stats. Also how small the stored spans are next to the OTLP
 * protobuf bytes that carried them.
 */

export interface ScaleOptions {
  spans: number;
  sessions: number;
  clients: number;
  /** Reads of each kind timed. */
  reads: number;
  /** One turn in this many carries an explicit handoff with both snapshots. */
  handoffEvery: number;
  /**
   * A data directory to keep: loaded once and left in place, then read again
   * by later runs (which skip the load), so two builds can be timed on one store.
   */
  store?: string;
}

export interface ScaleResult {
  spans: number;
  loadSeconds: number;
  /** protobufjs decoding the same requests on one core (spans/s): the ceiling the load rate is compared with. */
  ceilingSpansPerSecond: number;
  protobufBytes: number;
  settleSeconds: number | null;
  /** Until the server's CPU fell idle (analysis and merges done). */
  restSeconds: number;
  reads: Record<string, ReturnType<typeof quantiles>>;
  storage: { table: string; rows: number; compressed: number; uncompressed: number }[];
  /** The reads ran on a store loaded by an earlier run (`store`); the load figures are that run's. */
  reused: boolean;
}

/** What a kept store remembers of its load. */
interface Loaded {
  now: number;
  turns: number;
  loadSeconds: number;
  protobufBytes: number;
  ceilingSpansPerSecond: number;
  settleSeconds: number | null;
}

const TURNS_PER_REQUEST = 64;
const DAY_MS = 86_400_000;

async function timed(baton: BatonProcess, n: number, pathOf: (i: number) => string): Promise<ReturnType<typeof quantiles>> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await baton.api(pathOf(i));
    if (res.status !== 200) throw new Error(`${pathOf(i)} answered ${res.status}`);
    out.push(performance.now() - t);
  }
  return quantiles(out);
}

/** Sizes of the stored tables, read by a child process once the server has stopped (one data directory per process). */
function storage(dataDir: string): ScaleResult['storage'] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'store-size.ts'), dataDir], { encoding: 'utf8' });
  return JSON.parse(out) as ScaleResult['storage'];
}

async function load(baton: BatonProcess, o: ScaleOptions): Promise<Loaded> {
  const turns = Math.floor(o.spans / 8);
  const now = Date.now();
  const base = now - DAY_MS + 60_000;
  const gap = (DAY_MS - 120_000) / turns;
  const turnOf = (turn: number): Turn => ({ turn, session: turn % o.sessions, startMs: base + turn * gap });
  const bare = (t: Turn) => t.turn % o.handoffEvery !== 0;
  const sample = Array.from({ length: 64 }, (_, r) => encodeTurns(Array.from({ length: TURNS_PER_REQUEST }, (_, k) => turnOf(r * TURNS_PER_REQUEST + k)), bare));
  const ceilingSpansPerSecond = perCore(sample, TURNS_PER_REQUEST * 8, (r) => ExportTraceServiceRequest.decode(r));
  const agent = new Agent({ keepAlive: true, maxSockets: o.clients });
  const url = new URL(baton.otlpUrl);
  let next = 0;
  let bytes = 0;
  const started = performance.now();
  const client = async () => {
    for (let first = next; first < turns; first = next) {
      next += TURNS_PER_REQUEST;
      // Requests are built as they are sent: the whole load would not fit in memory at once.
      const body = encodeTurns(Array.from({ length: Math.min(TURNS_PER_REQUEST, turns - first) }, (_, k) => turnOf(first + k)), bare);
      bytes += body.length;
      while ((await post(agent, url, body)) !== 200) await new Promise((r) => setTimeout(r, 50));
    }
  };
  await Promise.all(Array.from({ length: o.clients }, client));
  const loadSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  // Every turn hands off from the supervisor to a specialist: explicitly (both snapshots) one turn in
  // `handoffEvery`, inferred from the span tree in the others.
  const t = performance.now();
  let settleSeconds: number | null = null;
  while (performance.now() - t < 3_600_000) {
    const res = await baton.api<{ handoffs: { complete: number } }>(`/api/v1/stats?from=${now - DAY_MS}&to=${now}`).catch(() => null);
    if ((res?.body.handoffs?.complete ?? 0) >= turns) {
      settleSeconds = (performance.now() - t) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 5_000));
  }
  return { now, turns, loadSeconds, protobufBytes: bytes, ceilingSpansPerSecond, settleSeconds };
}

/** Seconds until the server's CPU falls idle: the analysis has folded every turn and merges are done. */
async function rest(baton: BatonProcess): Promise<number> {
  const t = performance.now();
  const pid = baton.child.pid as number;
  for (let quiet = 0; quiet < 3 && performance.now() - t < 3_600_000; ) {
    const cpu = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 2_000));
    quiet = (cpuSeconds(pid) - cpu) / 2 < 0.05 ? quiet + 1 : 0;
  }
  return (performance.now() - t) / 1000;
}

export async function runScaleBench(o: ScaleOptions): Promise<ScaleResult> {
  const memo = o.store ? path.join(o.store, 'bench-scale.json') : undefined;
  const kept = memo && existsSync(memo) ? (JSON.parse(readFileSync(memo, 'utf8')) as Loaded) : undefined;
  const baton = await startBaton({ dataDir: o.store, env: { BATON_CHECK_RESPONSES: '0' } });
  let stopped = false;
  try {
    const loaded = kept ?? (await load(baton, o));
    // The reads are timed once the analysis has caught up (the figures are for a store at rest).
    const restSeconds = await rest(baton);
    if (memo && !kept) writeFileSync(memo, JSON.stringify(loaded));
    const { now, turns } = loaded;
    const range = `from=${now - DAY_MS}&to=${now}`;
    const reads = {
      'GET /api/v1/traces/{id}': await timed(baton, o.reads, (i) => `/api/v1/traces/${denseTraceId(Math.floor(((i * 7919) % o.reads) * (turns / o.reads)))}`),
      'GET /api/v1/sessions?limit=50 (24 h)': await timed(baton, o.reads, () => `/api/v1/sessions?limit=50&${range}`),
      'GET /api/v1/metrics?metric=spans (24 h)': await timed(baton, o.reads, () => `/api/v1/metrics?metric=spans&${range}`),
      'GET /api/v1/metrics?metric=drift_rate (24 h)': await timed(baton, o.reads, () => `/api/v1/metrics?metric=drift_rate&${range}`),
      'GET /api/v1/stats (24 h)': await timed(baton, o.reads, () => `/api/v1/stats?${range}`),
    };
    await baton.stop();
    stopped = true;
    if (process.env.BENCH_SERVER_LOG) writeFileSync(process.env.BENCH_SERVER_LOG, baton.output());
    return { spans: turns * 8, ...loaded, restSeconds, reads, storage: storage(baton.dataDir), reused: kept !== undefined };
  } finally {
    if (!stopped) await baton.stop();
    if (!o.store) baton.cleanup();
  }
}
