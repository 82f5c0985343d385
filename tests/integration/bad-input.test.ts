import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportTraceServiceResponse, RpcStatus } from '@/ingest/otlp/schema';
import type { TraceDetail } from '@/lib/schemas/api';
import { emitTriageTrace, otelHarness } from '@/tests/helpers/otel';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/** Every bad-input case of the OTLP/HTTP receiver, and that none of them loses what was accepted. */

const MAX_BODY = 1 << 20;
let baton: BatonProcess;
let accepted: { traceId: string; spanIds: string[] };

const post = (body: Uint8Array | string, headers: Record<string, string>) =>
  fetch(`${baton.otlpUrl}/v1/traces`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });

const jsonSpan = (traceId: string, spanId: string) => ({
  traceId,
  spanId,
  name: 'checkout',
  startTimeUnixNano: `${Date.now() - 1000}000000`,
  endTimeUnixNano: `${Date.now()}000000`,
});
const jsonRequest = (...spans: object[]) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] });

beforeAll(async () => {
  baton = await startBaton({ env: { BATON_MAX_BODY_BYTES: String(MAX_BODY) } });
  const otel = otelHarness(baton.otlpUrl, 'http/protobuf');
  accepted = emitTriageTrace(otel.tracer, 'before-bad-input');
  await otel.flush();
  await otel.shutdown();
});

afterAll(async () => {
  // Nothing accepted before the bad requests was lost, and the receiver still works.
  const trace = await baton.api<TraceDetail>(`/api/v1/traces/${accepted.traceId}`);
  expect(trace.body.spans.map((s) => s.spanId).sort()).toEqual([...accepted.spanIds].sort());
  expect((await baton.api('/readyz')).status).toBe(200);
  expect(await baton.stop()).toBe(0);
  baton.cleanup();
});

describe('malformed bodies', () => {
  it('answers 400 with a google.rpc.Status protobuf for a broken protobuf body', async () => {
    const res = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { 'Content-Type': 'application/x-protobuf' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const status = RpcStatus.decode(new Uint8Array(await res.arrayBuffer())) as unknown as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/not a valid ExportTraceServiceRequest/);
  });

  it('answers 400 with a JSON status naming the broken field', async () => {
    const res = await post(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 42 }] }] }] }), { 'Content-Type': 'application/json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 3, message: 'resourceSpans[0].scopeSpans[0].spans[0].name: expected a string' });
  });

  it('answers 400 for text that is not JSON, and for bad gzip', async () => {
    expect((await post('{"resourceSpans": [', { 'Content-Type': 'application/json' })).status).toBe(400);
    const bad = await post(Buffer.from('not gzip at all'), { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/not valid gzip/);
  });
});

