import { describe, expect, it } from 'vitest';
import { encodeRequests } from '@/bench/agent-spans';
import { plannerFixture } from '@/tests/helpers/sdk-spans';
import { decodeTracesJson } from './decode-json';
import { decodeTracesProtobuf } from './decode-protobuf';
import { decodeTracesProtobufReference } from './decode-protobuf-reference';
import { ExportTraceServiceRequest } from './schema';
import { MalformedPayloadError, type DecodedSpan, type DecodedTraces } from './types';

const fixture = plannerFixture();
const root = fixture.spans.find((s) => s.name === 'invoke_agent planner')!;

function allSpans(t: DecodedTraces): DecodedSpan[] {
  return t.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
}

const nanos = (hr: [number, number]) => (BigInt(hr[0]) * 1_000_000_000n + BigInt(hr[1])).toString();

describe.each([
  ['protobuf', () => decodeTracesProtobuf(fixture.protobuf)],
  ['protobuf (reference decoder)', () => decodeTracesProtobufReference(fixture.protobuf)],
  ['json', () => decodeTracesJson(fixture.json)],
])('decoding SDK-serialized %s', (_name, decode) => {
  const decoded = decode();
  const spans = allSpans(decoded);
  const r = spans.find((s) => s.name === 'invoke_agent planner')!;
  const c = spans.find((s) => s.name === 'chat gpt-4o')!;

  it('keeps resource and scope', () => {
    const rs = decoded.resourceSpans[0]!;
    expect(rs.resource.attrs.values['service.name']).toBe('planner-svc');
    expect(rs.resource.attrs.values['deployment.environment']).toBe('prod');
    expect(rs.scopeSpans[0]!.scope).toMatchObject({ name: 'fixture-scope', version: '2.1.0' });
  });

  it('has hex ids, parent links and nanosecond times', () => {
    expect(r.traceId).toBe(root.spanContext().traceId);
    expect(r.spanId).toBe(root.spanContext().spanId);
    expect(r.parentSpanId).toBe('');
    expect(c.parentSpanId).toBe(r.spanId);
    expect(r.startNs).toBe(nanos(root.startTime));
    expect(r.endNs).toBe(nanos(root.endTime));
    expect(c.kind).toBe(3);
    expect(r.kind).toBe(1);
  });

  it('keeps every attribute with its type', () => {
    expect(r.attrs.values).toMatchObject({
      'gen_ai.agent.name': 'planner',
      'app.retries': '3',
      'app.score': '0.25',
      'app.ok': 'true',
      'app.tags': '["a","b"]',
      'app.counts': '[1,2,3]',
    });
    expect(r.attrs.types).toEqual({ 'app.retries': 'int', 'app.score': 'double', 'app.ok': 'bool', 'app.tags': 'array', 'app.counts': 'array' });
  });

  it('keeps events, links and status', () => {
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.name).toBe('baton.context.snapshot');
    expect(r.events[0]!.attrs.values['baton.snapshot.facts']).toBe('{"budget":300}');
    expect(r.links[0]).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' });
    expect(r.links[0]!.flags & 0xff).toBe(1); // W3C sampled; the upper bits carry is-remote
    expect(r.links[0]!.attrs.values['link.reason']).toBe('queued');
    expect(c.statusCode).toBe(2);
    expect(c.statusMessage).toBe('rate limited');
  });
});

