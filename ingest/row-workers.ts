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
 * exports are decoded, instead of running their slices between them. A job
 * goes to the worker with the fewest jobs in hand; a worker that dies fails
 * its jobs (their senders retry) and is replaced.
 */

interface Job {
  resolve: (batch: RowBatch) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  jobs: Map<number, Job>;
}

const ENTRY = new URL('./row-worker.mjs', import.meta.url);

/** A transferred Uint8Array (or an empty Buffer) as a Buffer again. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export class RowWorkers {
  private readonly threads: Thread[] = [];
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) this.threads.push(this.spawn());
  }

  private spawn(): Thread {
    const thread: Thread = { worker: new Worker(ENTRY), jobs: new Map() };
    thread.worker.unref();
    thread.worker.on('message', (reply: RowReply) => this.settle(thread, reply));
    thread.worker.on('error', (err) => this.fail(thread, err));
    thread.worker.on('exit', (code) => this.fail(thread, new Error(`row worker exited with code ${code}`)));
    return thread;
  }

  private settle(thread: Thread, reply: RowReply): void {
    const job = thread.jobs.get(reply.id);
    if (!job) return;
    thread.jobs.delete(reply.id);
    if ('batch' in reply) {
      const b = reply.batch;
      job.resolve({ ...b, spans: asBuffer(b.spans), traces: asBuffer(b.traces), snapshots: asBuffer(b.snapshots) });
    } else job.reject(reply.malformed ? new MalformedPayloadError(reply.message) : new Error(`row worker: ${reply.message}`));
  }

  /** A worker stopped: its jobs fail, and another takes its place. */
  private fail(thread: Thread, err: Error): void {
    const index = this.threads.indexOf(thread);
    if (index < 0) return;
    for (const job of thread.jobs.values()) job.reject(err);
    thread.jobs.clear();
    if (this.closed) return;
    log.error('row worker stopped; starting another', { error: err.message });
    this.threads[index] = this.spawn();
  }

  /** The rows of one request, built in a worker. */
  build(job: RowJob): Promise<RowBatch> {
    if (this.closed) return Promise.reject(new Error('row workers are closed'));
    const thread = this.threads.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    const id = this.nextId++;
    // The body is copied once into memory of its own, which the worker then owns.
    const body = new Uint8Array(job.body);
    const request: RowRequest = { id, signal: job.signal, encoding: job.encoding, opts: job.opts, body };
    return new Promise<RowBatch>((resolve, reject) => {
      thread.jobs.set(id, { resolve, reject });
      thread.worker.postMessage(request, [body.buffer]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
    this.threads.length = 0;
  }
}
