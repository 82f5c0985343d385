import { parentPort } from 'node:worker_threads';
import { MalformedPayloadError } from './otlp/types';
import type { RowBatch } from './rows';
import { rowSlices, type RowJob } from './row-job';
import { runSync } from './slices';

/**
 * A row worker's side of ./row-workers.ts: decodes each request it is sent
 * and builds its rows, one at a time, and answers with the batch. Its bytes
 * come back as transferred memory, not copied.
 */

export interface RowRequest extends Omit<RowJob, 'body'> {
  id: number;
  body: Uint8Array;
}

export type RowReply = { id: number; batch: RowBatch } | { id: number; malformed: boolean; message: string };

/** The memory of `buf` when it alone owns it (transferable); pooled small Buffers are copied instead. */
function ownMemory(buf: Buffer): ArrayBuffer[] {
  return buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.byteLength > 0 ? [buf.buffer as ArrayBuffer] : [];
}

const port = parentPort;
if (!port) throw new Error('ingest/row-worker.ts runs in a worker thread (see ./row-workers.ts)');

port.on('message', (req: RowRequest) => {
  const body = Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
  let reply: RowReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const batch = runSync(rowSlices({ signal: req.signal, body, encoding: req.encoding, opts: req.opts }));
    reply = { id: req.id, batch };
    transfer = [...ownMemory(batch.spans), ...ownMemory(batch.traces), ...ownMemory(batch.snapshots)];
  } catch (err) {
    const malformed = err instanceof MalformedPayloadError;
    reply = { id: req.id, malformed, message: err instanceof Error ? (malformed ? err.message : (err.stack ?? err.message)) : String(err) };
  }
  port.postMessage(reply, transfer);
});
