import { Agent } from 'node:http';
import type { SessionDetail, SessionTurnPage } from '@/lib/schemas/sessions';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';
import { encodeDense } from './handoff-dense';
import { post, quantiles } from './measure';

/**
 * Reading one long session (issue 10): a session of N turns (8 spans each,
 * an explicit handoff with both snapshots, facts that change every turn, so
 * contradictions too) sent through the real OTLP/HTTP receiver and folded in
 * by the server's analyzer as it arrives; then the session page's requests
 * timed over HTTP, one at a time after a few warm-up calls: the detail (the
 * summary and the first page of every list) and pages further on of each list.
 */

export interface SessionReadOptions {
  turns: number;
  calls: number;
  spansPerRequest: number;
}

export interface SessionReadResult {
  turns: number;
  spans: number;
  facts: number;
  handoffs: number;
  contradictions: number;
  sendSeconds: number;
  /** From the last acknowledgement until the stored session has every turn (null: not within the wait). */
  settleSeconds: number | null;
  responseKiB: number;
  timings: { name: string; ms: ReturnType<typeof quantiles> }[];
}

const SESSION = 'dense-0';
const base = `/api/v1/sessions/${SESSION}`;

async function time(baton: BatonProcess, path: string, calls: number): Promise<ReturnType<typeof quantiles>> {
  const get = async () => {
    const res = await fetch(`${baton.uiUrl}${path}`);
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    return res.arrayBuffer();
  };
  for (let i = 0; i < 3; i++) await get();
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await get();
    ms.push(performance.now() - t);
  }
  return quantiles(ms);
}

/** A cursor of the turns list about halfway through the session, walked to with pages of 200. */
async function middleTurn(baton: BatonProcess, turns: number): Promise<string> {
  let cursor = '';
  for (let seen = 0; seen < turns / 2; ) {
    const page = (await baton.api<SessionTurnPage>(`${base}/turns?limit=200${cursor && `&cursor=${cursor}`}`)).body;
    if (!page.nextCursor) break;
    seen += page.turns.length;
    cursor = page.nextCursor;
  }
  return cursor;
}

export async function runSessionReadBench(o: SessionReadOptions, settleWaitMs = 1_800_000): Promise<SessionReadResult> {
  // Turns a second apart, ending a minute ago.
  const requests = encodeDense({ spans: o.turns * 8, sessions: 1, spansPerRequest: o.spansPerRequest, baseMs: Date.now() - o.turns * 1_000 - 60_000 });
  const baton = await startBaton({ env: { BATON_CHECK_RESPONSES: '0' } });
  try {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const url = new URL(baton.otlpUrl);
    const started = performance.now();
    for (const body of requests) {
      while ((await post(agent, url, body)) !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    agent.destroy();
    const acked = performance.now();
    let settleSeconds: number | null = null;
    let detail: SessionDetail | undefined;
    while (performance.now() - acked < settleWaitMs) {
      const res = await baton.api<SessionDetail>(base);
      if (res.status === 200 && !res.body.analysisPending && res.body.session.traces === o.turns) {
        settleSeconds = (performance.now() - acked) / 1000;
        detail = res.body;
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    detail ??= (await baton.api<SessionDetail>(base)).body;
    const middle = await middleTurn(baton, o.turns);
    const pages: [string, string][] = [
      ['GET /api/v1/sessions/{id} (summary + first page of each list)', base],
      ['GET …/turns?cursor= (page of 50 from the middle)', `${base}/turns?cursor=${middle}`],
      ['GET …/facts?cursor= (second page of 50)', `${base}/facts?cursor=${detail.nextCursors.facts ?? ''}`],
      ['GET …/contradictions?cursor= (second page of 50)', `${base}/contradictions?cursor=${detail.nextCursors.contradictions ?? ''}`],
      ['GET …/handoffs?cursor= (second page of 50)', `${base}/handoffs?cursor=${detail.nextCursors.handoffs ?? ''}`],
    ];
    const timings = [];
    for (const [name, path] of pages) timings.push({ name, ms: await time(baton, path, o.calls) });
    const size = (await (await fetch(`${baton.uiUrl}${base}`)).arrayBuffer()).byteLength;
    const facts = await countFacts(baton);
    return {
      turns: detail.session.traces,
      spans: detail.session.spans,
      facts,
      handoffs: detail.metrics.handoffs,
      contradictions: detail.metrics.contradictions,
      sendSeconds: (acked - started) / 1000,
      settleSeconds,
      responseKiB: size / 1024,
      timings,
    };
  } finally {
    await baton.stop();
    baton.cleanup();
  }
}

/** The ledger's length, paged through 200 at a time. */
async function countFacts(baton: BatonProcess): Promise<number> {
  let n = 0;
  let cursor = '';
  for (;;) {
    const page = (await baton.api<{ facts: unknown[]; nextCursor: string | null }>(`${base}/facts?limit=200${cursor && `&cursor=${cursor}`}`)).body;
    n += page.facts.length;
    if (!page.nextCursor) return n;
    cursor = page.nextCursor;
  }
}
