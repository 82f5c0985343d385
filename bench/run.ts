import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
// @ts-expect-error -- a plain .mjs script shared with `npm start`, without type declarations
import { ensureBuild } from '../scripts/build-if-needed.mjs';
import { scoreTable } from '@/simulator/score';
import { runAnalyzerBench } from './analyzer';
import { runLongSessionBench } from './long-session';
import { runScaleBench } from './scale';
import { runApiBench } from './api';
import { runFaultsBench } from './faults';
import { runDenseBench, type DenseResult } from './handoff-dense';
import { runIngestBench } from './ingest';
import { runSessionReadBench } from './session-read';
import { runBacklogBench, runMemoryBench } from './hostile';
import { runUiBench } from './ui';

/**
 * `npm run bench`: Baton's performance suite. Prints figures; it is not a
 * pass/fail test. Record results in docs/benchmarks.md with the command used.
 *
 *   npm run bench -- --clients 32 --seconds 20 --spans 512
 *   npm run bench -- --only ingest --protocol grpc
 *   npm run bench -- --only faults --fault-sessions 200 --seed 1
 *   npm run bench -- --only ui --ui-spans 10000 --ui-loads 5
 *   npm run bench -- --only api --api-sessions 200 --api-calls 40 --seed 1
 *   npm run bench -- --only memory --memory-requests 200 --memory-span-bytes 1024
 *   npm run bench -- --only dense --dense-spans 614400 --dense-sessions 500 --dense-clients 8
 *   npm run bench -- --only bare --dense-spans 614400
 *   npm run bench -- --only long --long-turns 250,2000 --long-appends 20
 *   npm run bench -- --only scale --scale-spans 10000000 --scale-sessions 10000 --scale-handoff-every 8
 *   npm run bench -- --only scale --scale-store <dir>   (kept: loaded once, later runs time the reads on it again)
 *   npm run bench -- --only backlog --backlog-traces 100000 --backlog-seconds 30 --backlog-shape sessions|traces
 *   npm run bench -- --only session-read --session-turns 10000 --session-calls 30
 */

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    spans: { type: 'string', default: '512' },
    requests: { type: 'string', default: '96' },
    protocol: { type: 'string', default: 'http' },
    only: { type: 'string' },
    'fault-sessions': { type: 'string', default: '200' },
    'api-sessions': { type: 'string', default: '200' },
    'api-calls': { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    'ui-spans': { type: 'string', default: '10000' },
    'ui-loads': { type: 'string', default: '5' },
    'memory-requests': { type: 'string', default: '200' },
    'memory-span-bytes': { type: 'string', default: '1024' },
    'backlog-traces': { type: 'string', default: '100000' },
    'backlog-seconds': { type: 'string', default: '30' },
    'backlog-shape': { type: 'string', default: 'sessions' },
    'dense-spans': { type: 'string', default: '614400' },
    'dense-sessions': { type: 'string', default: '500' },
    'dense-clients': { type: 'string', default: '8' },
    'long-turns': { type: 'string', default: '250,2000' },
    'long-appends': { type: 'string', default: '20' },
    'scale-spans': { type: 'string', default: '10000000' },
    'scale-sessions': { type: 'string', default: '10000' },
    'scale-clients': { type: 'string', default: '8' },
    'scale-reads': { type: 'string', default: '30' },
    'scale-handoff-every': { type: 'string', default: '8' },
    'scale-store': { type: 'string' },
    'session-turns': { type: 'string', default: '10000' },
    'session-calls': { type: 'string', default: '30' },
  },
});

const only = values.only;
const SUITES = ['ingest', 'dense', 'bare', 'long', 'scale', 'session-read', 'analyzer', 'faults', 'ui', 'api', 'memory', 'backlog'];
if (only !== undefined && !SUITES.includes(only)) throw new Error(`--only must be one of ${SUITES.join(', ')}`);
const runs = (suite: string) => only === undefined || only === suite;

const num = (v: string | undefined, name: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};

(ensureBuild as (o: { quiet: boolean }) => boolean)({ quiet: false });

const protocolOf = (v: string | undefined): 'http' | 'grpc' => {
  if (v !== 'http' && v !== 'grpc') throw new Error('--protocol must be http or grpc');
  return v;
};

