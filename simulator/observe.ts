import type { TraceDetail } from '@/lib/schemas/api';
import type { HandoffList } from '@/lib/schemas/handoffs';
import type { SessionContradictionPage, SessionDetail, SessionHandoffPage, SessionTurnPage } from '@/lib/schemas/sessions';
import type { Observed, SpanIds } from './score';
import type { SimPlan } from './types';

/**
 * Reads what Baton made of a simulation through /api/v1: every planned
 * session and trace. Baton analyses in the background, so this first waits,
 * on the cheap handoff list, until every planned explicit handoff is complete
 * and the list stops changing (or the deadline passes: what Baton has then is
 * what is scored), and then reads each session and trace until every session
 * is analysed and two reads agree. A session's
 * lists come a page at a time: its turns, handoffs and contradictions are
 * read to the end.
 */

export interface ObserveOptions {
  /** Give up waiting for the analysis to settle after this long. Default 60 s. */
  timeoutMs?: number;
  pollMs?: number;
  /** Two full reads this far apart must agree before the result counts as settled. Default 1.5 s. */
  stableMs?: number;
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** Called once the analysis has settled (or the deadline passed), before the full read. */
  onSettled?: () => void;
}

async function getJson<T>(url: string): Promise<T | undefined> {
  const res = await fetch(url);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Every page of one of a session's lists after the first, by following the cursors. */
async function rest<P extends { nextCursor: string | null }, T>(url: string, cursor: string | null, items: (page: P) => T[]): Promise<T[]> {
  const out: T[] = [];
  while (cursor) {
    const page: P | undefined = await getJson<P>(`${url}?limit=200&cursor=${encodeURIComponent(cursor)}`);
    if (!page) break;
    out.push(...items(page));
    cursor = page.nextCursor;
  }
  return out;
}

/** A session with its turns, handoffs and contradictions read to the end. */
async function readSession(apiBase: string, id: string): Promise<SessionDetail | undefined> {
  const base = `${apiBase}/api/v1/sessions/${encodeURIComponent(id)}`;
  const d = await getJson<SessionDetail>(`${base}?limit=200`);
  if (!d) return undefined;
  return {
    ...d,
    traces: [...d.traces, ...(await rest(`${base}/turns`, d.nextCursors.turns, (p: SessionTurnPage) => p.turns))],
    handoffs: [...d.handoffs, ...(await rest(`${base}/handoffs`, d.nextCursors.handoffs, (p: SessionHandoffPage) => p.handoffs))],
    contradictions: [...d.contradictions, ...(await rest(`${base}/contradictions`, d.nextCursors.contradictions, (p: SessionContradictionPage) => p.contradictions))],
    nextCursors: { ...d.nextCursors, turns: null, handoffs: null, contradictions: null },
  };
}

async function readOnce(apiBase: string, plan: SimPlan, ids: SpanIds, concurrency: number): Promise<Observed> {
  const sessionIds = plan.sessions.map((s) => s.sessionId);
  const traceIds = [...new Set(plan.traces.map((t) => ids.get(t.spans[0]!.key)?.traceId).filter((id): id is string => Boolean(id)))];
  const sessions = await mapLimit(sessionIds, concurrency, (id) => readSession(apiBase, id));
  const traces = await mapLimit(traceIds, concurrency, (id) => getJson<TraceDetail>(`${apiBase}/api/v1/traces/${id}`));
  return {
    sessions: new Map(sessionIds.flatMap((id, i) => (sessions[i] ? [[id, sessions[i]] as const] : []))),
    traces: new Map(traceIds.flatMap((id, i) => (traces[i] ? [[id, traces[i]] as const] : []))),
  };
}

/** Every handoff Baton stored in the plan's time range, as `id status severity` lines. */
async function handoffState(apiBase: string, plan: SimPlan): Promise<string[]> {
  const from = Math.min(...plan.sessions.map((s) => s.startMs)) - 1;
  const to = Math.max(...plan.sessions.map((s) => s.endMs)) + 1;
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const query: URLSearchParams = new URLSearchParams({ from: String(from), to: String(to), limit: '200' });
    if (cursor) query.set('cursor', cursor);
    const page: HandoffList | undefined = await getJson<HandoffList>(`${apiBase}/api/v1/handoffs?${query}`);
    if (!page) break;
    out.push(...page.handoffs.map((h) => `${h.id} ${h.status} ${h.drift.severity}`));
    cursor = page.nextCursor;
  } while (cursor);
  return out.sort();
}

export async function observe(apiBase: string, plan: SimPlan, ids: SpanIds, options: ObserveOptions = {}): Promise<Observed> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const explicit = plan.handoffs.flatMap((h) => (h.id ? [h.id] : []));
  let last = '';
  for (;;) {
    const state = await handoffState(apiBase, plan);
    const complete = new Set(state.filter((l) => l.split(' ')[1] === 'complete').map((l) => l.split(' ')[0]));
    const now = state.join('\n');
    if ((explicit.every((id) => complete.has(id)) && now === last) || Date.now() > deadline) break;
    last = now;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
  options.onSettled?.();
  // The session summaries are written after the handoffs, and a session whose user's earlier session changed is
  // folded again in a later run: read until every session is analysed and two reads, a while apart, agree.
  let previous = '';
  for (;;) {
    const observed = await readOnce(apiBase, plan, ids, options.concurrency ?? 8);
    const analysed = [...observed.sessions.values()].every((s) => !s.analysisPending || s.analysisFailure);
    const now = JSON.stringify([[...observed.sessions], [...observed.traces]]);
    if ((analysed && now === previous) || Date.now() > deadline) return observed;
    previous = now;
    await new Promise((r) => setTimeout(r, options.stableMs ?? 1_500));
  }
}