describe('protobuf decoding of every AnyValue type', () => {
  const request = ExportTraceServiceRequest.fromObject({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId: Buffer.from('0102030405060708090a0b0c0d0e0f10', 'hex'),
                spanId: Buffer.from('0102030405060708', 'hex'),
                name: 's',
                startTimeUnixNano: '18446744073709551615',
                endTimeUnixNano: '1',
                attributes: [
                  { key: 'big', value: { intValue: '-9223372036854775808' } },
                  { key: 'nested', value: { kvlistValue: { values: [{ key: 'k', value: { arrayValue: { values: [{ intValue: 7 }, { boolValue: false }] } } }] } } },
                  { key: 'raw', value: { bytesValue: Buffer.from([0xde, 0xad]) } },
                  { key: 'nan', value: { doubleValue: Number.NaN } },
                  { key: 'nothing', value: {} },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
  const span = allSpans(decodeTracesProtobuf(ExportTraceServiceRequest.encode(request).finish()))[0]!;

  it('keeps 64-bit values exactly', () => {
    expect(span.startNs).toBe('18446744073709551615');
    expect(span.attrs.values.big).toBe('-9223372036854775808');
  });

  it('renders nested values as JSON and bytes as base64', () => {
    expect(JSON.parse(span.attrs.values.nested!)).toEqual({ k: [7, false] });
    expect(span.attrs.types.nested).toBe('kvlist');
    expect(span.attrs.values.raw).toBe('3q0=');
    expect(span.attrs.values.nan).toBe('NaN');
    expect(span.attrs.types.nothing).toBe('empty');
  });

  it('agrees with the reference decoder', () => {
    expect(decodeTracesProtobuf(ExportTraceServiceRequest.encode(request).finish())).toEqual(
      decodeTracesProtobufReference(ExportTraceServiceRequest.encode(request).finish()),
    );
  });

  it('rejects bytes that are not protobuf', () => {
    expect(() => decodeTracesProtobuf(Buffer.from('this is not protobuf at all, just text'))).toThrow(MalformedPayloadError);
    expect(() => decodeTracesProtobufReference(Buffer.from('this is not protobuf at all, just text'))).toThrow(MalformedPayloadError);
  });
});

describe('JSON decoding rules', () => {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v));
  const base = (span: Record<string, unknown>) => ({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });

  it('accepts snake_case keys, enum names and 64-bit strings', () => {
    const decoded = decodeTracesJson(
      enc({
        resource_spans: [
          {
            scope_spans: [
              {
                spans: [
                  {
                    trace_id: '0102030405060708090A0B0C0D0E0F10',
                    span_id: '0102030405060708',
                    kind: 'SPAN_KIND_SERVER',
                    start_time_unix_nano: '1700000000123456789',
                    status: { code: 'STATUS_CODE_ERROR' },
                    attributes: [{ key: 'n', value: { int_value: '9007199254740993' } }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    const s = allSpans(decoded)[0]!;
    expect(s.traceId).toBe('0102030405060708090a0b0c0d0e0f10');
    expect(s.kind).toBe(2);
    expect(s.statusCode).toBe(2);
    expect(s.startNs).toBe('1700000000123456789');
    expect(s.attrs.values.n).toBe('9007199254740993');
  });

  it.each([
    ['not JSON', Buffer.from('{"resourceSpans": ['), /not valid JSON/],
    ['not an object', enc([1, 2]), /body: expected a JSON object/],
    ['resourceSpans not an array', enc({ resourceSpans: {} }), /body.resourceSpans: expected an array/],
    ['time not an integer', enc(base({ startTimeUnixNano: 'soon' })), /resourceSpans\[0\].scopeSpans\[0\].spans\[0\].startTimeUnixNano/],
    ['name not a string', enc(base({ name: 5 })), /spans\[0\].name: expected a string/],
    ['unknown kind name', enc(base({ kind: 'SPAN_KIND_SIDEWAYS' })), /spans\[0\].kind/],
    ['bad attribute value', enc(base({ attributes: [{ key: 'x', value: { intValue: 'twelve' } }] })), /attributes\[0\].value.intValue/],
  ])('reports %s with its path', (_name, body, message) => {
    expect(() => decodeTracesJson(body)).toThrow(message);
  });

  it('keeps an id that is not hex as given, for the span to be rejected alone', () => {
    const s = allSpans(decodeTracesJson(enc(base({ traceId: 'XYZ', spanId: '0102030405060708' }))))[0]!;
    expect(s.traceId).toBe('xyz');
  });
});

describe('the hand-written protobuf decoder', () => {
  it('decodes realistic agent batches exactly as the reference decoder does', () => {
    for (const body of encodeRequests(3, 200)) {
      expect(decodeTracesProtobuf(body)).toEqual(decodeTracesProtobufReference(body));
    }
  });

  it('throws only MalformedPayloadError on truncated or corrupted input', () => {
    const body = encodeRequests(1, 20)[0]!;
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const broken = Buffer.from(body.subarray(0, Math.floor(random() * body.length)));
      for (let k = 0; k < 3; k++) broken[Math.floor(random() * broken.length)] = Math.floor(random() * 256);
      try {
        decodeTracesProtobuf(broken);
      } catch (err) {
        expect(err).toBeInstanceOf(MalformedPayloadError);
      }
    }
  });
});
