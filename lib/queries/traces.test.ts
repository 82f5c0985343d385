import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import { traceListParamsSchema } from '@/lib/schemas/api';
import { attrs, hexId, makeEvent, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import { select, tempStore } from '@/tests/helpers/temp-store';
import type { Store } from '@/lib/db/store';
import type { DecodedSpan } from '@/ingest/otlp/types';
import { getTrace, listTraces } from './traces';

let store: Store;
let writer: Writer;
let cleanup: () => Promise<void>;
const T0 = Date.now() - 3_600_000;

/** Trace n: an agent root (service svc-n%2) with an llm child and a tool child; starts n seconds after T0. */
function agentTrace(n: number, agent = `agent-${n % 3}`): DecodedSpan[] {
  const traceId = hexId(n, 16);
  const start = T0 + n * 1000;
  return [
    makeSpan({ traceId, spanId: hexId(1, 8), name: `request ${n}`, startNs: nsAt(start), endNs: nsAt(start + 500), attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent, 'session.id': `sess-${n}` }) }),
    makeSpan({ traceId, spanId: hexId(2, 8), parentSpanId: hexId(1, 8), name: 'chat gpt-4o', startNs: nsAt(start + 10), endNs: nsAt(start + 200), attrs: attrs({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' }) }),
    makeSpan({ traceId, spanId: hexId(3, 8), parentSpanId: hexId(2, 8), name: 'execute_tool lookup', startNs: nsAt(start + 20), endNs: nsAt(start + 100), statusCode: n % 2 === 0 ? 2 : 0, attrs: attrs({ 'gen_ai.operation.name': 'execute_tool' }) }),
  ];
}

async function send(spans: DecodedSpan[], service = 'svc') {
  await writer.write(toRows(makeTraces(spans, service), rowOptions(30)));
}

const params = (p: Record<string, string>) => traceListParamsSchema.parse({ from: String(T0 - 1000), to: String(T0 + 3_600_000), ...p });

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20 });
  for (let n = 1; n <= 7; n++) {
    const [root, ...rest] = agentTrace(n);
    // Children first and in separate requests, as SDK exporters often deliver them.
    await send(rest, `svc-${n % 2}`);
    await send([root!], `svc-${n % 2}`);
  }
});
afterAll(async () => {
  await writer.close();
  await cleanup();
});

describe('trace list', () => {
  it('pages newest first with a cursor, without overlap', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await listTraces(store.client, params(cursor ? { limit: '3', cursor } : { limit: '3' }));
      sizes.push(page.traces.length);
      seen.push(...page.traces.map((t) => t.traceId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1].map((n) => hexId(n, 16)));
  });

  it('summarizes each trace from its root', async () => {
    const { traces } = await listTraces(store.client, params({ q: 'request 4' }));
    expect(traces).toEqual([
      {
        traceId: hexId(4, 16),
        sessionId: 'sess-4',
        service: 'svc-0',
        rootName: 'request 4',
        agents: ['agent-1'],
        startTime: new Date(T0 + 4000).toISOString().replace('Z', '000000Z'),
        durationNs: 500_000_000,
        spans: 3,
        errors: 1,
      },
    ]);
  });

  it('filters by agent, service, time and text', async () => {
    const ids = async (p: Record<string, string>) => (await listTraces(store.client, params(p))).traces.map((t) => t.traceId);
    expect(await ids({ agent: 'agent-0' })).toEqual([6, 3].map((n) => hexId(n, 16)));
    expect(await ids({ service: 'svc-1' })).toHaveLength(4);
    expect(await ids({ from: String(T0 + 5500) })).toEqual([7, 6].map((n) => hexId(n, 16)));
    expect(await ids({ q: hexId(2, 16) })).toEqual([hexId(2, 16)]);
    expect(await ids({ q: 'sess-5' })).toEqual([hexId(5, 16)]);
    expect(await ids({ q: 'nothing like this' })).toEqual([]);
  });

  it('counts a redelivered batch once', async () => {
    const spans = agentTrace(20);
    await send(spans);
    await send(spans);
    const { traces } = await listTraces(store.client, params({ q: hexId(20, 16) }));
    expect(traces[0]?.spans).toBe(3);
    expect((await getTrace(store.client, hexId(20, 16)))?.spans).toHaveLength(3);
  });
});

