import type { Store, WritableTable } from '@/lib/db/store';
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
}

interface Job {
  batch: RowBatch;
  resolve: () => void;
  reject: (err: Error) => void;
}

/** Recently written snapshot bodies; a body seen again within the hour is not resent. */
class RecentBodies {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly max = 50_000,
    private readonly ttlMs = 3_600_000,
  ) {}
  has(hash: string, now: number): boolean {
    const at = this.seen.get(hash);
    return at !== undefined && now - at < this.ttlMs;
  }
  add(hashes: Iterable<string>, now: number): void {
    for (const h of hashes) {
      this.seen.delete(h);
      this.seen.set(h, now);
    }
    while (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
  }
}

function joinLines(lines: string[]): Buffer {
  return Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`, 'utf8');
}

export class Writer {
  private queue: Job[] = [];
  private queuedBytes = 0;
  private inFlight: Promise<void> | undefined;
  private closed = false;
  private readonly bodies = new RecentBodies();

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
    if (batch.spans.length === 0 && batch.snapshots.length === 0) return Promise.resolve();
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
    const jobs = this.take();
    this.inFlight = this.commit(jobs).finally(() => {
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
    const spans: string[] = [];
    const snapshots: string[] = [];
    const bodies = new Map<string, string>();
    let bytes = 0;
    for (const { batch } of jobs) {
      for (const line of batch.spans) spans.push(line);
      for (const line of batch.snapshots) snapshots.push(line);
      for (const [hash, body] of batch.bodies) if (!this.bodies.has(hash, now)) bodies.set(hash, body);
      bytes += batch.bytes;
    }
    const lastSeen = Math.floor(now / 1000);
    const bodyLines = [...bodies].map(([hash, body]) => JSON.stringify({ hash, body, last_seen: lastSeen }));
    try {
      // Bodies before the snapshots that point at them, spans last: a reader
      // never sees a reference to something not yet written.
      await this.insert('snapshot_bodies', bodyLines);
      await this.insert('snapshots', snapshots);
      await this.insert('spans', spans);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const failure = new StoreWriteError(`could not write to the store: ${reason}`);
      for (const job of jobs) job.reject(failure);
      return;
    }
    this.bodies.add(bodies.keys(), now);
    for (const job of jobs) job.resolve();
    this.options.onCommit?.({ requests: jobs.length, spans: spans.length, bytes, ms: performance.now() - started });
  }

  private async insert(table: WritableTable, lines: string[]): Promise<void> {
    if (lines.length > 0) await this.store.insertJsonLines(table, joinLines(lines));
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
