import { createEmitter } from './emit';
import { runLive } from './live';
import { Simulation } from './plan';

/**
 * The simulator side of `npm run demo` (scripts/demo.mjs runs Baton and
 * calls this once it is ready): a history of sessions, sent once per store,
 * so that every page has content at once, then live traffic until the
 * signal aborts.
 */

export const DEMO = {
  seed: 1,
  sessions: 60,
  days: 14,
  tracesPerSecond: 0.2,
} as const;

const DAY_MS = 86_400_000;

export interface DemoOptions {
  /** Baton's UI and API, e.g. `http://127.0.0.1:3000`. */
  apiUrl: string;
  /** Baton's OTLP/HTTP receiver, e.g. `http://127.0.0.1:4318`. */
  otlpEndpoint: string;
  /** The first of `BATON_INGEST_KEYS`, when set. */
  ingestKey?: string;
  /** `BATON_RETENTION_DAYS`: the history stays within it. */
  retentionDays: number;
  /** Stops the live traffic. */
  signal: AbortSignal;
  log: (line: string) => void;
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const headers = options.ingestKey ? { Authorization: `Bearer ${options.ingestKey}` } : undefined;
  const sim = new Simulation({ seed: DEMO.seed });
  const now = Date.now();
  const days = Math.max(1, Math.min(DEMO.days, options.retentionDays - 1));
  const history = sim.sessions(DEMO.sessions, { fromMs: now - days * DAY_MS, toMs: now });
  const emitter = createEmitter({ endpoint: options.otlpEndpoint, headers, seed: DEMO.seed });
  // Live traffic gets a seed of its own on every run (session, handoff, trace and span ids
  // all derive from it): a restarted demo must not resend ids Baton already holds.
  const liveSeed = liveSeedAt(now);
  const liveSim = new Simulation({ seed: liveSeed });
  const live = createEmitter({ endpoint: options.otlpEndpoint, headers, seed: liveSeed });
  try {
    // The last session of the history is sent last: when it is stored, the history is.
    const last = history.sessions.at(-1)?.sessionId;
    if (last !== undefined && !(await sessionStored(options.apiUrl, last))) {
      const started = performance.now();
      const sent = await emitter.emit(history);
      const seconds = ((performance.now() - started) / 1_000).toFixed(1);
      options.log(
        `demo: sent a history of ${history.sessions.length} sessions over the last ${days} days: ${sent.traces} traces, ${sent.spans} spans, ${history.faults.length} labelled faults (${seconds} s)`,
      );
    } else {
      options.log('demo: the demo history is already stored; sending live traffic only');
    }
    if (options.signal.aborted) return;
    options.log(`demo: sending live traffic, about ${DEMO.tracesPerSecond} traces/s; Ctrl-C stops it and Baton`);
    let reported = Date.now();
    await runLive(liveSim, live, {
      tracesPerSecond: DEMO.tracesPerSecond,
      signal: options.signal,
      onProgress: (stats) => {
        if (Date.now() - reported < 60_000) return;
        reported = Date.now();
        options.log(`demo: live traffic so far: ${stats.traces} traces, ${stats.spans} spans`);
      },
    });
  } finally {
    await Promise.all([emitter.shutdown(), live.shutdown()]);
  }
}

/** A seed for one run's live traffic: the second it started (never the history's seed). */
export function liveSeedAt(nowMs: number): number {
  const seed = Math.floor(nowMs / 1_000) >>> 0;
  return seed === DEMO.seed ? seed + 1 : seed;
}

/** Whether Baton holds this session (GET /api/v1/sessions/{id}: 200, or 404). */
async function sessionStored(apiUrl: string, sessionId: string): Promise<boolean> {
  const url = `${apiUrl}/api/v1/sessions/${encodeURIComponent(sessionId)}`;
  const res = await fetch(url);
  await res.text(); // read it whole: cancelling the body can stall when Baton runs in this process

  if (res.status === 200) return true;
  if (res.status === 404) return false;
  throw new Error(`GET ${url} answered ${res.status}`);
}