const options = {
  protocol: protocolOf(values.protocol),
  clients: num(values.clients, 'clients'),
  seconds: num(values.seconds, 'seconds'),
  warmupSeconds: num(values.warmup, 'warmup'),
  spansPerRequest: num(values.spans, 'spans'),
  distinctRequests: num(values.requests, 'requests'),
};

const printTable = (rows: [string, string][]) => {
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const results: Record<string, unknown> = {};

console.log(`Baton benchmarks — ${os.cpus().length} cores, Node ${process.version}\n`);

if (runs('ingest')) {
  console.log(`Ingest: ${options.clients} ${options.protocol === 'grpc' ? 'OTLP/gRPC' : 'OTLP/HTTP'} clients × ${options.spansPerRequest} spans/request, ${options.seconds}s measured after ${options.warmupSeconds}s warm-up`);
  const r = await runIngestBench(options);
  results.ingest = r;
  printTable([
    ['spans/s (acknowledged after write)', fmt(r.spansPerSecond)],
    ['requests/s', r.requestsPerSecond.toFixed(1)],
    ['ack latency p50', `${r.p50Ms.toFixed(1)} ms`],
    ['ack latency p99', `${r.p99Ms.toFixed(1)} ms`],
    ['ack latency max', `${r.maxMs.toFixed(1)} ms`],
    ['server peak RSS', `${r.peakRssMiB.toFixed(0)} MiB`],
    ['server CPU (cores busy)', r.serverCores.toFixed(2)],
    ['  by thread', r.serverThreads.map(([n, c]) => `${n} ${c.toFixed(2)}`).join(', ')],
    ['load generator CPU (cores busy)', r.clientCores.toFixed(2)],
    ['responses', Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(' ')],
    ['OTLP bytes/span (protobuf)', r.bytesPerSpan.toFixed(0)],
    ['decode only, 1 core (spans/s)', fmt(r.decodeSpansPerSecond)],
    ['  same with protobufjs (reference)', fmt(r.referenceDecodeSpansPerSecond)],
    ['decode→rows only, 1 core (spans/s)', fmt(r.rowsSpansPerSecond)],
  ]);
  console.log('');
}

const denseRows = (r: DenseResult): [string, string][] => [
  ['spans/s acknowledged', `${fmt(r.spansPerSecond)} (${(r.spansPerSecond / r.ceilingSpansPerSecond).toFixed(3)} of the ceiling)`],
  ['ceiling: protobufjs decode of the same payloads, 1 core', `${fmt(r.ceilingSpansPerSecond)} spans/s`],
  ['store ceiling: the writer alone, same rows, same clients', `${fmt(r.storeCeilingSpansPerSecond)} spans/s (Baton acked ${(r.spansPerSecond / r.storeCeilingSpansPerSecond).toFixed(2)} of it)`],
  ['sent', `${fmt(r.spans)} spans in ${r.seconds.toFixed(1)} s`],
  ['ack latency p50 / p99 / max', `${r.ackMs.p50.toFixed(0)} / ${r.ackMs.p99.toFixed(0)} / ${r.ackMs.max.toFixed(0)} ms`],
  ...(r.handoffs > 0 ? [['every handoff complete, after the last ack', r.settleMs === null ? 'not within the wait' : `${(r.settleMs / 1000).toFixed(1)} s (${fmt(r.handoffs)} handoffs)`] as [string, string]] : []),
  ['GET /api/v1/traces/{id} during ingest p50 / p99 / max', `${r.traceReadMs.p50.toFixed(0)} / ${r.traceReadMs.p99.toFixed(0)} / ${r.traceReadMs.max.toFixed(0)} ms (${r.traceReadMs.n})`],
  ['GET /api/v1/sessions?limit=50 during ingest p50 / p99 / max', `${r.sessionListMs.p50.toFixed(0)} / ${r.sessionListMs.p99.toFixed(0)} / ${r.sessionListMs.max.toFixed(0)} ms (${r.sessionListMs.n})`],
  ['server peak RSS', `${r.peakRssMiB.toFixed(0)} MiB`],
  ['server CPU while sending (cores busy)', r.serverCores.toFixed(2)],
  ['  by thread (CPU s)', r.threads.map(([name, t]) => `${name} ${t.toFixed(1)}`).join(', ')],
  ['responses', Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(' ')],
];

for (const suite of ['dense', 'bare'] as const) {
  if (!runs(suite)) continue;
  const spans = num(values['dense-spans'], 'dense-spans');
  const sessions = num(values['dense-sessions'], 'dense-sessions');
  const clients = num(values['dense-clients'], 'dense-clients');
  const what = suite === 'dense' ? 'one explicit handoff (both snapshots) per 8 spans' : 'agent traffic without snapshots';
  console.log(`${suite === 'dense' ? 'Handoff-dense' : 'Bare agent'} ingest: ${fmt(spans)} spans, ${what}, ${sessions} sessions, ${clients} OTLP/HTTP clients × ${options.spansPerRequest} spans/request, each request once`);
  const r = await runDenseBench({ spans, sessions, clients, spansPerRequest: options.spansPerRequest, bare: suite === 'bare' });
  results[suite] = r;
  printTable(denseRows(r));
  console.log('');
}

if (runs('long')) {
  const lengths = (values['long-turns'] ?? '').split(',').map((n) => num(n, 'long-turns'));
  const appends = num(values['long-appends'], 'long-appends');
  console.log(`Long sessions: sessions of ${lengths.join(' and ')} turns (8 spans, one explicit handoff each) grow by ${appends} turns, one request each`);
  const figures = await runLongSessionBench({ lengths, appends });
  results.long = figures;
  const q = (x: { p50: number; p99: number }) => `${x.p50.toFixed(0)} / ${x.p99.toFixed(0)} ms`;
  printTable(
    figures.flatMap((f) => [
      [`${fmt(f.turns)} turns: append acknowledged p50 / p99`, q(f.appendAckMs)],
      ['  handoff complete after the ack p50 / p99', q(f.completeAfterAckMs)],
      ['  GET /api/v1/sessions/{id} p50 / p99', q(f.sessionApiMs)],
    ]),
  );
  console.log('');
}

if (runs('scale')) {
  const o = {
    spans: num(values['scale-spans'], 'scale-spans'),
    sessions: num(values['scale-sessions'], 'scale-sessions'),
    clients: num(values['scale-clients'], 'scale-clients'),
    reads: num(values['scale-reads'], 'scale-reads'),
    handoffEvery: num(values['scale-handoff-every'], 'scale-handoff-every'),
    store: values['scale-store'],
  };
  console.log(`Scale: ${fmt(o.spans)} spans over 24 h through OTLP/HTTP (${o.clients} clients), ${fmt(o.sessions)} sessions, an explicit handoff in 1 of ${o.handoffEvery} turns; reads timed at rest`);
  const r = await runScaleBench(o);
  results.scale = r;
  const spans = r.storage.find((t) => t.table === 'spans');
  const all = r.storage.reduce((n, t) => n + t.compressed, 0);
  printTable([
    [r.reused ? 'loaded (by the run that made the kept store)' : 'loaded', `${fmt(r.spans)} spans in ${r.loadSeconds.toFixed(0)} s (${fmt(r.spans / r.loadSeconds)} spans/s, ${(r.spans / r.loadSeconds / r.ceilingSpansPerSecond).toFixed(3)} of the ceiling)`],
    ['ceiling: protobufjs decode of the same payloads, 1 core', `${fmt(r.ceilingSpansPerSecond)} spans/s`],
    ['every handoff complete, after the load', r.settleSeconds === null ? 'not within an hour' : `${r.settleSeconds.toFixed(0)} s`],
    ['server at rest (CPU idle), after the load', `${r.restSeconds.toFixed(0)} s`],
    ...Object.entries(r.reads).map(([what, q]): [string, string] => [`${what} p50 / p99`, `${q.p50.toFixed(0)} / ${q.p99.toFixed(0)} ms`]),
    ['OTLP protobuf bytes received', `${(r.protobufBytes / 2 ** 20).toFixed(0)} MiB`],
    ['spans table on disk (compressed)', spans ? `${(spans.compressed / 2 ** 20).toFixed(0)} MiB, ${(r.protobufBytes / spans.compressed).toFixed(1)}× smaller than the protobuf` : 'n/a'],
    ['all tables on disk', `${(all / 2 ** 20).toFixed(0)} MiB, ${(r.protobufBytes / all).toFixed(1)}× smaller than the protobuf`],
  ]);
  console.log('');
}

if (runs('analyzer')) {
  console.log('Analyzer: explicit handoffs in sessions of 5, written, analysed and stored in-process; then handoff latency against the server');
  const a = await runAnalyzerBench();
  results.analyzer = a;
  printTable([
    ['handoffs analysed/s (load, analyse, write)', fmt(a.handoffsPerSecond)],
    ['  over', `${a.handoffs} handoffs in ${a.sessions} sessions`],
    ['second side acked → complete in API, p50', `${a.latencyP50Ms.toFixed(0)} ms`],
    ['  p99', `${a.latencyP99Ms.toFixed(0)} ms`],
    ['  max', `${a.latencyMaxMs.toFixed(0)} ms`],
  ]);
}

if (runs('faults')) {
  const sessions = num(values['fault-sessions'], 'fault-sessions');
  console.log(`\nFault recovery: simulator seed ${values.seed}, ${sessions} sessions over 14 days at the default fault rates, through the OTLP exporter`);
  const f = await runFaultsBench({ seed: Number(values.seed), sessions });
  results.faults = f;
  printTable([
    ['traffic', `${f.sessions} sessions, ${f.traces} traces, ${fmt(f.spans)} spans`],
    ['sent in', `${f.sendSeconds.toFixed(1)} s`],
    ['analysis settled after (handoff list complete, stable)', `${f.settleSeconds.toFixed(1)} s`],
    ['read back (every session and trace once)', `${f.readSeconds.toFixed(1)} s`],
  ]);
  console.log(`\n${scoreTable(f.score)}`);
}

if (runs('ui')) {
  const spans = num(values['ui-spans'], 'ui-spans');
  const loads = num(values['ui-loads'], 'ui-loads');
  console.log(`\nTrace page: one trace of ${fmt(spans)} spans (an orchestrator and 9 worker agents), opened ${loads} times in Chromium`);
  const u = await runUiBench({ spans, loads });
  results.ui = u;
  const ms = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ') + ' ms';
  printTable([
    ['GET /api/v1/traces/{id}, p50 (min–max of 10)', `${u.apiMs.p50.toFixed(0)} ms (${u.apiMs.min.toFixed(0)}–${u.apiMs.max.toFixed(0)})`],
    ['  response size', `${u.responseMiB.toFixed(1)} MiB`],
    ['navigation start → rows and chain on screen', ms(u.interactiveMs)],
    ['  of which until the trace API response is in', ms(u.apiDoneMs)],
    ['  median', `${[...u.interactiveMs].sort((a, b) => a - b)[Math.floor(u.interactiveMs.length / 2)]!.toFixed(0)} ms`],
    ['scroll to the end → last span rendered', ms(u.scrollToEndMs)],
    ['scroll 120 px/frame, frame time p50 / p95 / max', `${u.wheelFrameMs.p50.toFixed(1)} / ${u.wheelFrameMs.p95.toFixed(1)} / ${u.wheelFrameMs.max.toFixed(1)} ms`],
    ['jump top → bottom in 60 frames, p50 / p95 / max', `${u.sweepFrameMs.p50.toFixed(1)} / ${u.sweepFrameMs.p95.toFixed(1)} / ${u.sweepFrameMs.max.toFixed(1)} ms`],
  ]);
}

if (runs('api')) {
  const sessions = num(values['api-sessions'], 'api-sessions');
  const calls = num(values['api-calls'], 'api-calls');
  console.log(`\nRead API behind the pages: simulator seed ${values.seed}, ${sessions} sessions over 14 days, ${calls} sequential calls each after 3 warm-up calls`);
  const a = await runApiBench({ seed: Number(values.seed), sessions, calls });
  results.api = a;
  console.log(`  store: ${a.sessions} sessions, ${a.traces} traces, ${fmt(a.spans)} spans, ${a.handoffs} planned handoffs`);
  const width = Math.max(...a.timings.map((t) => t.name.length));
  console.log(`  ${'request'.padEnd(width)}  ${'p50'.padStart(9)}  ${'p95'.padStart(9)}  ${'max'.padStart(9)}`);
  for (const t of a.timings) {
    const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
    console.log(`  ${t.name.padEnd(width)}  ${ms(t.p50Ms)}  ${ms(t.p95Ms)}  ${ms(t.maxMs)}`);
  }
}

if (runs('memory')) {
  const requests = num(values['memory-requests'], 'memory-requests');
  const spanBytes = num(values['memory-span-bytes'], 'memory-span-bytes');
  console.log(`\nMemory: ${requests} maximal OTLP/HTTP requests (16 MiB, BATON_MAX_BODY_BYTES; spans of about ${spanBytes} bytes) at once, default limits`);
  const m = await runMemoryBench({ requests, spanBytes });
  results.memory = m;
  printTable([
    ['request', `${m.requestMiB.toFixed(1)} MiB, ${fmt(m.spansPerRequest)} spans`],
    ['server RSS idle', `${m.idleRssMiB.toFixed(0)} MiB`],
    ['peak RSS, maximal requests one at a time (baseline)', `${m.oneAtATimePeakMiB.toFixed(0)} MiB`],
    [`peak RSS, ${m.requests} at once`, `${m.peakRssMiB.toFixed(0)} MiB (${(m.peakRssMiB / m.oneAtATimePeakMiB).toFixed(2)}× the baseline)`],
    ['responses', Object.entries(m.statuses).map(([s, n]) => `${s}×${n}`).join(' ')],
    ['all answered in', `${m.seconds.toFixed(1)} s`],
  ]);
}

if (runs('backlog')) {
  const traces = num(values['backlog-traces'], 'backlog-traces');
  const seconds = num(values['backlog-seconds'], 'backlog-seconds');
  const shape = values['backlog-shape'];
  if (shape !== 'sessions' && shape !== 'traces') throw new Error('--backlog-shape must be sessions or traces');
  const what = shape === 'sessions' ? 'one-span sessions, in requests of 10,000' : 'one-span traces naming no session, in one request';
  console.log(`\nReads during an analysis backlog: ${fmt(traces)} ${what}, then GET a trace and the session list every 250 ms for ${seconds} s`);
  const b = await runBacklogBench({ traces, seconds, shape });
  results.backlog = b;
  const q = (x: { p50: number; p99: number; max: number; n: number }) => `${x.p50.toFixed(0)} / ${x.p99.toFixed(0)} / ${x.max.toFixed(0)} ms (${x.n} reads)`;
  printTable([
    ['backlog sent in', `${b.ingestSeconds.toFixed(1)} s`],
    ['reads idle, p50 / p99 / max (baseline)', q(b.idle)],
    ['reads during the backlog, p50 / p99 / max', q(b.duringBacklog)],
    ['sessions analysed when the measurement ended', shape === 'traces' ? 'not measured (no sessions)' : `${fmt(b.analysedWhenMeasured)} of ${fmt(b.traces)}`],
    ['whole backlog analysed after', shape === 'traces' ? 'not measured (nothing to count)' : b.analysisSeconds === null ? 'not within 10 minutes' : `${b.analysisSeconds.toFixed(0)} s`],
  ]);
}

if (runs('session-read')) {
  const turns = num(values['session-turns'], 'session-turns');
  const calls = num(values['session-calls'], 'session-calls');
  console.log(`\nOne long session: ${fmt(turns)} turns of 8 spans (an explicit handoff each) through OTLP/HTTP and the analyzer, then its page's requests, ${calls} sequential calls each after 3 warm-up calls`);
  const r = await runSessionReadBench({ turns, calls, spansPerRequest: options.spansPerRequest });
  results.sessionRead = r;
  const q = (x: { p50: number; p99: number; max: number }) => `${x.p50.toFixed(1)} / ${x.p99.toFixed(1)} / ${x.max.toFixed(1)} ms`;
  printTable([
    ['stored session', `${fmt(r.turns)} turns, ${fmt(r.spans)} spans, ${fmt(r.facts)} fact observations, ${fmt(r.handoffs)} handoffs, ${fmt(r.contradictions)} contradictions`],
    ['sent in', `${r.sendSeconds.toFixed(1)} s`],
    ['every turn analysed, after the last ack', r.settleSeconds === null ? 'not within the wait' : `${r.settleSeconds.toFixed(1)} s`],
    ['detail response size', `${r.responseKiB.toFixed(0)} KiB`],
    ...r.timings.map((t): [string, string] => [`${t.name} p50 / p99 / max`, q(t.ms)]),
  ]);
}

mkdirSync('bench/results', { recursive: true });
const file = `bench/results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify({ options, results, node: process.version, cores: os.cpus().length }, null, 2));
console.log(`\nsaved ${file}`);