describe('one trace', () => {
  it('returns every span once with inherited agent and session', async () => {
    const trace = await getTrace(store.client, hexId(3, 16));
    expect(trace?.sessionId).toBe('sess-3');
    expect(trace?.spans.map((s) => [s.name, s.type, s.agent, s.sessionId, s.parentSpanId])).toEqual([
      ['request 3', 'agent', 'agent-0', 'sess-3', ''],
      ['chat gpt-4o', 'llm', 'agent-0', 'sess-3', hexId(1, 8)],
      ['execute_tool lookup', 'tool', 'agent-0', 'sess-3', hexId(2, 8)],
    ]);
    expect(trace?.handoffs).toEqual([]);
    expect(trace?.truncated).toBe(false);
  });

  it('puts snapshot bodies back into their events', async () => {
    const facts = JSON.stringify({ customer: { id: 'C-1' } });
    const [root] = agentTrace(30);
    await send([{ ...root!, events: [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'sent', 'baton.snapshot.facts': facts }), makeEvent('note', { text: 'hi' })] }]);
    const trace = await getTrace(store.client, hexId(30, 16));
    expect(trace?.spans[0]?.events.map((e) => [e.name, e.attributes])).toEqual([
      ['baton.context.snapshot', { 'baton.snapshot.facts': facts, 'baton.snapshot.phase': 'sent' }],
      ['note', { text: 'hi' }],
    ]);
  });

  it('reads the snapshots of the trace and says what in them could not be read', async () => {
    const [root] = agentTrace(31);
    await send([
      {
        ...root!,
        events: [
          makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'sent', 'baton.snapshot.facts': '{"budget": 300, "trip": {"city": "Lyon"}}', 'baton.handoff.id': 'h-31' }),
          makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': '{budget: 300' }),
        ],
      },
    ]);
    const trace = await getTrace(store.client, hexId(31, 16));
    expect(trace?.spans).toHaveLength(1);
    expect(trace?.snapshots.map((s) => [s.phase, s.facts, s.handoffId, s.invalid])).toEqual([
      ['sent', { budget: 300, 'trip.city': 'Lyon' }, 'h-31', []],
      ['checkpoint', null, '', ['baton.snapshot.facts is not valid JSON']],
    ]);
    expect(trace?.snapshots[0]).toMatchObject({ agent: 'agent-1', spanId: hexId(1, 8) });
  });

  it('is undefined for a trace never stored', async () => {
    expect(await getTrace(store.client, 'f'.repeat(32))).toBeUndefined();
  });
});

describe('a span stored twice', () => {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

  it('reads as its first copy, counting the copies another service sent, before and after a merge', async () => {
    const first = agentTrace(41);
    await send(first, 'svc-a');
    await pause();
    // Another service reuses the ids: other names, agent and status, and the tool span a day later (another partition).
    const other = first.map((s) => ({ ...s, name: `other ${s.name}`, statusCode: 2, attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'intruder' }) }));
    const start = T0 + 41_000 + 86_400_000;
    other[2] = { ...other[2]!, startNs: nsAt(start), endNs: nsAt(start + 80) };
    await send(other, 'svc-b');
    await pause();
    // An exporter's retry of the first batch: the same resource, so not counted.
    await send(first, 'svc-a');

    const expectFirst = async (ignored: number) => {
      const trace = await getTrace(store.client, hexId(41, 16));
      expect(trace?.spans.map((s) => [s.name, s.service, s.agent, s.status.code])).toEqual([
        ['request 41', 'svc-a', 'agent-2', 'unset'],
        ['chat gpt-4o', 'svc-a', 'agent-2', 'unset'],
        ['execute_tool lookup', 'svc-a', 'agent-2', 'unset'],
      ]);
      expect(trace?.ignoredSpanCopies).toBe(ignored);
      const { traces } = await listTraces(store.client, params({ q: hexId(41, 16) }));
      expect(traces[0]).toMatchObject({ spans: 3, errors: 0 });
    };
    await expectFirst(3);
    // Merges collapse the retry into the first copy and keep the other service's copies, still ignored.
    await store.client.command({ query: 'OPTIMIZE TABLE spans FINAL' });
    await expectFirst(3);
    expect(await select(store, 'SELECT count() AS n FROM spans WHERE trace_id = {id:String}', { id: hexId(41, 16) })).toEqual([{ n: '6' }]);
  });
});
