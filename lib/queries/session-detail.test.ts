import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import type { DecodedSpan } from '@/ingest/otlp/types';
import { readSession, type UnitAnalysis } from '@/lib/analyzer/analyze-unit';
import { Analyzer } from '@/lib/analyzer/analyzer';
import { saveFailures } from '@/lib/analyzer/failures';
import type { Store } from '@/lib/db/store';
import { nanosToIso } from '@/lib/domain/time';
import { ledgerPageParamsSchema, sessionPageParamsSchema } from '@/lib/schemas/session-pages';
import { sessionDetailSchema } from '@/lib/schemas/sessions';
import { makeTraces } from '@/tests/helpers/factories';
import { randomSession, rng, shuffle } from '@/tests/helpers/random-sessions';
import { tempStore } from '@/tests/helpers/temp-store';
import { getHandoffDetail } from './handoff-detail';
import { getSessionContradictions, getSessionDetail, getSessionFacts, getSessionHandoffs, getSessionTurns } from './session-detail';
import { contextSizes } from './session-context';

/**
 * The session API reads what the analyzer stored, and that is the analysis:
 * random sessions of three users are written span by span in random batches
 * through the real writer, the real analyzer folds them in as they arrive,
 * and then every list is paged through with several page sizes and compared
 * with `readSession` (the whole-session analysis of the same stored data).
 * Sessions the analyzer has not folded, or whose analysis failed, are served
 * from what is stored and say so.
 */

let store: Store;
let cleanup: () => Promise<void>;
let analyzer: Analyzer;
let writer: Writer;
/** Writes without telling the analyzer: data it has not analysed. */
let quiet: Writer;

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const sessionOf = (seed: number) => `read-${seed}`;

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  analyzer = new Analyzer(store, { debounceMs: 5 });
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20, onCommit: (c) => analyzer.notify(c.touched, c.analysis) });
  quiet = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20 });
  await analyzer.start();
  const r = rng(77);
  const pending = shuffle(r, SEEDS.flatMap((seed) => randomSession(seed, sessionOf(seed), { userId: `u-${seed % 3}`, tokens: true })));
  while (pending.length > 0) await writer.write(toRows(makeTraces(pending.splice(0, 1 + r.int(8))), rowOptions(30)));
  await analyzer.idle();
}, 120_000);
afterAll(async () => {
  await writer.close();
  await quiet.close();
  await analyzer.stop();
  await cleanup();
});

type Page<T> = { items: T[]; nextCursor: string | null };

/** Every item of a list, page by page with `limit`, checking that each full page is full and the last one ends the list. */
async function pageAll<T>(limit: number, read: (cursor: string | undefined) => Promise<Page<T> | undefined>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; ; pages++) {
    const page = await read(cursor);
    if (!page) throw new Error('session not found');
    if (page.nextCursor) expect(page.items).toHaveLength(limit);
    out.push(...page.items);
    if (!page.nextCursor) return out;
    expect(pages).toBeLessThan(10_000);
    cursor = page.nextCursor;
  }
}

const asked = (limit: number, cursor: string | undefined) => ({ limit: String(limit), ...(cursor ? { cursor } : {}) });
const client = () => store.client;

function lists(sessionId: string, limit: number) {
  return {
    turns: () => pageAll(limit, async (c) => turnsOf(await getSessionTurns(client(), sessionId, sessionPageParamsSchema.parse(asked(limit, c))))),
    handoffs: () => pageAll(limit, async (c) => as(await getSessionHandoffs(client(), sessionId, sessionPageParamsSchema.parse(asked(limit, c))), 'handoffs')),
    facts: () => pageAll(limit, async (c) => as(await getSessionFacts(client(), sessionId, ledgerPageParamsSchema.parse(asked(limit, c))), 'facts')),
    contradictions: () => pageAll(limit, async (c) => as(await getSessionContradictions(client(), sessionId, ledgerPageParamsSchema.parse(asked(limit, c))), 'contradictions')),
  };
}

function as<K extends string, T>(page: ({ [k in K]: T[] } & { nextCursor: string | null }) | undefined, key: K): Page<T> | undefined {
  return page && { items: page[key], nextCursor: page.nextCursor };
}

