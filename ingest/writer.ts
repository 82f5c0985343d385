import type { Store, WritableTable } from '@/lib/db/store';
import { COLUMNS } from '@/lib/db/columns';
import { RecentHashes } from './recent-hashes';
import type { RowBatch } from './rows';

/**
 * Group commit. Requests hand their rows to `write`, which resolves only once
 * ClickHouse has them. While one insert runs, new requests queue; the next
 * insert takes everything queued (up to a byte cap), so under load many
 * requests share one insert and at low load a request waits for one insert.
 *
 * The queue is bounded in bytes: past the bound `write` fails at once with
 * QueueFullError (answered 429 + Retry-After) instead of buffering without
 * limit. If an insert fails, every request in that batch fails with
 * StoreWriteError (answered 503); nothing is acknowledged that was not written.
 * Spans are idempotent, so the exporters' retries are safe.
 */

export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

export class StoreWriteError extends Error {
  override name = 'StoreWriteError';
}

export class WriterClosedError extends Error {
  override name = 'WriterClosedError';
}

export interface WriterOptions {
  maxQueueBytes: number;
  maxBatchBytes: number;
  /** Called after each committed insert (the analyzer hooks in here later). */
  onCommit?: (stats: CommitStats) => void;
}

export interface CommitStats {
  requests: number;
  spans: number;
  bytes: number;
  ms: number;
  /** Traces the commit wrote to. */
  touched: { project: string; traceId: string }[];
}

interface Job {
  batch: RowBatch;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Writer {
  private queue: Job[] = [];
  private queuedBytes = 0;
  private inFlight: Promise<void> | undefined;
  private closed = false;
  private readonly recentBodies = new RecentHashes();
  private readonly recentResources = new RecentHashes();

  constructor(
    private readonly store: Store,
    private readonly options: WriterOptions,
  ) {}

  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /** Resolves when the batch is in ClickHouse; rejects if it cannot be written. */
  write(batch: RowBatch): Promise<void> {
    if (this.closed) return Promise.reject(new WriterClosedError('Baton is shutting down'));
    if (batch.accepted === 0) return Promise.resolve();
    if (this.queuedBytes > 0 && this.queuedBytes + batch.bytes > this.options.maxQueueBytes) {
      return Promise.reject(
        new QueueFullError(`write queue is full (${this.queuedBytes} bytes waiting); retry shortly`),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      this.queuedBytes += batch.bytes;
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight || this.queue.length === 0) return;
    this.inFlight = this.commit(this.take()).finally(() => {
      this.inFlight = undefined;
      this.pump();
    });
  }

  private take(): Job[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length) {
      const next = (this.queue[n] as Job).batch.bytes;
      if (n > 0 && bytes + next > this.options.maxBatchBytes) break;
      bytes += next;
      n++;
    }
    const jobs = this.queue.splice(0, n);
    this.queuedBytes -= bytes;
    return jobs;
  }

  private async commit(jobs: Job[]): Promise<void> {
    const started = performance.now();
    const now = Date.now();
    const spans: Buffer[] = [];
    const traces: Buffer[] = [];
    const snapshots: Buffer[] = [];
    let bytes = 0;
    for (const { batch } of jobs) {
      spans.push(batch.spans);
      traces.push(batch.traces);
      snapshots.push(batch.snapshots);
      bytes += batch.bytes;
    }
    const bodies = this.recentBodies.fresh(jobs.map((j) => j.batch.bodies), now);
    const resources = this.recentResources.fresh(jobs.map((j) => j.batch.resources), now);
    const lastSeen = Math.floor(now / 1000);
    const bodyLines = [...bodies].map(([hash, body]) => `${JSON.stringify([hash, body, lastSeen])}\n`);
    // A resource's content is the JSON array of its other columns: splice the hash and time around it.
    const resourceLines = [...resources].map(([hash, content]) => `[${JSON.stringify(hash)},${content.slice(1, -1)},${lastSeen}]\n`);
    try {
      // The inserts run at once: chDB runs them on separate threads, and a
      // reader meeting a reference whose target is a few milliseconds late
      // (a snapshot body, a span listed in the rollup) shows it on its next refresh.
      await Promise.all([
        this.insert('resources', [Buffer.from(resourceLines.join(''))]),
        this.insert('snapshot_bodies', [Buffer.from(bodyLines.join(''))]),
        this.insert('snapshots', snapshots),
        this.insert('spans', spans),
        this.insert('traces', traces),
      ]);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const failure = new StoreWriteError(`could not write to the store: ${reason}`);
      for (const job of jobs) job.reject(failure);
      return;
    }
    this.recentBodies.add(bodies.keys(), now);
    this.recentResources.add(resources.keys(), now);
    for (const job of jobs) job.resolve();
    const spanCount = jobs.reduce((n, j) => n + j.batch.accepted, 0);
    const touched = jobs.flatMap((j) => j.batch.touched ?? []);
    this.options.onCommit?.({ requests: jobs.length, spans: spanCount, bytes, ms: performance.now() - started, touched });
  }

  private async insert(table: WritableTable, parts: Buffer[]): Promise<void> {
    const body = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    if (body.length > 0) await this.store.insertRows(table, COLUMNS[table], body);
  }

  /** Stops taking writes and waits for everything queued to be written. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight || this.queue.length > 0) {
      this.pump();
      await this.inFlight;
    }
  }
}
