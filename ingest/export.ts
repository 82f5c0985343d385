import { QueryGate } from '@/lib/db/query-gate';
import type { ByteBudget, Reservation } from './byte-budget';
import type { StoredIngestKeys } from './ingest-keys';
import type { Encoding, Signal } from './otlp/responses';
import { MalformedPayloadError } from './otlp/types';
import { rowSlices } from './row-job';
import type { RowWorkers } from './row-workers';
import { rowOptions, type RowBatch } from './rows';
import { runYielding } from './slices';
import { QueueFullError, StoreWriteError, type Writer } from './writer';

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
  /** The store refused the request's rows as data it cannot hold; retrying cannot help (HTTP 400, gRPC INVALID_ARGUMENT). */
  | 'refused'
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
  /** Worker threads that decode and build rows; without them, both run on the event loop in slices. */
  rowWorkers?: RowWorkers;
}

/** What both receivers are given. */
export interface ReceiverOptions extends ExportOptions {
  /** Largest request, after decompression. */
  maxBodyBytes: number;
  /** Bytes of request bodies held before they become rows, shared by both receivers (BATON_RECEIVE_BYTES). */
  budget: ByteBudget;
  /** BATON_INGEST_KEYS: when not empty, exports need `Authorization: Bearer <key>`. */
  ingestKeys: readonly string[];
  /** Stored per-project keys (./ingest-keys.ts): when any works, exports need a key. */
  storedKeys?: StoredIngestKeys;
}

export interface ExportResult {
  /** Items (spans, snapshot log records) refused one by one; the rest were written. */
  rejected: number;
  /** The partial-success message: empty when nothing was rejected. */
  message: string;
}

/** What the rejected items are called in the partial-success message. */
const ITEMS: Record<Signal, string> = { traces: 'span(s)', logs: 'log record(s)' };

/**
 * Without row workers, large requests decode one at a time: a request whose rows take long yields
 * between slices (./slices.ts), so without this every waiting large request
 * would hold its decoded form in memory at once. Small ones are built in one
 * go (they never yield), so they need no turn: a small export is never stuck
 * behind a 16 MiB one.
 */
const decodingLarge = new QueryGate(1);
const LARGE_REQUEST_BYTES = 1 << 20;

/** Requests this small are built on the event loop even with row workers: a few spans take less than the trip. */
const INLINE_BELOW_BYTES = 64 << 10;

/** The message of a 429 / RESOURCE_EXHAUSTED for a full receive budget. */
export const budgetFullMessage = (budget: ByteBudget) =>
  `Baton is already holding ${budget.reserved} bytes of export requests (limit ${budget.limit}, BATON_RECEIVE_BYTES); retry shortly`;

/**
 * Decodes, writes and resolves after the write; `body` is the whole request,
 * already decompressed. `held` (the body's bytes in the receive budget) is
 * released as soon as the rows are built. `project`, when given (the project
 * of the request's stored ingest key), is every row's project.
 */
export async function ingestExport(signal: Signal, body: Buffer, encoding: Encoding, opts: ExportOptions, held?: Reservation, project?: string): Promise<ExportResult> {
  const items = ITEMS[signal];
  const job = { signal, body, encoding, opts: rowOptions(opts.retentionDays, Date.now(), project) };
  let batch: RowBatch;
  try {
    const workers = opts.rowWorkers;
    const build = () => runYielding(rowSlices(job));
    batch = await (workers && body.length >= INLINE_BELOW_BYTES ? workers.build(job) : body.length > LARGE_REQUEST_BYTES ? decodingLarge.run(build) : build());
  } catch (err) {
    if (err instanceof MalformedPayloadError) throw new ExportError('malformed', err.message);
    throw err;
  } finally {
    held?.release();
  }
  try {
    await opts.writer.write(batch);
  } catch (err) {
    // The writer's messages name the error, never other requests' rows.
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof QueueFullError) throw new ExportError('queue-full', message);
    if (err instanceof StoreWriteError && err.kind === 'data') throw new ExportError('refused', message);
    throw new ExportError('store-unavailable', message);
  }
  return { rejected: batch.rejected, message: batch.rejected > 0 ? `${batch.rejected} ${items} rejected: ${batch.reasons.join('; ')}` : '' };
}