type TurnPage = NonNullable<Awaited<ReturnType<typeof getSessionTurns>>>;
const turnsOf = (page: TurnPage | undefined): Page<TurnPage['turns'][number] & { contextSizes: TurnPage['context'] }> | undefined =>
  page && { items: page.turns.map((t, i) => ({ ...t, contextSizes: i === 0 ? page.context : [] })), nextCursor: page.nextCursor };

const byTime = <T extends { time: string; traceId: string; spanId: string }>(xs: T[]) =>
  [...xs].sort((a, b) => a.time.localeCompare(b.time) || a.traceId.localeCompare(b.traceId) || a.spanId.localeCompare(b.spanId));

/** What the whole-session analysis says each list holds. */
function expected(a: UnitAnalysis) {
  const c = a.consistency;
  const contradictionOf = new Map(c.contradictions.map((x) => [`${x.time}/${x.traceId}/${x.spanId}/${x.key}`, x]));
  return {
    turns: a.traces.map((t, i) => ({ turn: i + 1, traceId: t.traceId, startTime: nanosToIso(t.startNs), endTime: nanosToIso(t.endNs), ...retentionOf(a, t.traceId) })),
    facts: c.facts.map((f) => {
      const x = contradictionOf.get(`${f.time}/${f.traceId}/${f.spanId}/${f.key}`);
      return { ...f, time: nanosToIso(f.time), contradiction: x ? { scope: x.scope, from: x.from } : null };
    }),
    contradictions: c.contradictions.map((x) => ({ ...x, time: nanosToIso(x.time) })),
    handoffs: [...a.handoffs].sort((x, y) => x.time.localeCompare(y.time) || (x.id < y.id ? -1 : 1)).map((h) => ({ id: h.id, status: h.status, source: h.source, fromAgent: h.fromAgent, toAgent: h.toAgent, drift: h.drift })),
    context: byTime(contextSizes(a.snapshots)),
  };
}

function retentionOf(a: UnitAnalysis, traceId: string) {
  const r = a.consistency.retention.find((x) => x.traceId === traceId);
  return { retention: r?.retention ?? null, established: r?.established ?? 0, held: r?.held ?? 0 };
}

