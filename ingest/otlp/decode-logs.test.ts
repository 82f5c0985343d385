import { describe, expect, it } from 'vitest';
import { OBSERVED_TIME_NS, SNAPSHOT_SPAN_ID, SNAPSHOT_TIME_NS, SNAPSHOT_TRACE_ID, snapshotLogsFixture } from '@/tests/helpers/sdk-logs';
import { decodeLogsJson } from './decode-logs-json';
import { decodeLogsProtobuf } from './decode-logs-protobuf';
import { ExportLogsServiceRequest } from './schema';
import { MalformedPayloadError, type DecodedLogRecord, type DecodedLogs } from './types';

const fixture = snapshotLogsFixture();

function allRecords(logs: DecodedLogs): DecodedLogRecord[] {
  return logs.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords));
}

const nanos = (hr: [number, number]) => (BigInt(hr[0]) * 1_000_000_000n + BigInt(hr[1])).toString();

describe.each([
  ['protobuf', () => decodeLogsProtobuf(fixture.protobuf)],
  ['json', () => decodeLogsJson(fixture.json)],
])('decoding SDK-serialized %s logs', (_name, decode) => {
  const decoded = decode();
  const [snapshot, older, plain] = allRecords(decoded) as [DecodedLogRecord, DecodedLogRecord, DecodedLogRecord];

  it('keeps resource and scope', () => {
    expect(decoded.resourceLogs).toHaveLength(1);
    const rl = decoded.resourceLogs[0]!;
    expect(rl.resource.attrs.values).toEqual({ 'service.name': 'planner-svc', 'baton.project': 'travel', 'session.id': 'sess-resource' });
    expect(rl.scopeLogs).toHaveLength(1);
    expect(rl.scopeLogs[0]!.scope).toMatchObject({ name: 'fixture-logs', version: '3.0.0' });
    expect(rl.scopeLogs[0]!.logRecords).toHaveLength(3);
  });

  it('reads every field of a snapshot record', () => {
    expect(snapshot).toEqual({
      timeNs: SNAPSHOT_TIME_NS,
      observedTimeNs: OBSERVED_TIME_NS,
      severityNumber: 9,
      severityText: 'INFO',
      body: {
        t: 'kvlist',
        v: [
          ['baton.snapshot.text', { t: 'string', v: 'Plan a trip to Lisbon' }],
          ['baton.snapshot.phase', { t: 'string', v: 'checkpoint' }],
        ],
      },
      attrs: {
        values: {
          'baton.snapshot.phase': 'sent',
          'baton.snapshot.facts': '{"trip":{"budget":300}}',
          'baton.snapshot.tokens': '1200',
          'baton.snapshot.truncated': 'false',
          'baton.snapshot.updates': '["trip.budget"]',
          'baton.handoff.id': 'h-1',
          'baton.handoff.to': 'booker',
          'gen_ai.agent.name': 'planner',
        },
        types: { 'baton.snapshot.tokens': 'int', 'baton.snapshot.truncated': 'bool', 'baton.snapshot.updates': 'array' },
      },
      droppedAttributesCount: 0,
      flags: 1,
      traceId: SNAPSHOT_TRACE_ID,
      spanId: SNAPSHOT_SPAN_ID,
      eventName: 'baton.context.snapshot',
    });
  });

  it('reads the older form: event.name as an attribute, a string body', () => {
    expect(older.eventName).toBe('');
    expect(older.attrs.values['event.name']).toBe('baton.context.snapshot');
    expect(older.body).toEqual({ t: 'string', v: 'context as of the booking' });
    expect(older.traceId).toBe(SNAPSHOT_TRACE_ID);
    expect(older.spanId).toBe(SNAPSHOT_SPAN_ID);
    expect(older.observedTimeNs).toBe(nanos(fixture.records[1]!.hrTimeObserved));
  });

  it('reads a plain log record without span context, with its dropped-attribute count', () => {
    expect(plain).toMatchObject({ severityNumber: 13, severityText: 'WARN', traceId: '', spanId: '', eventName: '', flags: 0, droppedAttributesCount: 1 });
    expect(Object.keys(plain.attrs.values)).toHaveLength(10);
    expect(plain.attrs.types['app.attr9']).toBe('int');
  });
});

describe('protobuf and JSON agree', () => {
  it('decode the same SDK records to the same result', () => {
    expect(decodeLogsProtobuf(fixture.protobuf)).toEqual(decodeLogsJson(fixture.json));
  });
});

