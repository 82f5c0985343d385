import { Worker } from 'node:worker_threads';
import { log } from '@/lib/log';
import { MalformedPayloadError } from './otlp/types';
import type { RowBatch } from './rows';
import type { RowJob } from './row-job';
import type { RowReply, RowRequest } from './row-worker';

/**
 * Decoding and row building off the event loop: a few worker threads
 * (BATON_INGEST_WORKERS) take requests' bytes and give back their rows.
 * The event loop keeps answering reads, the UI and acknowledgements while
 * exports are decoded, instead of running their slices between them.
 *
 * Each worker holds one request at a time; the others wait here, requests
 * under LARGE_BYTES before larger ones, so a small export waits for at most
 * the requests already in the workers, never behind a queue of 16 MiB ones.
 * A worker that dies fails the request it held (its sender retries) and is
 * replaced.
 */

/** Requests from this size wait behind smaller ones. */
export const LARGE_BYTES = 1 << 20;

interface Job {
  job: RowJob;
  resolve: (batch: RowBatch) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  /** The request in hand, by id. */
  held?: { id: number; job: Job };
}

const ENTRY = new URL('./row-worker.mjs', import.meta.url);

/** A transferred Uint8Array (or an empty Buffer) as a Buffer again. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export class RowWorkers {
  private readonly threads: Thread[] = [];
  private readonly small: Job[] = [];
  private readonly large: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.threads.push(this.spawn());
  }

  /** The rows of one request, built in a worker. */
  build(job: RowJob): Promise<RowBatch> {
    if (this.closed) return Promise.reject(new Error('row workers are closed'));
    return new Promise<RowBatch>((resolve, reject) => {
      (job.body.length < LARGE_BYTES ? this.small : this.large).push({ job, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of [...this.small.splice(0), ...this.large.splice(0)]) waiting.reject(new Error('row workers are closed'));
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
    this.threads.length = 0;
  }

  private spawn(): Thread {
    const thread: Thread = { worker: new Worker(ENTRY) };
    thread.worker.unref();
    thread.worker.on('message', (reply: RowReply) => this.settle(thread, reply));
    thread.worker.on('error', (err) => this.fail(thread, err));
    thread.worker.on('exit', (code) => this.fail(thread, new Error(`row worker exited with code ${code}`)));
    return thread;
  }

  /** Hands waiting requests to idle workers, small ones first. */
  private pump(): void {
    for (const thread of this.threads) {
      if (thread.held) continue;
      const next = this.small.shift() ?? this.large.shift();
      if (!next) return;
      const id = this.nextId++;
      thread.held = { id, job: next };
      // The body is copied once into memory of its own, which the worker then owns.
      const body = new Uint8Array(next.job.body);
      const request: RowRequest = { id, signal: next.job.signal, encoding: next.job.encoding, opts: next.job.opts, body };
      thread.worker.postMessage(request, [body.buffer]);
    }
  }

  private settle(thread: Thread, reply: RowReply): void {
    const held = thread.held;
    if (!held || held.id !== reply.id) return;
    thread.held = undefined;
    if ('batch' in reply) {
      const b = reply.batch;
      held.job.resolve({ ...b, spans: asBuffer(b.spans), traces: asBuffer(b.traces), snapshots: asBuffer(b.snapshots) });
    } else held.job.reject(reply.malformed ? new MalformedPayloadError(reply.message) : new Error(`row worker: ${reply.message}`));
    this.pump();
  }

  /** A worker stopped: the request it held fails, and another worker takes its place. */
  private fail(thread: Thread, err: Error): void {
    const index = this.threads.indexOf(thread);
    if (index < 0) return;
    thread.held?.job.reject(err);
    thread.held = undefined;
    if (this.closed) return;
    log.error('row worker stopped; starting another', { error: err.message });
    this.threads[index] = this.spawn();
    this.pump();
  }
}