describe('unsupported requests', () => {
  it('answers 415 for a content type it does not speak', async () => {
    const res = await post('hello', { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(415);
    expect((await res.json()).message).toMatch(/application\/x-protobuf or application\/json/);
  });

  it('answers 415 for a content encoding it does not speak', async () => {
    const res = await post(jsonRequest(), { 'Content-Type': 'application/json', 'Content-Encoding': 'br' });
    expect(res.status).toBe(415);
  });

  it('answers 405 for GET and 404 for other paths', async () => {
    expect((await fetch(`${baton.otlpUrl}/v1/traces`)).status).toBe(405);
    const res = await fetch(`${baton.otlpUrl}/v1/metrics`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
  });
});

describe('size limits', () => {
  it('answers 413 for a body over the limit, declared or streamed', async () => {
    const big = Buffer.alloc(MAX_BODY + 1, 0x20);
    expect((await post(big, { 'Content-Type': 'application/json' })).status).toBe(413);
    const streamed = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(128 * 1024));
        controller.close();
      },
    });
    const res = await fetch(`${baton.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-protobuf' },
      body: streamed,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('stops a gzip bomb at the limit without holding it in memory', async () => {
    const bomb = gzipSync(Buffer.alloc(256 << 20), { level: 9 });
    expect(bomb.length).toBeLessThan(MAX_BODY);
    const peakBefore = peakRssBytes(baton.child.pid!);
    const res = await post(bomb, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/decompressed request body exceeds the limit/);
    expect(peakRssBytes(baton.child.pid!) - peakBefore).toBeLessThan(64 << 20);
  });
});

describe('partial success', () => {
  it('rejects only the span with a bad id and says why (JSON)', async () => {
    const good = jsonSpan('5b8efff798038103d269b633813fc60c', 'eee19b7ec3c1b174');
    const res = await post(jsonRequest(good, jsonSpan('5b8efff798038103d269b633813fc6', 'eee19b7ec3c1b175')), { 'Content-Type': 'application/json' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.partialSuccess.rejectedSpans).toBe('1');
    expect(body.partialSuccess.errorMessage).toMatch(/invalid trace id "5b8efff798038103d269b633813fc6"/);
    const stored = await baton.api<TraceDetail>('/api/v1/traces/5b8efff798038103d269b633813fc60c');
    expect(stored.body.spans.map((s) => s.spanId)).toEqual(['eee19b7ec3c1b174']);
  });

  it('answers in protobuf for a protobuf request, gzip included', async () => {
    const { ExportTraceServiceRequest } = await import('@/ingest/otlp/schema');
    const request = ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  { traceId: Buffer.from('6e0c63257de34c92bf9efcd03927272e', 'hex'), spanId: Buffer.from('00f067aa0ba902b7', 'hex'), name: 'ok', startTimeUnixNano: `${Date.now()}000000`, endTimeUnixNano: `${Date.now()}000000` },
                  { traceId: Buffer.alloc(16), spanId: Buffer.from('00f067aa0ba902b8', 'hex'), name: 'zero trace id' },
                ],
              },
            ],
          },
        ],
      }),
    ).finish();
    const res = await post(gzipSync(request), { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(200);
    const body = ExportTraceServiceResponse.toObject(ExportTraceServiceResponse.decode(new Uint8Array(await res.arrayBuffer())), { longs: Number }) as {
      partialSuccess?: { rejectedSpans: number; errorMessage: string };
    };
    expect(body.partialSuccess?.rejectedSpans).toBe(1);
    expect(body.partialSuccess?.errorMessage).toMatch(/invalid trace id/);
  });

  it('answers an empty success for a request with no spans', async () => {
    const res = await post('{}', { 'Content-Type': 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
  });
});

describe('attributes of unexpected types', () => {
  it('accepts them and stores the span, with the agent-model fields falling back', async () => {
    const traceId = 'a7c0ffee00000000000000000000beef';
    const kv = (key: string, value: object) => ({ key, value });
    const span = {
      ...jsonSpan(traceId, 'eee19b7ec3c1b174'),
      name: 'mystery step',
      attributes: [
        kv('gen_ai.operation.name', { intValue: '7' }),
        kv('gen_ai.agent.name', { arrayValue: { values: [{ stringValue: 'planner' }] } }),
        kv('session.id', { kvlistValue: { values: [kv('id', { stringValue: 's-1' })] } }),
        kv('gen_ai.usage.input_tokens', { stringValue: 'lots' }),
        kv('gen_ai.usage.output_tokens', { doubleValue: -3 }),
        kv('gen_ai.input.messages', { stringValue: '[{"role":"user","parts":[' }),
        kv('openinference.span.kind', { boolValue: true }),
      ],
    };
    const res = await post(jsonRequest(span), { 'Content-Type': 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const trace = await baton.api<TraceDetail>(`/api/v1/traces/${traceId}`);
    expect(trace.status).toBe(200);
    expect(trace.body.spans).toHaveLength(1);
    expect(trace.body.spans[0]).toMatchObject({ name: 'mystery step', type: 'other', agent: '', sessionId: '', usage: { input: 0, output: 0 } });
    expect(trace.body.spans[0]!.attributes['gen_ai.usage.input_tokens']).toBe('lots');
  });
});

/** The peak resident set size of a process, from /proc (Linux). */
function peakRssBytes(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) * 1024;
}
