import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { smallPlan } from '@/tests/fixtures/simulator-plan';
import { createEmitter, type Emitter } from './emit';
import type { PlannedTrace, SimPlan } from './types';

/**
 * What the emitter puts in each request, seen by a bare OTLP/JSON receiver:
 * batching, children-first and duplicate deliveries, the concurrency limit,
 * and errors. (tests/integration/simulator-emit.test.ts sends to Baton.)
 */

interface Received {
  spans: { traceId: string; spanId: string; name: string }[];
}

let server: Server;
let endpoint = '';
let received: Received[] = [];
let inFlight = 0;
let maxInFlight = 0;
let delayMs = 0;
let status = 200;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string; name: string }[] }[] }[];
        };
        if (status === 200) received.push({ spans: body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map(({ traceId, spanId, name }) => ({ traceId, spanId, name })))) });
        inFlight--;
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(status === 200 ? '{}' : JSON.stringify({ error: { code: 'bad_request', message: 'no thanks' } }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  inFlight = maxInFlight = delayMs = 0;
  status = 200;
});

const emitters: Emitter[] = [];
afterAll(() => Promise.all(emitters.map((e) => e.shutdown())));
function emitter(options: { concurrency?: number; batchSpans?: number; seed?: number } = {}): Emitter {
  const e = createEmitter({ endpoint, protocol: 'http/json', seed: options.seed ?? 1, ...options });
  emitters.push(e);
  return e;
}

/** `n` copies of the fixture's ordinary trace, under distinct keys. */
function ordinaryTraces(n: number): PlannedTrace[] {
  return Array.from({ length: n }, (_, i) => smallPlan(`o${i}`, Date.now() - 60_000).traces[0]!);
}

describe('requests', () => {
  it('groups ordinary traces into requests of at most batchSpans spans, keeping a trace whole when it fits', async () => {
    const traces = ordinaryTraces(10); // 5 spans each
    const result = await emitter({ batchSpans: 12 }).emit({ traces });
    expect(received.map((r) => r.spans.length)).toEqual([10, 10, 10, 10, 10]);
    expect(result).toMatchObject({ traces: 10, spans: 50, requests: 5 });
    for (const r of received) expect(new Set(r.spans.map((s) => s.traceId)).size).toBe(2);
  });

  it('splits a trace larger than a request', async () => {
    const result = await emitter({ batchSpans: 2 }).emit({ traces: ordinaryTraces(1) });
    expect(received.map((r) => r.spans.length)).toEqual([2, 2, 1]);
    expect(result.requests).toBe(3);
  });

  it('sends a children-first trace one span per request, children before parents, one after the other', async () => {
    delayMs = 20;
    const plan = smallPlan('cf', Date.now() - 60_000);
    const consumer = plan.traces[1]!;
    const e = emitter({ concurrency: 4 });
    e.prepare(plan); // the consumer links to the producer's span
    const result = await e.emit({ traces: [consumer] });
    expect(received.map((r) => r.spans.map((s) => s.spanId))).toEqual([...consumer.spans].reverse().map((s) => [result.ids.get(s.key)!.spanId]));
    expect(maxInFlight).toBe(1);
  });

  it('sends a duplicated trace again after the first delivery was acknowledged', async () => {
    delayMs = 20;
    const plan = smallPlan('dup', Date.now() - 60_000);
    const result = await emitter().emit({ traces: [plan.traces[2]!] });
    expect(received).toHaveLength(2);
    expect(received[1]).toEqual(received[0]);
    expect(maxInFlight).toBe(1);
    expect(result).toMatchObject({ traces: 1, spans: 4, requests: 2 });
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    delayMs = 30;
    await emitter({ concurrency: 3, batchSpans: 5 }).emit({ traces: ordinaryTraces(12) });
    expect(received).toHaveLength(12);
    expect(maxInFlight).toBe(3);
  });
});

describe('ids', () => {
  it('are the same for the same seed, whatever the order or concurrency of emission', async () => {
    const plan: SimPlan = smallPlan('same', Date.now() - 60_000);
    const a = await emitter({ seed: 5, concurrency: 1 }).emit(plan);
    const sentA = received.flatMap((r) => r.spans.map((s) => s.spanId)).sort();
    received = [];
    const b = await emitter({ seed: 5, concurrency: 8 }).emit({ traces: [...plan.traces].reverse() });
    expect(new Map([...b.ids].sort())).toEqual(new Map([...a.ids].sort()));
    expect(received.flatMap((r) => r.spans.map((s) => s.spanId)).sort()).toEqual(sentA);
    const c = emitter({ seed: 6 }).prepare(plan);
    expect([...c.values()].some((v, i) => v.spanId === [...a.ids.values()][i]!.spanId)).toBe(false);
  });

  it('let a trace link to a span of a trace prepared earlier but sent later', async () => {
    const plan = smallPlan('link', Date.now() - 60_000);
    const e = emitter();
    const ids = e.prepare(plan);
    await e.emit({ traces: [plan.traces[1]!] }); // the consumer, linking to the producer in traces[0]
    expect(received.flatMap((r) => r.spans.map((s) => s.spanId)).sort()).toEqual(plan.traces[1]!.spans.map((s) => ids.get(s.key)!.spanId).sort());
  });
});

describe('errors', () => {
  it('a refused export rejects with the URL, the status and the receiver message', async () => {
    status = 400;
    const error = await emitter().emit(smallPlan('refused', Date.now())).then(() => undefined, (err: unknown) => err as Error);
    expect(error?.message).toBe(`export to ${endpoint}/v1/traces failed: HTTP 400 Bad Request: no thanks`);
  });

  it('a bad plan is refused before anything is sent', async () => {
    const plan = smallPlan('bad', Date.now());
    const broken = { ...plan.traces[0]!, spans: [...plan.traces[0]!.spans] };
    broken.spans[1] = { ...broken.spans[1]!, parentKey: 'nowhere' };
    await expect(emitter().emit({ traces: [broken] })).rejects.toThrow(/names parent nowhere/);
    expect(received).toHaveLength(0);
  });
});
