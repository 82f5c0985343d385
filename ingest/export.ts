import { log } from '@/lib/log';
import { logsToRows } from './log-rows';
import { decodeTracesJson } from './otlp/decode-json';
import { decodeLogsJson } from './otlp/decode-logs-json';
import { decodeLogsProtobuf } from './otlp/decode-logs-protobuf';
import { decodeTracesProtobuf } from './otlp/decode-protobuf';
import type { Encoding, Signal } from './otlp/responses';
import { MalformedPayloadError } from './otlp/types';
import { rowOptions, toRows, type RowBatch, type RowOptions } from './rows';
import { QueueFullError, type Writer } from './writer';

/**
 * One OTLP export request, whichever transport carried it (OTLP/HTTP or
 * OTLP/gRPC): decode it, build its rows, hand them to the group-commit writer
 * and resolve once they are on disk, with the partial-success figures. A
 * failure is an ExportError whose reason each receiver maps to its own answer
 * (an HTTP status, a gRPC status code).
 */

export type ExportFailure =
  /** The request could not be decoded (HTTP 400, gRPC INVALID_ARGUMENT). */
  | 'malformed'
  /** The write queue is full; retry shortly (HTTP 429, gRPC RESOURCE_EXHAUSTED with RetryInfo). */
  | 'queue-full'
  /** The store could not take the write, or Baton is shutting down (HTTP 503, gRPC UNAVAILABLE). */
  | 'store-unavailable';

export class ExportError extends Error {
  override name = 'ExportError';
  constructor(
    readonly reason: ExportFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface ExportOptions {
  writer: Writer;
  retentionDays: number;
}

/** What both receivers are given. */
export interface ReceiverOptions extends ExportOptions {
  /** Largest request, after decompression. */
  maxBodyBytes: number;
  /** BATON_INGEST_KEYS: when not empty, exports need `Authorization: Bearer <key>`. */
  ingestKeys: readonly string[];
}

export interface ExportResult {
  /** Items (spans, snapshot log records) refused one by one; the rest were written. */
  rejected: number;
  /** The partial-success message: empty when nothing was rejected. */
  message: string;
}

/** What differs between the OTLP signals. */
interface SignalRows {
  /** What the rejected items are called in the partial-success message. */
  items: string;
  /** Decodes a request (throwing MalformedPayloadError) and builds its rows. */
  rows(body: Buffer, encoding: Encoding, opts: RowOptions): RowBatch;
}

const SIGNALS: Record<Signal, SignalRows> = {
  traces: {
    items: 'span(s)',
    rows: (body, encoding, opts) => toRows(encoding === 'json' ? decodeTracesJson(body) : decodeTracesProtobuf(body), opts),
  },
  logs: {
    items: 'log record(s)',
    rows: (body, encoding, opts) => logsToRows(encoding === 'json' ? decodeLogsJson(body) : decodeLogsProtobuf(body), opts),
  },
};

/** Decodes, writes and resolves after the write; `body` is the whole request, already decompressed. */
export async function ingestExport(signal: Signal, body: Buffer, encoding: Encoding, opts: ExportOptions): Promise<ExportResult> {
  const { items, rows } = SIGNALS[signal];
  let batch: RowBatch;
  try {
    batch = rows(body, encoding, rowOptions(opts.retentionDays));
  } catch (err) {
    if (err instanceof MalformedPayloadError) throw new ExportError('malformed', err.message);
    throw err;
  }
  try {
    await opts.writer.write(batch);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof QueueFullError) throw new ExportError('queue-full', message);
    log.error('write failed', { error: message, signal, accepted: batch.accepted });
    throw new ExportError('store-unavailable', message);
  }
  return { rejected: batch.rejected, message: batch.rejected > 0 ? `${batch.rejected} ${items} rejected: ${batch.reasons.join('; ')}` : '' };
}
