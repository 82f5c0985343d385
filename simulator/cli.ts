import { faultRates, parseOptions, USAGE, type Options } from './cli-options';
import { createEmitter, type EmitResult, type Emitter } from './emit';
import { checkReachable, ExportError } from './export-queue';
import { runLive, type LiveStats } from './live';
import { Simulation } from './plan';
import { FAULT_TYPES, type FaultType, type SimPlan } from './types';

/**
 * `npm run simulate -- [options]`: sends weeks of simulated multi-agent
 * sessions, with labelled faults, to an OTLP/HTTP receiver, then optionally
 * keeps sending live traffic. Same seed, same traffic. See docs/simulator.md.
 * Exit codes: 0 done, 1 the receiver could not be reached or refused the
 * spans, 2 bad options (or options the generator cannot plan with).
 */

const DAY_MS = 86_400_000;

/** The options, or exit: 0 after --help, 2 with the message and the usage for a bad one. */
function optionsOrExit(argv: string[]): Options {
  const parsed = parseOptions(argv);
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if ('error' in parsed) {
    process.stderr.write(`simulate: ${parsed.error}\n\n${USAGE}\n`);
    process.exit(2);
  }
  return parsed.options;
}

const number = (n: number) => n.toLocaleString('en-US');
/** `3 sessions`, `1 session`. */
const count = (n: number, noun: string) => `${number(n)} ${noun}${n === 1 ? '' : 's'}`;

function faultSummary(faults: Partial<Record<FaultType, number>>): string {
  const parts = FAULT_TYPES.filter((t) => faults[t]).map((t) => `${t} ${number(faults[t]!)}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function countFaults(plan: SimPlan): Partial<Record<FaultType, number>> {
  const out: Partial<Record<FaultType, number>> = {};
  for (const f of plan.faults) out[f.type] = (out[f.type] ?? 0) + 1;
  return out;
}

function rateLine(spans: number, elapsedMs: number): string {
  const seconds = Math.max(elapsedMs, 1) / 1_000;
  return `${number(Math.round(spans / seconds))} spans/s, elapsed ${seconds.toFixed(1)} s`;
}

async function sendHistory(sim: Simulation, emitter: Emitter, options: Options): Promise<void> {
  const toMs = Date.now();
  const started = performance.now();
  const plan = sim.sessions(options.sessions, { fromMs: toMs - options.days * DAY_MS, toMs });
  const result: EmitResult = await emitter.emit(plan);
  const elapsed = performance.now() - started;
  console.log(
    `history: ${count(plan.sessions.length, 'session')}, ${count(result.traces, 'trace')}, ${count(result.spans, 'span')} in ${count(result.requests, 'request')} over the last ${count(options.days, 'day')}`,
  );
  console.log(`faults: ${faultSummary(countFaults(plan))}`);
  console.log(rateLine(result.spans, elapsed));
}

async function sendLive(sim: Simulation, emitter: Emitter, options: Options): Promise<void> {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  console.log(`live: about ${options.rate} traces/s until Ctrl-C`);
  let lastReport = Date.now();
  const stats: LiveStats = await runLive(sim, emitter, {
    tracesPerSecond: options.rate,
    signal: stop.signal,
    onProgress: (s) => {
      if (Date.now() - lastReport < 10_000) return;
      lastReport = Date.now();
      console.log(`live: ${count(s.traces, 'trace')}, ${count(s.spans, 'span')} so far`);
    },
  });
  console.log(`live: ${count(stats.sessions, 'session')}, ${count(stats.traces, 'trace')}, ${count(stats.spans, 'span')} in ${count(stats.requests, 'request')}`);
  console.log(`faults: ${faultSummary(stats.faults)}`);
  console.log(rateLine(stats.spans, stats.elapsedMs));
}

async function main(): Promise<void> {
  const options = optionsOrExit(process.argv.slice(2));
  const emitter = createEmitter({
    endpoint: options.endpoint,
    protocol: options.protocol,
    headers: options.key ? { Authorization: `Bearer ${options.key}` } : undefined,
    seed: options.seed,
    concurrency: options.concurrency,
  });
  try {
    await checkReachable(options.endpoint);
    console.log(`simulate: sending to ${emitter.url} (${options.protocol}, seed ${options.seed})`);
    const sim = new Simulation({ seed: options.seed, users: options.users, faultRates: faultRates(options) });
    if (options.sessions > 0) await sendHistory(sim, emitter, options);
    if (options.rate > 0) await sendLive(sim, emitter, options);
  } finally {
    await emitter.shutdown().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof ExportError) process.stderr.write(`simulate: cannot send to ${err.url}: ${err.reason}\n`);
    else if (err instanceof RangeError) {
      // The generator refuses options it cannot plan with (e.g. too few --users for the sessions asked).
      process.stderr.write(`simulate: ${err.message}\n`);
      process.exit(2);
    } else process.stderr.write(`simulate: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
