import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import type { DecodedEvent } from '@/ingest/otlp/types';
import { Analyzer } from '@/lib/analyzer/analyzer';
import type { Store } from '@/lib/db/store';
import { sessionDetailSchema } from '@/lib/schemas/sessions';
import { attrs, hexId, makeEvent, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import { tempStore } from '@/tests/helpers/temp-store';
import { getSessionDetail as getSession } from './session-detail';

/** The session detail read from a real store, as the analyzer left it: context sizes and declared updates, as the session page charts them. */

let store: Store;
let writer: Writer;
let analyzer: Analyzer;
let cleanup: () => Promise<void>;
const T0 = Date.now() - 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '000000Z');

const snapshot = (ms: number, values: Record<string, string>): DecodedEvent => makeEvent('baton.context.snapshot', values, nsAt(ms));

/** Turn n of session `sess-ctx`: one agent span whose snapshots record facts and token counts. */
function turn(n: number, events: DecodedEvent[]) {
  const start = T0 + n * 60_000;
  return makeSpan({
    traceId: hexId(n, 16, 7),
    spanId: hexId(n, 8, 7),
    name: 'invoke_agent planner',
    startNs: nsAt(start),
    endNs: nsAt(start + 5_000),
    attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'session.id': 'sess-ctx', 'user.id': 'u-ctx' }),
    events,
  });
}

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  analyzer = new Analyzer(store, { debounceMs: 5 });
  await analyzer.start();
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20, onCommit: (c) => analyzer.notify(c.touched, c.analysis) });
  const first = turn(1, [
    snapshot(T0 + 60_100, { 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': '{"budget": 300}', 'baton.snapshot.tokens': '1200', 'baton.snapshot.token_limit': '8000' }),
    // No token count: not a point of the context chart.
    snapshot(T0 + 60_200, { 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': '{"budget": 300, "city": "Lyon"}' }),
  ]);
  const second = turn(2, [
    snapshot(T0 + 120_100, {
      'baton.snapshot.phase': 'compaction_after',
      'baton.snapshot.facts': '{"budget": 400, "city": "Lyon"}',
      'baton.snapshot.updates': '["budget"]',
      'baton.snapshot.tokens': '8000',
      'baton.snapshot.token_limit': '8000',
      'baton.snapshot.truncated': 'true',
    }),
  ]);
  // Newest turn first, as exporters may deliver them.
  await writer.write(toRows(makeTraces([second]), rowOptions(30)));
  await writer.write(toRows(makeTraces([first]), rowOptions(30)));
  await analyzer.idle();
});
afterAll(async () => {
  await writer.close();
  await analyzer.stop();
  await cleanup();
});

describe('session detail', () => {
  it('charts the context size of every snapshot that recorded one, in time order', async () => {
    const detail = await getSession(store.client, 'sess-ctx');
    expect(detail?.context).toEqual([
      { time: iso(T0 + 60_100), agent: 'planner', phase: 'checkpoint', tokens: 1200, tokenLimit: 8000, truncated: false, traceId: hexId(1, 16, 7), spanId: hexId(1, 8, 7) },
      { time: iso(T0 + 120_100), agent: 'planner', phase: 'compaction_after', tokens: 8000, tokenLimit: 8000, truncated: true, traceId: hexId(2, 16, 7), spanId: hexId(2, 8, 7) },
    ]);
    // The response the route returns passes its schema.
    expect(sessionDetailSchema.safeParse(detail).success).toBe(true);
  });

  it('says which observations were declared updates, so the ledger can tell them from contradictions', async () => {
    const detail = await getSession(store.client, 'sess-ctx');
    expect(detail?.facts.map((f) => [f.key, f.value, f.declared, f.contradiction])).toEqual([
      ['budget', 300, false, null],
      ['budget', 300, false, null],
      ['city', 'Lyon', false, null],
      ['budget', 400, true, null],
      ['city', 'Lyon', false, null],
    ]);
    expect(detail?.contradictions).toEqual([]);
    expect(detail?.session).toMatchObject({ sessionId: 'sess-ctx', userId: 'u-ctx', traces: 2 });
  });

  it('is undefined for a session no trace names', async () => {
    expect(await getSession(store.client, 'no-such-session')).toBeUndefined();
  });
});
