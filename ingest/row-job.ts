import { buildLogRows } from './log-rows';
import { decodeTracesJson } from './otlp/decode-json';
import { decodeLogsJson } from './otlp/decode-logs-json';
import { decodeLogsProtobuf } from './otlp/decode-logs-protobuf';
import { decodeTracesProtobuf } from './otlp/decode-protobuf';
import type { Encoding, Signal } from './otlp/responses';
import { buildRows, type RowBatch, type RowOptions } from './rows';
import type { Slices } from './slices';

/**
 * One request's decoding and row building, a pure function of its bytes: it
 * runs on the event loop (in slices) or in a row worker (./row-workers.ts),
 * whichever the receiver was given. Throws MalformedPayloadError for input
 * that cannot be decoded.
 */
export interface RowJob {
  signal: Signal;
  body: Buffer;
  encoding: Encoding;
  opts: RowOptions;
}

export function rowSlices({ signal, body, encoding, opts }: RowJob): Slices<RowBatch> {
  if (signal === 'logs') return buildLogRows(encoding === 'json' ? decodeLogsJson(body) : decodeLogsProtobuf(body), opts);
  return buildRows(encoding === 'json' ? decodeTracesJson(body) : decodeTracesProtobuf(body), opts);
}
