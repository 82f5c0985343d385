import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportTraceServiceResponse } from '@/ingest/otlp/schema';
import type { TraceDetail } from '@/lib/schemas/api';
import type { SessionDetail, SessionList } from '@/lib/schemas/sessions';
import { expectReadable, startGoodTraffic } from '@/tests/helpers/good-traffic';
import { deepAnyValueJson, deepAnyValueProtobuf, jsonTraces, keyValueProtobuf, tracesProtobuf } from '@/tests/helpers/hostile-otlp';
import { rawGrpcClient } from '@/tests/helpers/grpc';
import { emitTriageTrace, otelHarness } from '@/tests/helpers/otel';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * One client's bad data never harms another's (docs/reliability.md). Each
 * case sends hostile input while well-behaved exporters (the real OTel SDK,
 * over OTLP/HTTP protobuf, JSON and gRPC) send beside it, and checks that the
 * good traffic is acknowledged and readable, the bad input gets its
 * documented answer, and the server stays healthy.
 */

let baton: BatonProcess;

beforeAll(async () => {
  baton = await startBaton();
});

afterAll(async () => {
  expect((await baton.api('/readyz')).status).toBe(200);
  expect(baton.output()).not.toContain('"level":"error","msg":"api request failed"');
  expect(await baton.stop()).toBe(0);
  baton.cleanup();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const nowNs = () => `${Date.now()}000000`;

async function postJson(body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${baton.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
  return { status: res.status, text: await res.text() };
}

async function postProtobuf(body: Buffer): Promise<{ status: number; rejected: number; message: string }> {
  const res = await fetch(`${baton.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: new Uint8Array(body) });
  const decoded = ExportTraceServiceResponse.decode(new Uint8Array(await res.arrayBuffer())) as unknown as { partialSuccess?: { rejectedSpans: number; errorMessage: string } };
  return { status: res.status, rejected: Number(decoded.partialSuccess?.rejectedSpans ?? 0), message: decoded.partialSuccess?.errorMessage ?? '' };
}

describe('spans the store cannot hold', () => {
  it('fail only themselves, while good exports beside them are all acknowledged', async () => {
    const good = startGoodTraffic(baton, 'poison');
    const poison = () => ({ traceId: hex(16), spanId: hex(8), name: 'p', startTimeUnixNano: nowNs() });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const cases = [
          poison(), // no end time
          { ...poison(), endTimeUnixNano: '0' },
          { ...poison(), endTimeUnixNano: '9300000000000000000' }, // after 2262
          { ...poison(), events: [{ name: 'baton.context.snapshot', timeUnixNano: '18446744073709551615', attributes: [{ key: 'baton.snapshot.phase', value: { stringValue: 'sent' } }] }] },
          { ...poison(), name: 'half a pair \ud800' },
        ];
        return postJson(jsonTraces([cases[i % cases.length] as object]));
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const rejected = answers.filter((a) => a.text.includes('rejectedSpans'));
    expect(rejected).toHaveLength(8); // only the spans ending after 2262
    for (const a of rejected) expect(JSON.parse(a.text).partialSuccess.errorMessage).toBe('1 span(s) rejected: end time is after 2262-04-11, the latest time Baton can store');
    await expectReadable(baton, await good.finish());
  });

  it('stores a span without an end as ending when it starts', async () => {
    const span = { traceId: hex(16), spanId: hex(8), name: 'no-end', startTimeUnixNano: nowNs() };
    expect((await postJson(jsonTraces([span]))).status).toBe(200);
    const { body } = await baton.api<TraceDetail>(`/api/v1/traces/${span.traceId}`);
    expect(body.spans[0]).toMatchObject({ name: 'no-end', durationNs: 0 });
    expect(body.spans[0]!.endTime).toBe(body.spans[0]!.startTime);
  });

  it("never answer with, or log, another client's data", async () => {
    const secret = `sk-${hex(12)}`;
    const otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'secret-holder');
    const span = otel.tracer.startSpan('holds a secret', { attributes: { 'api.key': secret } });
    span.end();
    const poisonAnswers = Promise.all(Array.from({ length: 20 }, () => postJson(jsonTraces([{ traceId: hex(16), spanId: hex(8), startTimeUnixNano: nowNs(), endTimeUnixNano: '9300000000000000000' }]))));
    await otel.flush();
    await otel.shutdown();
    for (const a of await poisonAnswers) expect(a.text).not.toContain(secret);
    expect(baton.output()).not.toContain(secret);
  });
});

describe('values nested too deep', () => {
  it.each([
    ['JSON, arrays', () => `{"key":"deep","value":${deepAnyValueJson(5_000)}}`],
    ['JSON, key-value lists', () => `{"key":"deep","value":${deepAnyValueJson(5_000, 'kvlist')}}`],
  ])('reject their span alone (%s)', async (_name, deepAttribute) => {
    const traceId = hex(16);
    const deep = `{"traceId":"${traceId}","spanId":"${hex(8)}","name":"deep","startTimeUnixNano":"${nowNs()}","attributes":[${deepAttribute()}]}`;
    const body = jsonTraces([{}, { traceId, spanId: hex(8), name: 'beside it', startTimeUnixNano: nowNs() }]).replace('{}', deep);
    const answer = await postJson(body);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).partialSuccess).toEqual({ rejectedSpans: '1', errorMessage: '1 span(s) rejected: attribute "deep" nests arrays or key-value lists more than 64 levels deep' });
    const { body: trace } = await baton.api<TraceDetail>(`/api/v1/traces/${traceId}`);
    expect(trace.spans.map((s) => s.name)).toEqual(['beside it']);
  });

  it.each(['array', 'kvlist'] as const)('reject their span alone (protobuf over HTTP and gRPC, %s)', async (kind) => {
    const request = (traceId: string) =>
      tracesProtobuf([
        { traceId, spanId: hex(8), name: 'deep', startNs: nowNs(), rawAttributes: [keyValueProtobuf('deep', deepAnyValueProtobuf(5_000, kind))] },
        { traceId, spanId: hex(8), name: 'beside it', startNs: nowNs() },
      ]);
    const overHttp = hex(16);
    expect(await postProtobuf(request(overHttp))).toMatchObject({ status: 200, rejected: 1, message: expect.stringMatching(/nests arrays or key-value lists more than 64 levels deep/) });
    const grpc = rawGrpcClient(baton.grpcUrl.replace('http://', ''));
    const overGrpc = hex(16);
    try {
      const answer = await grpc.call(request(overGrpc));
      expect(answer.ok).toBe(true);
    } finally {
      grpc.close();
    }
    for (const traceId of [overHttp, overGrpc]) {
      const { body } = await baton.api<TraceDetail>(`/api/v1/traces/${traceId}`);
      expect(body.spans.map((s) => s.name)).toEqual(['beside it']);
    }
  });
});

describe('keys that are special to JavaScript', () => {
  it('keeps an attribute named __proto__ like any other', async () => {
    const traceId = hex(16);
    const span = { traceId, spanId: hex(8), name: 'proto', startTimeUnixNano: nowNs(), attributes: [{ key: '__proto__', value: { stringValue: 'kept' } }, { key: 'constructor', value: { stringValue: 'also' } }] };
    expect((await postJson(jsonTraces([span]))).status).toBe(200);
    const res = await fetch(`${baton.uiUrl}/api/v1/traces/${traceId}`);
    const trace = (await res.json()) as TraceDetail;
    const attributes = trace.spans[0]!.attributes;
    expect(Object.keys(attributes)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
    expect(attributes['__proto__']).toBe('kept');
  });
});

describe('a snapshot whose facts nest 5,000 levels deep', () => {
  it('is shown as invalid, and analysis goes on for everyone else', async () => {
    const otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'deep-facts');
    const span = otel.tracer.startSpan('invoke_agent planner', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner', 'session.id': 'deep-facts' } });
    span.addEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}` });
    span.end();
    await otel.flush();

    // Sent after the poison: another client's session is analysed all the same.
    const after = emitTriageTrace(otel.tracer, 'after-deep-facts');
    await otel.flush();
    await otel.shutdown();
    await expect
      .poll(async () => (await baton.api<SessionList>('/api/v1/sessions?q=after-deep-facts')).body.sessions.map((s) => s.sessionId), { timeout: 30_000, interval: 250 })
      .toEqual(['after-deep-facts']);

    const trace = await baton.api<TraceDetail>(`/api/v1/traces/${span.spanContext().traceId}`);
    expect(trace.status).toBe(200);
    expect(trace.body.snapshots[0]).toMatchObject({ facts: null, invalid: ['baton.snapshot.facts nests more than 64 levels deep'] });
    const session = await baton.api<SessionDetail>('/api/v1/sessions/deep-facts');
    expect(session.status).toBe(200);
    expect(session.body.analysisFailure).toBeNull();
    const handoffs = (await baton.api<TraceDetail>(`/api/v1/traces/${after.traceId}`)).body.handoffs;
    expect(handoffs.map((h) => `${h.fromAgent}>${h.toAgent}`)).toContain('triage>billing');
  });
});
