import { TOO_DEEP_BODY, TooDeepError } from './values';
import { anyValue, arr, attributes, enumValue, fail, field, id, isObj, parseBody, resource, scope, str, uint32, uint64, type Json } from './json-fields';
import type { DecodedLogRecord, DecodedLogs, DecodedResourceLogs, DecodedScopeLogs } from './types';

/**
 * Decodes `application/json` OTLP logs requests (ExportLogsServiceRequest in
 * the OTLP/JSON encoding, with the field readers shared with the trace
 * decoder). Structural errors are reported with the JSON path of the
 * offending field.
 */

const SEVERITY_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** SEVERITY_NUMBER_UNSPECIFIED = 0, SEVERITY_NUMBER_TRACE = 1, _TRACE2 = 2 … SEVERITY_NUMBER_FATAL4 = 24. */
const SEVERITY_NUMBERS: Record<string, number> = Object.fromEntries([
  ['SEVERITY_NUMBER_UNSPECIFIED', 0],
  ...SEVERITY_LEVELS.flatMap((level, i) => [1, 2, 3, 4].map((n) => [`SEVERITY_NUMBER_${level}${n === 1 ? '' : n}`, i * 4 + n])),
]);

function logRecord(l: Json, path: string): DecodedLogRecord {
  if (!isObj(l)) return fail(path, 'a LogRecord object');
  const { attrs, invalid } = attributes(l, path);
  const record: DecodedLogRecord = {
    timeNs: uint64(l, 'timeUnixNano', path),
    observedTimeNs: uint64(l, 'observedTimeUnixNano', path),
    severityNumber: enumValue(l, 'severityNumber', path, SEVERITY_NUMBERS),
    severityText: str(l, 'severityText', path),
    body: { t: 'empty' },
    attrs,
    droppedAttributesCount: uint32(l, 'droppedAttributesCount', path),
    flags: uint32(l, 'flags', path),
    traceId: id(l, 'traceId', path),
    spanId: id(l, 'spanId', path),
    eventName: str(l, 'eventName', path),
  };
  if (invalid !== undefined) record.invalid = invalid;
  try {
    record.body = anyValue(field(l, 'body'), `${path}.body`);
  } catch (err) {
    if (!(err instanceof TooDeepError)) throw err;
    record.invalid ??= TOO_DEEP_BODY;
  }
  return record;
}

function scopeLogs(sl: Json, path: string): DecodedScopeLogs {
  if (!isObj(sl)) return fail(path, 'a ScopeLogs object');
  return {
    scope: scope(sl, path),
    logRecords: arr(sl, 'logRecords', path).map((l, i) => logRecord(l, `${path}.logRecords[${i}]`)),
  };
}

function resourceLogs(rl: Json, path: string): DecodedResourceLogs {
  if (!isObj(rl)) return fail(path, 'a ResourceLogs object');
  return {
    resource: resource(rl, path),
    scopeLogs: arr(rl, 'scopeLogs', path).map((sl, i) => scopeLogs(sl, `${path}.scopeLogs[${i}]`)),
  };
}

export function decodeLogsJson(body: Uint8Array): DecodedLogs {
  const doc = parseBody(body, 'ExportLogsServiceRequest');
  return {
    resourceLogs: arr(doc, 'resourceLogs', 'body').map((rl, i) => resourceLogs(rl, `resourceLogs[${i}]`)),
  };
}
