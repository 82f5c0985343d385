import { writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';
import { encodeTurns, type Turn } from './handoff-dense';
import { post, quantiles } from './measure';

/**
 * Long sessions: a session already `turns` long grows by one turn (8 spans,
 * one explicit handoff with both snapshots) per request, as an agent that
 * runs for hours does. For each appended turn: how long after its
 * acknowledgement its handoff is complete in the API, and how long
 * `GET /api/v1/sessions/{id}` then takes. With analysis that follows what a
 * commit brings, neither grows with the session's length.
 */

export interface LongSessionOptions {
  /** Session lengths to measure, each its own session in one store. */
  lengths: number[];
  /** Turns appended one request at a time to each. */
  appends: number;
}

export interface LongSessionFigure {
  turns: number;
  appendAckMs: ReturnType<typeof quantiles>;
  completeAfterAckMs: ReturnType<typeof quantiles>;
  sessionApiMs: ReturnType<typeof quantiles>;
}

const PREFILL_PER_REQUEST = 64;

async function completeIn(baton: BatonProcess, fromMs: number, toMs: number): Promise<{ complete: number; total: number }> {
  // A keep-alive socket the server has just closed resets the request: the caller polls again.
  const res = await baton.api<{ handoffs: { complete: number; total: number } }>(`/api/v1/stats?from=${fromMs}&to=${toMs}`).catch(() => null);
  return res?.body.handoffs ?? { complete: 0, total: 0 };
}

async function until(check: () => Promise<boolean>, intervalMs: number, limitMs: number): Promise<number | null> {
  const t = performance.now();
  while (performance.now() - t < limitMs) {
    if (await check()) return performance.now() - t;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return null;
}

/** Sends the first `length` turns of a session (several clients) and waits until all their handoffs are complete. */
async function prefill(baton: BatonProcess, agent: Agent, url: URL, turns: Turn[], baseMs: number): Promise<void> {
  const requests: Buffer[] = [];
  for (let i = 0; i < turns.length; i += PREFILL_PER_REQUEST) requests.push(encodeTurns(turns.slice(i, i + PREFILL_PER_REQUEST)));
  let next = 0;
  const client = async () => {
    for (let i = next++; i < requests.length; i = next++) while ((await post(agent, url, requests[i]!)) !== 200) await new Promise((r) => setTimeout(r, 50));
  };
  await Promise.all(Array.from({ length: 4 }, client));
  const last = turns[turns.length - 1]!.startMs;
  const settled = await until(async () => (await completeIn(baton, baseMs - 1, last + 1_000)).complete >= turns.length, 500, 600_000);
  if (settled === null) throw new Error(`the ${turns.length}-turn session's handoffs were not all complete within 10 minutes`);
}

export async function runLongSessionBench(o: LongSessionOptions): Promise<LongSessionFigure[]> {
  const baton = await startBaton({ env: { BATON_CHECK_RESPONSES: '0' } });
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const url = new URL(baton.otlpUrl);
  const figures: LongSessionFigure[] = [];
  try {
    for (const [index, length] of o.lengths.entries()) {
      // Each length is its own session (and trace-id range); turns one second apart, ending before now.
      const baseMs = Date.now() - (length + o.appends + 60) * 1_000;
      const turnOf = (i: number): Turn => ({ turn: index * 10_000_000 + i, session: 1_000 + index, startMs: baseMs + i * 1_000 });
      await prefill(baton, agent, url, Array.from({ length }, (_, i) => turnOf(i)), baseMs);
      const acks: number[] = [];
      const completes: number[] = [];
      const reads: number[] = [];
      for (let a = 0; a < o.appends; a++) {
        const turn = turnOf(length + a);
        const t = performance.now();
        const status = await post(agent, url, encodeTurns([turn]));
        if (status !== 200) throw new Error(`appending a turn answered ${status}`);
        acks.push(performance.now() - t);
        const waited = await until(async () => (await completeIn(baton, turn.startMs - 1, turn.startMs + 999)).complete >= 1, 10, 120_000);
        if (waited === null) throw new Error(`turn ${length + a}'s handoff was not complete within 2 minutes`);
        completes.push(waited);
        const r = performance.now();
        const session = await baton.api(`/api/v1/sessions/dense-${turn.session}`);
        if (session.status !== 200) throw new Error(`GET /api/v1/sessions answered ${session.status}`);
        reads.push(performance.now() - r);
      }
      figures.push({ turns: length, appendAckMs: quantiles(acks), completeAfterAckMs: quantiles(completes), sessionApiMs: quantiles(reads) });
    }
    return figures;
  } finally {
    agent.destroy();
    await baton.stop();
    if (process.env.BENCH_SERVER_LOG) writeFileSync(process.env.BENCH_SERVER_LOG, baton.output());
    baton.cleanup();
  }
}