describe('session reads from stored results', () => {
  it('pages every list in order, each item once, and equals the analysis from scratch', { timeout: 300_000 }, async () => {
    expect(analyzer.failing).toEqual([]);
    let contradictionsSeen = 0;
    let crossSession = 0;
    for (const seed of SEEDS) {
      const sessionId = sessionOf(seed);
      const scratch = (await readSession(client(), 'default', sessionId))!;
      const want = expected(scratch);
      const detail = (await getSessionDetail(client(), sessionId, 3))!;
      expect(sessionDetailSchema.safeParse(detail).success).toBe(true);
      expect([detail.analysisPending, detail.analysisFailure]).toEqual([false, null]);
      const c = scratch.consistency;
      const complete = scratch.handoffs.filter((h) => h.status === 'complete');
      const durations = scratch.traces.map((t) => Number(BigInt(t.endNs) - BigInt(t.startNs)));
      expect(detail.session, sessionId).toEqual({
        sessionId,
        userId: scratch.userId,
        startTime: nanosToIso(scratch.traces[0]!.startNs),
        endTime: nanosToIso(scratch.traces.map((t) => t.endNs).sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)).at(-1)!),
        traces: scratch.traces.length,
        spans: scratch.spans.spans.length,
        errors: scratch.spans.errors,
        agents: [...new Set(scratch.spans.spans.filter((s) => s.type === 'agent' && s.agent).map((s) => s.agent))].sort(),
        handoffs: scratch.handoffs.length,
        driftedHandoffs: complete.filter((h) => h.drift.severity !== 'none').length,
        contradictions: c.contradictions.length,
        score: c.score,
      });
      expect(detail.metrics, sessionId).toEqual({
        meanRetention: c.meanRetention,
        meanFidelity: c.meanFidelity,
        handoffs: scratch.handoffs.length,
        driftedHandoffs: complete.filter((h) => h.drift.severity !== 'none').length,
        pendingHandoffs: scratch.handoffs.length - complete.length,
        criticalHandoffs: complete.filter((h) => h.drift.severity === 'critical').length,
        warningHandoffs: complete.filter((h) => h.drift.severity === 'warning').length,
        contradictions: c.contradictions.length,
        truncations: c.truncations,
        errors: scratch.spans.errors,
        tokens: { input: scratch.spans.inputTokens, output: scratch.spans.outputTokens },
        meanTraceDurationNs: Math.round(durations.reduce((x, y) => x + y, 0) / durations.length),
        previousSessionId: scratch.previousSessionId,
        score: c.score,
        scoreFormula: expect.stringMatching(/^score = min\(100 × /),
      });
      for (const limit of [1, 2, 5]) {
        const got = lists(sessionId, limit);
        const turns = await got.turns();
        expect(turns.map((t) => ({ turn: t.turn, traceId: t.traceId, startTime: t.startTime, endTime: t.endTime, retention: t.retention, established: t.established, held: t.held })), `${sessionId} turns by ${limit}`).toEqual(want.turns);
        expect(byTime(turns.flatMap((t) => t.contextSizes)), `${sessionId} context by ${limit}`).toEqual(want.context);
        expect(await got.facts(), `${sessionId} facts by ${limit}`).toEqual(want.facts);
        expect(await got.contradictions(), `${sessionId} contradictions by ${limit}`).toEqual(want.contradictions);
        const handoffs = await got.handoffs();
        expect(handoffs.map((h) => ({ id: h.id, status: h.status, source: h.source, fromAgent: h.fromAgent, toAgent: h.toAgent, drift: h.drift })), `${sessionId} handoffs by ${limit}`).toEqual(want.handoffs);
      }
      // The detail's first pages are the lists' first pages.
      expect(detail.traces.map((t) => t.traceId)).toEqual(want.turns.slice(0, 3).map((t) => t.traceId));
      expect([detail.facts, detail.contradictions]).toEqual([want.facts.slice(0, 3), want.contradictions.slice(0, 3)]);
      expect(detail.handoffs.map((h) => h.id)).toEqual(want.handoffs.slice(0, 3).map((h) => h.id));
      expect(detail.nextCursors.facts === null).toBe(want.facts.length <= 3);
      contradictionsSeen += want.contradictions.length;
      crossSession += want.contradictions.filter((x) => x.scope === 'cross-session').length;
    }
    // The sessions exercise what the comparison is about.
    expect(contradictionsSeen).toBeGreaterThan(10);
    expect(crossSession).toBeGreaterThan(0);
  });

  it('gives each handoff the sides its drift compared, without analysing its session', { timeout: 120_000 }, async () => {
    let compared = 0;
    for (const seed of SEEDS.slice(0, 6)) {
      const scratch = (await readSession(client(), 'default', sessionOf(seed)))!;
      for (const h of scratch.handoffs) {
        const detail = (await getHandoffDetail(client(), h.id))!;
        const snapshotSide = (x: { spanId: string; time: string | null; facts: unknown } | null) => x && { spanId: x.spanId, time: x.time, facts: x.facts };
        if (h.compared.sender || h.compared.receiver || h.drift.method !== 'text') {
          const want = (x: (typeof h.compared)['sender']) => x && { spanId: x.spanId, time: nanosToIso(x.time), facts: x.facts };
          expect({ sender: snapshotSide(detail.sender), receiver: snapshotSide(detail.receiver) }, h.id).toEqual({ sender: want(h.compared.sender), receiver: want(h.compared.receiver) });
        } else {
          // Text method: each side is the agent span and what it was given.
          // (A side whose span is unknown, such as the receiver of a pending handoff, is absent.)
          const given = (x: typeof detail.sender) => [x?.spanId ?? '', x?.text ?? null];
          expect([...given(detail.sender), ...given(detail.receiver)], h.id).toEqual([h.fromSpanId, h.fromSpanId ? h.compared.senderText : null, h.toSpanId, h.toSpanId ? h.compared.receiverText : null]);
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('serves what the analyzer stored, not a fresh analysis of what arrived since', async () => {
    const sessionId = sessionOf(1);
    const before = (await getSessionDetail(client(), sessionId))!;
    const late: DecodedSpan[] = randomSession(901, sessionId, { turns: 1 });
    await quiet.write(toRows(makeTraces(late), rowOptions(30)));
    const fresh = (await readSession(client(), 'default', sessionId))!;
    expect(fresh.traces).toHaveLength(before.session.traces + 1);
    const after = (await getSessionDetail(client(), sessionId))!;
    expect(after.session).toEqual(before.session);
    expect(after.traces.map((t) => t.traceId)).toEqual(before.traces.map((t) => t.traceId));
    // Once the analyzer hears of the commit, the stored results have the turn.
    analyzer.notify([...new Set(late.map((s) => s.traceId))].map((traceId) => ({ project: 'default', traceId })));
    await analyzer.idle();
    expect((await getSessionDetail(client(), sessionId))!.session.traces).toBe(before.session.traces + 1);
  });

  it('answers a session the analyzer has not folded yet from its traces, and says so', async () => {
    const sessionId = 'read-pending';
    await quiet.write(toRows(makeTraces(randomSession(950, sessionId, { turns: 5, userId: 'u-pending', tokens: true })), rowOptions(30)));
    const scratch = (await readSession(client(), 'default', sessionId))!;
    const detail = (await getSessionDetail(client(), sessionId, 2))!;
    expect(sessionDetailSchema.safeParse(detail).success).toBe(true);
    expect(detail.analysisPending).toBe(true);
    expect(detail.session).toMatchObject({ sessionId, userId: 'u-pending', traces: 5, spans: scratch.spans.spans.length, errors: scratch.spans.errors, contradictions: 0 });
    expect([detail.facts, detail.contradictions, detail.nextCursors.facts, detail.nextCursors.contradictions]).toEqual([[], [], null, null]);
    const turns = await lists(sessionId, 2).turns();
    expect(turns.map((t) => [t.turn, t.traceId, t.retention])).toEqual(scratch.traces.map((t, i) => [i + 1, t.traceId, null]));
    expect(byTime(turns.flatMap((t) => t.contextSizes))).toEqual(byTime(contextSizes(scratch.snapshots)));
  });

  it('says why a session has no fresh analysis, and still serves what is stored', async () => {
    const failure = (sessionId: string) => ({ unit: { project: 'default', sessionId, traceIds: [] }, reason: 'RangeError: Maximum call stack size exceeded', attempts: 2, nextAttempt: Date.now() + 60_000 });
    await saveFailures(client(), [failure(sessionOf(2)), failure('read-pending')], true);
    const analysed = (await getSessionDetail(client(), sessionOf(2)))!;
    expect(analysed.analysisFailure).toMatchObject({ reason: 'RangeError: Maximum call stack size exceeded', attempts: 2 });
    expect(analysed.analysisPending).toBe(false);
    expect(analysed.traces.length).toBeGreaterThan(0);
    const pending = (await getSessionDetail(client(), 'read-pending'))!;
    expect([pending.analysisPending, pending.analysisFailure?.attempts, pending.traces.length]).toEqual([true, 2, 5]);
  });

  it('knows no session that no trace names', async () => {
    const ask = { limit: 5 };
    expect(await getSessionDetail(client(), 'no-such-session')).toBeUndefined();
    expect(await Promise.all([getSessionTurns(client(), 'no-such-session', ask), getSessionHandoffs(client(), 'no-such-session', ask), getSessionFacts(client(), 'no-such-session', ask), getSessionContradictions(client(), 'no-such-session', ask)])).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('takes back only the cursors each list gave', async () => {
    const turns = (await getSessionTurns(client(), sessionOf(3), { limit: 1 }))!;
    const facts = (await getSessionFacts(client(), sessionOf(3), { limit: 1 }))!;
    expect(turns.nextCursor && facts.nextCursor).toBeTruthy();
    expect(ledgerPageParamsSchema.safeParse({ cursor: turns.nextCursor }).success).toBe(false);
    expect(ledgerPageParamsSchema.safeParse({ cursor: facts.nextCursor }).success).toBe(true);
    expect(sessionPageParamsSchema.safeParse({ cursor: turns.nextCursor }).success).toBe(true);
  });
});
