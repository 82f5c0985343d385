import { emptyAttrs } from '@/lib/domain/attributes';
import { addAttribute, anyValue } from './decode-protobuf-attributes';
import { TOO_DEEP_BODY, TooDeepError } from './values';
import { resourceInto, scopeInto } from './decode-protobuf';
import { ProtoReader, WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './proto-reader';
import type { DecodedLogRecord, DecodedLogs, DecodedResource, DecodedResourceLogs, DecodedScope, DecodedScopeLogs } from './types';

/**
 * Decodes `application/x-protobuf` OTLP logs requests (ExportLogsServiceRequest,
 * opentelemetry-proto collector/logs/v1 and logs/v1) straight from the wire,
 * with the same reader, attribute, resource and scope code as the trace decoder.
 */

const REQUEST = 'ExportLogsServiceRequest';

/** A record's body; one nested too deep is left empty and the record marked invalid. */
function body(r: ProtoReader, l: DecodedLogRecord): DecodedLogRecord['body'] {
  try {
    return anyValue(r);
  } catch (err) {
    if (!(err instanceof TooDeepError)) throw err;
    l.invalid ??= TOO_DEEP_BODY;
    return { t: 'empty' };
  }
}

function logRecord(r: ProtoReader): DecodedLogRecord {
  const l: DecodedLogRecord = {
    timeNs: '0',
    observedTimeNs: '0',
    severityNumber: 0,
    severityText: '',
    body: { t: 'empty' },
    attrs: emptyAttrs(),
    droppedAttributesCount: 0,
    flags: 0,
    traceId: '',
    spanId: '',
    eventName: '',
  };
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_I64, 'LogRecord.time_unix_nano');
        l.timeNs = r.fixed64Decimal();
        break;
      case 2:
        r.expect(wire, WIRE_VARINT, 'LogRecord.severity_number');
        l.severityNumber = r.uint32() | 0;
        break;
      case 3:
        r.expect(wire, WIRE_LEN, 'LogRecord.severity_text');
        l.severityText = r.string();
        break;
      case 5:
        r.expect(wire, WIRE_LEN, 'LogRecord.body');
        l.body = body(r.message(), l);
        break;
      case 6:
        r.expect(wire, WIRE_LEN, 'LogRecord.attributes');
        l.invalid ??= addAttribute(l.attrs, r.message());
        break;
      case 7:
        r.expect(wire, WIRE_VARINT, 'LogRecord.dropped_attributes_count');
        l.droppedAttributesCount = r.uint32();
        break;
      case 8:
        r.expect(wire, WIRE_I32, 'LogRecord.flags');
        l.flags = r.fixed32();
        break;
      case 9:
        r.expect(wire, WIRE_LEN, 'LogRecord.trace_id');
        l.traceId = r.hex();
        break;
      case 10:
        r.expect(wire, WIRE_LEN, 'LogRecord.span_id');
        l.spanId = r.hex();
        break;
      case 11:
        r.expect(wire, WIRE_I64, 'LogRecord.observed_time_unix_nano');
        l.observedTimeNs = r.fixed64Decimal();
        break;
      case 12:
        r.expect(wire, WIRE_LEN, 'LogRecord.event_name');
        l.eventName = r.string();
        break;
      default:
        r.skip(wire);
    }
  }
  return l;
}

function scopeLogs(r: ProtoReader): DecodedScopeLogs {
  const scope: DecodedScope = { name: '', version: '', attrs: emptyAttrs(), droppedAttributesCount: 0, schemaUrl: '' };
  const logRecords: DecodedLogRecord[] = [];
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    const field = tag >>> 3;
    if (field === 1 && wire === WIRE_LEN) scopeInto(r.message(), scope);
    else if (field === 2 && wire === WIRE_LEN) logRecords.push(logRecord(r.message()));
    else if (field === 3 && wire === WIRE_LEN) scope.schemaUrl = r.string();
    else r.skip(wire);
  }
  return { scope, logRecords };
}

function resourceLogs(r: ProtoReader): DecodedResourceLogs {
  const resource: DecodedResource = { attrs: emptyAttrs(), droppedAttributesCount: 0, schemaUrl: '' };
  const scopes: DecodedScopeLogs[] = [];
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    const field = tag >>> 3;
    if (field === 1 && wire === WIRE_LEN) resourceInto(r.message(), resource);
    else if (field === 2 && wire === WIRE_LEN) scopes.push(scopeLogs(r.message()));
    else if (field === 3 && wire === WIRE_LEN) resource.schemaUrl = r.string();
    else r.skip(wire);
  }
  return { resource, scopeLogs: scopes };
}

export function decodeLogsProtobuf(body: Uint8Array): DecodedLogs {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.length);
  const r = new ProtoReader(buf, 0, buf.length, REQUEST);
  const out: DecodedResourceLogs[] = [];
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 1 && wire === WIRE_LEN) out.push(resourceLogs(r.message()));
    else r.skip(wire);
  }
  return { resourceLogs: out };
}
