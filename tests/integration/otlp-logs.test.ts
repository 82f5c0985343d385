import { gzipSync } from 'node:zlib';
import { context, trace, type Span } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportLogsServiceRequest, ExportLogsServiceResponse, RpcStatus } from '@/ingest/otlp/schema';
import type { TraceDetail } from '@/lib/schemas/api';
import { otelHarness, within, type Protocol } from '@/tests/helpers/otel';
import { otelLogsHarness } from '@/tests/helpers/otel-logs';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * Context snapshots sent as OTLP log records (docs/instrumentation.md) through the real
 * OpenTelemetry log exporters, read back in the trace API; and the receiver's
 * answers on POST /v1/logs (the HTTP handling is shared with /v1/traces, whose
 * full bad-input matrix is in bad-input.test.ts).
 */

const MAX_BODY = 1 << 20;
const KEY = 'logs-test-key';
const AUTH = { Authorization: `Bearer ${KEY}` };
let baton: BatonProcess;

beforeAll(async () => {
  baton = await startBaton({ env: { BATON_MAX_BODY_BYTES: String(MAX_BODY), BATON_INGEST_KEYS: KEY } });
});
afterAll(async () => {
  expect(await baton?.stop()).toBe(0);
  baton?.cleanup();
});

const post = (body: Uint8Array | string, headers: Record<string, string>) =>
  fetch(`${baton.otlpUrl}/v1/logs`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });

/** Nanoseconds since the epoch as text, and the same instant as the API prints it. */
function instant(ms: number, nanosWithin = 123_456): { hr: [number, number]; ns: string; iso: string } {
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms % 1000) * 1_000_000 + nanosWithin;
  const fraction = String(nanos).padStart(9, '0');
  return {
    hr: [seconds, nanos],
    ns: `${seconds}${fraction}`,
    iso: `${new Date(seconds * 1000).toISOString().slice(0, -5)}.${fraction}Z`,
  };
}

describe.each<Protocol>(['http/protobuf', 'http/json'])('log exporter %s', (protocol) => {
  it('delivers a snapshot log record that the trace shows among its span’s events', async () => {
    const otel = otelHarness(baton.otlpUrl, protocol, `logs-${protocol}`, AUTH);
    const logs = otelLogsHarness(baton.otlpUrl, protocol, `logs-${protocol}`, AUTH);
    const earlier = instant(Date.now() - 900);
    const at = instant(Date.now() - 500);
    let agentSpan: Span | undefined;
    within(otel.tracer, undefined, 'invoke_agent planner', { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' }, (span) => {
      agentSpan = span;
      logs.logger.emit({
        eventName: 'baton.context.snapshot',
        timestamp: at.hr,
        body: { 'baton.snapshot.text': 'Plan a trip to Lisbon' },
        attributes: { 'baton.snapshot.phase': 'sent', 'baton.snapshot.facts': JSON.stringify({ budget: 300 }), 'baton.snapshot.tokens': 1200, 'baton.handoff.id': `h-${protocol}` },
        context: trace.setSpan(context.active(), span),
      });
      // The older form, and a plain log line: the first is stored, the second is not.
      logs.logger.emit({ timestamp: earlier.hr, attributes: { 'event.name': 'baton.context.snapshot', 'baton.snapshot.phase': 'checkpoint' }, context: trace.setSpan(context.active(), span) });
      logs.logger.emit({ body: 'calling the model', severityNumber: 9, severityText: 'INFO', context: trace.setSpan(context.active(), span) });
    });
    await otel.flush();
    await logs.flush();
    await Promise.all([otel.shutdown(), logs.shutdown()]);

    const { traceId, spanId } = agentSpan!.spanContext();
    const { status, body } = await baton.api<TraceDetail>(`/api/v1/traces/${traceId}`);
    expect(status).toBe(200);
    const span = body.spans.find((s) => s.spanId === spanId)!;
    expect(span.events).toEqual([
      { time: earlier.iso, name: 'baton.context.snapshot', attributes: { 'baton.snapshot.phase': 'checkpoint' } },
      {
        time: at.iso,
        name: 'baton.context.snapshot',
        attributes: {
          'baton.handoff.id': `h-${protocol}`,
          'baton.snapshot.facts': '{"budget":300}',
          'baton.snapshot.phase': 'sent',
          'baton.snapshot.text': 'Plan a trip to Lisbon',
          'baton.snapshot.tokens': 1200,
        },
      },
    ]);
  });
});