describe('protobuf logs decoding', () => {
  const encode = (record: Record<string, unknown>) =>
    ExportLogsServiceRequest.encode(ExportLogsServiceRequest.fromObject({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] })).finish();

  it('keeps 64-bit times exactly and reads a kvlist body with nested values', () => {
    const [record] = allRecords(
      decodeLogsProtobuf(
        encode({
          timeUnixNano: '18446744073709551615',
          body: { kvlistValue: { values: [{ key: 'facts', value: { kvlistValue: { values: [{ key: 'n', value: { intValue: '-9223372036854775808' } }] } } }] } },
          eventName: 'baton.context.snapshot',
        }),
      ),
    );
    expect(record!.timeNs).toBe('18446744073709551615');
    expect(record!.observedTimeNs).toBe('0');
    expect(record!.body).toEqual({ t: 'kvlist', v: [['facts', { t: 'kvlist', v: [['n', { t: 'int', v: '-9223372036854775808' }]] }]] });
  });

  it('reports malformed bodies as MalformedPayloadError naming the logs request', () => {
    expect(() => decodeLogsProtobuf(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]))).toThrow(
      /body is not a valid ExportLogsServiceRequest protobuf: length past the end/,
    );
    expect(() => decodeLogsProtobuf(Buffer.from('this is not protobuf at all, just text'))).toThrow(MalformedPayloadError);
  });

  it('names a field with the wrong wire type', () => {
    // LogRecord.time_unix_nano (field 1) sent as a varint instead of fixed64.
    const record = Buffer.from([0x08, 0x01]);
    const scopeLogs = Buffer.concat([Buffer.from([0x12, record.length]), record]);
    const resourceLogs = Buffer.concat([Buffer.from([0x12, scopeLogs.length]), scopeLogs]);
    const body = Buffer.concat([Buffer.from([0x0a, resourceLogs.length]), resourceLogs]);
    expect(() => decodeLogsProtobuf(body)).toThrow(/field LogRecord.time_unix_nano has wire type 0, expected 1/);
  });

  it('throws only MalformedPayloadError on truncated or corrupted input', () => {
    const body = Buffer.from(fixture.protobuf);
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const broken = Buffer.from(body.subarray(0, Math.floor(random() * body.length)));
      for (let k = 0; k < 3; k++) broken[Math.floor(random() * broken.length)] = Math.floor(random() * 256);
      try {
        decodeLogsProtobuf(broken);
      } catch (err) {
        expect(err).toBeInstanceOf(MalformedPayloadError);
      }
    }
  });
});

describe('JSON logs decoding rules', () => {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v));
  const base = (record: Record<string, unknown>) => ({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] });

  it('accepts snake_case keys, severity names and 64-bit strings', () => {
    const [record] = allRecords(
      decodeLogsJson(
        enc({
          resource_logs: [
            {
              scope_logs: [
                {
                  log_records: [
                    {
                      trace_id: '4BF92F3577B34DA6A3CE929D0E0E4736',
                      span_id: '00F067AA0BA902B7',
                      observed_time_unix_nano: '1700000000123456789',
                      severity_number: 'SEVERITY_NUMBER_ERROR3',
                      event_name: 'baton.context.snapshot',
                      attributes: [{ key: 'n', value: { int_value: '9007199254740993' } }],
                    },
                  ],
                },
              ],
            },
          ],
        }),
      ),
    );
    expect(record).toMatchObject({
      traceId: SNAPSHOT_TRACE_ID,
      spanId: SNAPSHOT_SPAN_ID,
      timeNs: '0',
      observedTimeNs: '1700000000123456789',
      severityNumber: 19,
      eventName: 'baton.context.snapshot',
    });
    expect(record!.attrs.values.n).toBe('9007199254740993');
  });

  it.each([
    ['not JSON', Buffer.from('{"resourceLogs": ['), /not valid JSON/],
    ['not an object', enc([1, 2]), /body: expected a JSON object \(ExportLogsServiceRequest\)/],
    ['resourceLogs not an array', enc({ resourceLogs: {} }), /body.resourceLogs: expected an array/],
    ['a record not an object', enc({ resourceLogs: [{ scopeLogs: [{ logRecords: [7] }] }] }), /^resourceLogs\[0\].scopeLogs\[0\].logRecords\[0\]: expected a LogRecord object$/],
    ['time not an integer', enc(base({ timeUnixNano: 'soon' })), /resourceLogs\[0\].scopeLogs\[0\].logRecords\[0\].timeUnixNano/],
    ['event name not a string', enc(base({ eventName: 5 })), /logRecords\[0\].eventName: expected a string/],
    ['unknown severity name', enc(base({ severityNumber: 'SEVERITY_NUMBER_LOUD' })), /logRecords\[0\].severityNumber/],
    ['bad body', enc(base({ body: { intValue: 'twelve' } })), /logRecords\[0\].body.intValue: expected a 64-bit integer/],
    ['bad attribute value', enc(base({ attributes: [{ key: 'x', value: { boolValue: 'yes' } }] })), /logRecords\[0\].attributes\[0\].value.boolValue/],
  ])('reports %s with its path', (_name, body, message) => {
    expect(() => decodeLogsJson(body)).toThrow(MalformedPayloadError);
    expect(() => decodeLogsJson(body)).toThrow(message);
  });

  it('keeps an id that is not hex as given, for the record to be rejected alone', () => {
    const [record] = allRecords(decodeLogsJson(enc(base({ traceId: 'XYZ', spanId: SNAPSHOT_SPAN_ID }))));
    expect(record!.traceId).toBe('xyz');
  });
});
