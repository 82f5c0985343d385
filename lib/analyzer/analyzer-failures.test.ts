import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import { readSetting } from '@/lib/db/settings';
import type { Store } from '@/lib/db/store';
import { getSessionDetail } from '@/lib/queries/session-detail';
import { getTrace } from '@/lib/queries/traces';
import { attrs, hexId, makeEvent, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import { select, tempStore } from '@/tests/helpers/temp-store';
import { analyseBatch, type AnalyseBatch } from './analyse-batch';
import { Analyzer } from './analyzer';
import { FIRST_BACKOFF_MS } from './failures';

/**
 * One unit's failure never holds up another's: the analysis of one session is
 * made to throw (as a bug would); every other session of the same batch is
 * analysed, the failure is recorded with its reason and a retry time, the
 * progress mark moves on, and the APIs say why the session has no analysis.
 */

let store: Store;
let cleanup: () => Promise<void>;
const T0 = Date.now() - 600_000;
const POISON = 'sess-poison';

/** The real analysis, except that any batch holding the poison session throws. */
const failing: AnalyseBatch = (s, project, units) => {
  if (units.some((u) => u.sessionId === POISON)) throw new RangeError('Maximum call stack size exceeded');
  return analyseBatch(s, project, units);
};

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
});
afterAll(() => cleanup());

const turn = (trace: number, session: string) => [
  makeSpan({
    traceId: hexId(trace, 16),
    spanId: hexId(1, 8),
    name: 'invoke_agent triage',
    startNs: nsAt(T0 + trace),
    endNs: nsAt(T0 + trace + 50),
    attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'triage', 'session.id': session }),
    events: [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'sent', 'baton.snapshot.facts': '{"order":1}', 'baton.handoff.id': `h-${trace}` }, nsAt(T0 + trace + 1))],
  }),
  makeSpan({
    traceId: hexId(trace, 16),
    spanId: hexId(2, 8),
    parentSpanId: hexId(1, 8),
    name: 'invoke_agent billing',
    startNs: nsAt(T0 + trace + 10),
    endNs: nsAt(T0 + trace + 40),
    attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'billing' }),
    events: [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'received', 'baton.snapshot.facts': '{}', 'baton.handoff.id': `h-${trace}` }, nsAt(T0 + trace + 11))],
  }),
];

describe('analysis failures', () => {
  it('analyses every other session of the batch, records the failure, and moves the mark on', async () => {
    const analyzer = new Analyzer(store, { debounceMs: 5, analyse: failing });
    const writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20, onCommit: (c) => analyzer.notify(c.touched) });
    await analyzer.start();
    const sessions = Array.from({ length: 8 }, (_, i) => (i === 3 ? POISON : `sess-ok-${i}`));
    // One request: every session lands in the same analysis batch.
    await writer.write(toRows(makeTraces(sessions.flatMap((s, i) => turn(100 + i, s))), rowOptions(30)));
    await analyzer.idle();

    const analysed = await select<{ session_id: string }>(store, 'SELECT session_id FROM sessions FINAL ORDER BY session_id');
    expect(analysed.map((r) => r.session_id)).toEqual(sessions.filter((s) => s !== POISON).sort());
    expect(analyzer.failing.map((f) => [f.unit.sessionId, f.attempts, f.reason])).toEqual([[POISON, 1, 'RangeError: Maximum call stack size exceeded']]);
    expect(analyzer.failing[0]!.nextAttempt).toBeGreaterThan(Date.now() + FIRST_BACKOFF_MS - 5_000);
    expect(Number(await readSetting(store.client, 'analyzer_watermark_ms'))).toBeGreaterThan(T0);

    // The APIs say why: the trace, and the session (served from what is stored: its traces, not analysed).
    const trace = await getTrace(store.client, hexId(103, 16));
    expect(trace?.analysisFailure).toMatchObject({ reason: 'RangeError: Maximum call stack size exceeded', attempts: 1 });
    const session = await getSessionDetail(store.client, POISON);
    expect(session?.analysisFailure?.reason).toBe('RangeError: Maximum call stack size exceeded');
    expect(session?.analysisPending).toBe(true);
    expect(session?.session).toMatchObject({ sessionId: POISON, traces: 1, spans: 2 });
    expect(session?.traces.map((t) => t.traceId)).toEqual([hexId(103, 16)]);
    const healthy = await getSessionDetail(store.client, 'sess-ok-0');
    expect([healthy?.analysisFailure, healthy?.analysisPending]).toEqual([null, false]);

    await writer.close();
    await analyzer.stop();
  });

  it('goes on retrying after a restart, and clears the failure once the unit analyses', async () => {
    // A new analyzer (as after a restart), now with an analysis that works.
    const analyzer = new Analyzer(store, { debounceMs: 5, intervalMs: 20 });
    await analyzer.start();
    expect(analyzer.failing.map((f) => f.unit.sessionId)).toEqual([POISON]);
    // Not due yet: backoff holds it; make it due as if the time had passed.
    for (const f of analyzer.failing) f.nextAttempt = Date.now();
    await expect.poll(() => analyzer.failing.length, { timeout: 10_000 }).toBe(0);
    await analyzer.idle();
    const [row] = await select<{ n: string }>(store, "SELECT count() AS n FROM sessions FINAL WHERE session_id = {s:String}", { s: POISON });
    expect(Number(row!.n)).toBe(1);
    const trace = await getTrace(store.client, hexId(103, 16));
    expect(trace?.analysisFailure).toBeNull();
    await analyzer.stop();
  });
});