describe('partial success', () => {
  const traceId = '5b8efff798038103d269b633813fc60d';
  const spanId = 'eee19b7ec3c1b176';

  beforeAll(async () => {
    const span = { traceId, spanId, name: 'invoke_agent booker', startTimeUnixNano: `${Date.now() - 1000}000000`, endTimeUnixNano: `${Date.now()}000000` };
    const res = await fetch(`${baton.otlpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...AUTH },
      body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }),
    });
    expect(res.status).toBe(200);
  });

  it('stores the valid snapshot record, rejects the one with a bad span id and ignores the plain record (JSON)', async () => {
    const at = instant(Date.now() - 200);
    const snapshot = (id: string, phase: string) => ({
      timeUnixNano: at.ns,
      eventName: 'baton.context.snapshot',
      traceId,
      spanId: id,
      attributes: [{ key: 'baton.snapshot.phase', value: { stringValue: phase } }],
    });
    const request = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'hand-written' } }] },
          scopeLogs: [
            {
              logRecords: [
                snapshot(spanId, 'received'),
                snapshot('eee19b7ec3c1b1', 'sent'),
                { timeUnixNano: at.ns, severityNumber: 9, body: { stringValue: 'hello' }, traceId, spanId },
              ],
            },
          ],
        },
      ],
    };
    const res = await post(JSON.stringify(request), { 'Content-Type': 'application/json', ...AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = await res.json();
    expect(body.partialSuccess.rejectedLogRecords).toBe('1');
    expect(body.partialSuccess.errorMessage).toBe(
      '1 log record(s) rejected: snapshot log record with invalid span id "eee19b7ec3c1b1" (must be 8 bytes, not all zero)',
    );
    const stored = await baton.api<TraceDetail>(`/api/v1/traces/${traceId}`);
    expect(stored.body.spans[0]!.events).toEqual([{ time: at.iso, name: 'baton.context.snapshot', attributes: { 'baton.snapshot.phase': 'received' } }]);
  });

  it('answers in protobuf for a protobuf request, gzip included', async () => {
    const request = ExportLogsServiceRequest.encode(
      ExportLogsServiceRequest.fromObject({
        resourceLogs: [{ scopeLogs: [{ logRecords: [{ eventName: 'baton.context.snapshot', traceId: Buffer.alloc(16), spanId: Buffer.from(spanId, 'hex'), timeUnixNano: `${Date.now()}000000` }] }] }],
      }),
    ).finish();
    const res = await post(gzipSync(request), { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip', ...AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const body = ExportLogsServiceResponse.toObject(ExportLogsServiceResponse.decode(new Uint8Array(await res.arrayBuffer())), { longs: Number }) as {
      partialSuccess?: { rejectedLogRecords: number; errorMessage: string };
    };
    expect(body.partialSuccess?.rejectedLogRecords).toBe(1);
    expect(body.partialSuccess?.errorMessage).toMatch(/invalid trace id "0{32}"/);
  });

  it('answers an empty success for a request without snapshot records', async () => {
    const res = await post('{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"hi"}}]}]}]}', { 'Content-Type': 'application/json', ...AUTH });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
  });
});

describe('bad requests on /v1/logs', () => {
  it('answers 401 without a valid ingest key', async () => {
    const res = await post('{}', { 'Content-Type': 'application/json' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await post('{}', { 'Content-Type': 'application/json', Authorization: 'Bearer nope' })).status).toBe(401);
  });

  it('answers 415 for a content type or encoding it does not speak', async () => {
    const type = await post('hello', { 'Content-Type': 'text/plain', ...AUTH });
    expect(type.status).toBe(415);
    expect((await type.json()).message).toMatch(/application\/x-protobuf or application\/json/);
    expect((await post('{}', { 'Content-Type': 'application/json', 'Content-Encoding': 'br', ...AUTH })).status).toBe(415);
  });

  it('answers 400 naming the broken field (JSON) or the logs request (protobuf)', async () => {
    const json = await post(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ eventName: 42 }] }] }] }), { 'Content-Type': 'application/json', ...AUTH });
    expect(json.status).toBe(400);
    expect(await json.json()).toEqual({ code: 3, message: 'resourceLogs[0].scopeLogs[0].logRecords[0].eventName: expected a string' });
    const proto = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { 'Content-Type': 'application/x-protobuf', ...AUTH });
    expect(proto.status).toBe(400);
    const status = RpcStatus.decode(new Uint8Array(await proto.arrayBuffer())) as unknown as { code: number; message: string };
    expect(status.message).toMatch(/not a valid ExportLogsServiceRequest protobuf/);
  });

  it('answers 413 for a body over the limit, also after decompression', async () => {
    expect((await post(Buffer.alloc(MAX_BODY + 1, 0x20), { 'Content-Type': 'application/json', ...AUTH })).status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(MAX_BODY * 4, 0x20));
    const res = await post(bomb, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', ...AUTH });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/decompressed request body exceeds the limit/);
  });

  it('answers 405 for GET', async () => {
    const res = await fetch(`${baton.otlpUrl}/v1/logs`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
