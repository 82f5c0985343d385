import { describe, expect, it } from 'vitest';
import { SPAN_COLUMNS, SNAPSHOT_COLUMNS } from '@/lib/db/columns';
import { FIXED_NOW, makeEvent, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import {
  deepAnyValueJson,
  deepAnyValueProtobuf,
  jsonTraces,
  keyValueProtobuf,
  snapshotLogProtobuf,
  tracesProtobuf,
} from '@/tests/helpers/hostile-otlp';
import { logsToRows } from '../log-rows';
import { rowOptions, toRows } from '../rows';
import { decodeTracesJson } from './decode-json';
import { decodeLogsProtobuf } from './decode-logs-protobuf';
import { decodeTracesProtobuf } from './decode-protobuf';
import { MAX_VALUE_DEPTH } from './values';

/**
 * What the store cannot hold never reaches it: values nested too deep, times
 * outside DateTime64, half surrogate pairs. Each is rejected alone (or
 * clamped where OTLP says so) and the rest of the request goes through.
 */

const opts = rowOptions(30, FIXED_NOW);
const start = nsAt(FIXED_NOW - 1000);
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const column = (buf: Buffer, columns: readonly string[], name: string) =>
  buf
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as unknown[])[columns.indexOf(name)]);

describe('attribute values nested too deep', () => {
  it.each(['array', 'kvlist'] as const)('rejects the protobuf span alone, whatever the depth (%s)', (kind) => {
    for (const depth of [MAX_VALUE_DEPTH + 1, 5_000]) {
      const body = tracesProtobuf(
        [
          { traceId: TRACE, spanId: '00000000000000a1', startNs: start, rawAttributes: [keyValueProtobuf('deep', deepAnyValueProtobuf(depth, kind))] },
          { traceId: TRACE, spanId: '00000000000000a2', startNs: start },
        ],
      );
      const batch = toRows(decodeTracesProtobuf(body), opts);
      expect(batch.accepted).toBe(1);
      expect(batch.rejected).toBe(1);
      expect(batch.reasons).toEqual([`attribute "deep" nests arrays or key-value lists more than ${MAX_VALUE_DEPTH} levels deep`]);
    }
  });

  it('keeps a value exactly at the limit', () => {
    const body = tracesProtobuf([{ traceId: TRACE, spanId: '00000000000000a1', startNs: start, rawAttributes: [keyValueProtobuf('deep', deepAnyValueProtobuf(MAX_VALUE_DEPTH))] }]);
    const batch = toRows(decodeTracesProtobuf(body), opts);
    expect(batch.accepted).toBe(1);
    const [attributes] = column(batch.spans, SPAN_COLUMNS, 'attributes') as Record<string, string>[];
    expect(attributes!.deep).toContain('bottom');
  });

  it.each(['array', 'kvlist'] as const)('rejects the JSON span alone (%s)', (kind) => {
    const deep = `{"traceId":"${TRACE}","spanId":"00000000000000a1","name":"deep","startTimeUnixNano":"${start}","attributes":[{"key":"deep","value":${deepAnyValueJson(5_000, kind)}}]}`;
    const good = { traceId: TRACE, spanId: '00000000000000a2', name: 'good', startTimeUnixNano: start };
    const body = jsonTraces([JSON.parse('{}'), good]).replace('{}', deep);
    const batch = toRows(decodeTracesJson(Buffer.from(body)), opts);
    expect(batch.accepted).toBe(1);
    expect(batch.reasons[0]).toMatch(/attribute "deep" nests .* more than 64 levels deep/);
  });

  it('rejects every span of a resource whose attribute nests too deep, saying it was the resource', () => {
    const body = `{"resourceSpans":[{"resource":{"attributes":[{"key":"r","value":${deepAnyValueJson(100)}}]},"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"00000000000000a1","startTimeUnixNano":"${start}"}]}]}]}`;
    const batch = toRows(decodeTracesJson(Buffer.from(body)), opts);
    expect(batch.accepted).toBe(0);
    expect(batch.reasons).toEqual([`resource: attribute "r" nests arrays or key-value lists more than ${MAX_VALUE_DEPTH} levels deep`]);
  });

  it('rejects a snapshot log record whose body nests too deep', () => {
    const body = snapshotLogProtobuf(TRACE, '00000000000000a1', start, deepAnyValueProtobuf(3_000, 'kvlist'));
    const batch = logsToRows(decodeLogsProtobuf(body), opts);
    expect(batch.accepted).toBe(0);
    expect(batch.reasons[0]).toMatch(/body nests arrays or key-value lists more than 64 levels deep/);
  });
});

describe('times the store cannot hold', () => {
  it('stores a span without an end time, or ending before it starts, as ending when it starts', () => {
    const batch = toRows(makeTraces([makeSpan({ spanId: '00000000000000a1', startNs: start, endNs: '0' }), makeSpan({ spanId: '00000000000000a2', startNs: start, endNs: nsAt(FIXED_NOW - 5000) })]), opts);
    expect(batch.accepted).toBe(2);
    expect(column(batch.spans, SPAN_COLUMNS, 'end_time')).toEqual([start, start]);
    expect(column(batch.spans, SPAN_COLUMNS, 'duration_ns')).toEqual([0, 0]);
  });

  it('rejects a span that ends after 2262', () => {
    const batch = toRows(makeTraces([makeSpan({ startNs: start, endNs: '9300000000000000000' })]), opts);
    expect(batch.rejected).toBe(1);
    expect(batch.reasons).toEqual(['end time is after 2262-04-11, the latest time Baton can store']);
  });

  it('places a snapshot event with an unstorable time at its span start', () => {
    const span = makeSpan({ startNs: start, events: [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'sent' }, '18446744073709551615')] });
    const batch = toRows(makeTraces([span]), opts);
    expect(column(batch.snapshots, SNAPSHOT_COLUMNS, 'time')).toEqual([start]);
  });
});

describe('text and keys', () => {
  it('replaces half surrogate pairs from JSON with U+FFFD', () => {
    const body = jsonTraces([{ traceId: TRACE, spanId: '00000000000000a1', name: 'a\ud800b', startTimeUnixNano: start, attributes: [{ key: 'k\udc00', value: { stringValue: 'v\ud800' } }] }]);
    const batch = toRows(decodeTracesJson(Buffer.from(body)), opts);
    const line = batch.spans.toString('utf8');
    expect(line).not.toMatch(/\\ud[89a-f]/i);
    expect(column(batch.spans, SPAN_COLUMNS, 'name')).toEqual(['a\ufffdb']);
    expect(column(batch.spans, SPAN_COLUMNS, 'attributes')).toEqual([{ 'k\ufffd': 'v\ufffd' }]);
  });

  it('keeps an attribute named __proto__ as an ordinary attribute', () => {
    const body = jsonTraces([{ traceId: TRACE, spanId: '00000000000000a1', startTimeUnixNano: start, attributes: [{ key: '__proto__', value: { stringValue: 'kept' } }, { key: 'constructor', value: { intValue: 3 } }] }]);
    for (const decoded of [decodeTracesJson(Buffer.from(body)), decodeTracesProtobuf(tracesProtobuf([{ traceId: TRACE, spanId: '00000000000000a1', startNs: start, attributes: { ['__proto__']: 'kept', constructor: '3' } }]))]) {
      const batch = toRows(decoded, opts);
      const [attributes] = column(batch.spans, SPAN_COLUMNS, 'attributes') as Record<string, string>[];
      expect(Object.keys(attributes!)).toContain('__proto__');
      expect(attributes!.__proto__).toBe('kept');
      expect(attributes!.constructor).toBe('3');
    }
  });
});
