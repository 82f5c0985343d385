import type { AnalysisSpanRow } from '@/lib/analysis/analysis-rows';
import { COLUMNS } from '@/lib/db/columns';
import { writeSetting } from '@/lib/db/settings';
import { describeStoreError, type StoreErrorInfo } from '@/lib/db/store-errors';
import type { Store, WritableTable } from '@/lib/db/store';
import { log } from '@/lib/log';
import { insertChunks } from './insert-chunks';
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
 * limit. Nothing is acknowledged that was not written, and one request's bad
 * rows never fail another's: when a shared insert fails on its data, each of
 * its requests is inserted again on its own, so only the requests that carry
 * rows the store refuses fail (StoreWriteError, kind `data`: answered 400,
 * not retried). When the store cannot write at all (a full disk), every
 * request fails with kind `unavailable` (answered 503, retried), the writer
 * reports itself not writable (/readyz) and probes the store until a write
 * succeeds. Error messages name the ClickHouse error and column, never the
 * rows: the store's own message quotes other requests' data. Spans are
 * idempotent, so the exporters' retries and the writer's own are safe.
 */

export class QueueFullError extends Error {
  override name = 'QueueFullError';
}

export class StoreWriteError extends Error {
  override name = 'StoreWriteError';
  constructor(
    message: string,
    /** `data`: these rows cannot be stored (do not retry); `unavailable`: the store cannot write now. */
    readonly kind: 'data' | 'unavailable',
  ) {
    super(message);
  }
}

/** Whether the store takes writes, as the last insert (or probe) found. */
export interface WriteHealth {
  writable: boolean;
  /** When writes started failing (ms since the epoch). */
  failingSince?: number;
  /** Why, without data. */
  reason?: string;
}

const PROBE_MS = 5_000;

/** Largest body of one insert (./insert-chunks.ts): bigger ones are cut between rows. */
const INSERT_CHUNK_BYTES = 8 << 20;

export class WriterClosedError extends Error {
  override name = 'WriterClosedError';
}

export interface WriterOptions {
  maxQueueBytes: number;
  maxBatchBytes: number;
  /** How often a store that failed a write is probed until it takes one (default 5 s). */
  probeMs?: number;
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
  /** What the analysis reads of the spans it wrote (lib/analysis/analysis-rows.ts). */
  analysis: AnalysisSpanRow[];
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
  private writeHealth: WriteHealth = { writable: true };
  private probeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: WriterOptions,
  ) {}

  get pendingBytes(): number {
    return this.queuedBytes;
  }

  get health(): WriteHealth {
    return this.writeHealth;
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
    let failure: StoreErrorInfo | undefined;
    try {
      await this.insertJobs(jobs);
    } catch (err) {
      failure = describeStoreError(err);
    }
    if (!failure) return this.committed(jobs, started);
    if (failure.kind === 'unavailable' || jobs.length === 1) return this.failed(jobs, failure);
    // A shared insert failed on its data: find the requests that carry it by inserting each alone.
    log.warn('a shared insert was refused; writing its requests one by one', { requests: jobs.length, error: failure.summary });
    for (const job of jobs) {
      try {
        await this.insertJobs([job]);
        this.committed([job], started);
      } catch (err) {
        this.failed([job], describeStoreError(err));
      }
    }
  }

  /** Acknowledges written requests and tells the analyzer what they touched. */
  private committed(jobs: Job[], started: number): void {
    this.markWritable();
    for (const job of jobs) job.resolve();
    const spans = jobs.reduce((n, j) => n + j.batch.accepted, 0);
    const bytes = jobs.reduce((n, j) => n + j.batch.bytes, 0);
    const touched = jobs.flatMap((j) => j.batch.touched ?? []);
    const analysis = jobs.flatMap((j) => j.batch.analysis ?? []);
    this.options.onCommit?.({ requests: jobs.length, spans, bytes, ms: performance.now() - started, touched, analysis });
  }

  private failed(jobs: Job[], failure: StoreErrorInfo): void {
    const data = failure.kind === 'data';
    const message = data
      ? `the store refused this request's data (${failure.summary}); nothing of it was written`
      : `the store could not write (${failure.summary}); retry later`;
    log.error(data ? 'a request was refused by the store' : 'write failed', { error: failure.summary, requests: jobs.length });
    if (!data) this.markUnwritable(failure.summary);
    for (const job of jobs) job.reject(new StoreWriteError(message, failure.kind));
  }

  /** Writes the rows of these requests, every table at once; throws what the store threw. */
  private async insertJobs(jobs: Job[]): Promise<void> {
    const now = Date.now();
    const bodies = this.recentBodies.fresh(jobs.map((j) => j.batch.bodies), now);
    const resources = this.recentResources.fresh(jobs.map((j) => j.batch.resources), now);
    const lastSeen = Math.floor(now / 1000);
    const bodyLines = [...bodies].map(([hash, body]) => `${JSON.stringify([hash, body, lastSeen])}\n`);
    // A resource's content is the JSON array of its other columns: splice the hash and time around it.
    const resourceLines = [...resources].map(([hash, content]) => `[${JSON.stringify(hash)},${content.slice(1, -1)},${lastSeen}]\n`);
    const rows = (pick: (b: RowBatch) => Buffer) => jobs.map((j) => pick(j.batch));
    // The inserts run at once: chDB runs them on separate threads, and a
    // reader meeting a reference whose target is a few milliseconds late
    // (a snapshot body, a span listed in the rollup) shows it on its next refresh.
    const results = await Promise.allSettled([
      this.insert('resources', [Buffer.from(resourceLines.join(''))]),
      this.insert('snapshot_bodies', [Buffer.from(bodyLines.join(''))]),
      this.insert('snapshots', rows((b) => b.snapshots)),
      this.insert('spans', rows((b) => b.spans)),
      this.insert('traces', rows((b) => b.traces)),
    ]);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused) throw refused.reason;
    this.recentBodies.add(bodies.keys(), now);
    this.recentResources.add(resources.keys(), now);
  }

  private markWritable(): void {
    if (this.writeHealth.writable) return;
    log.info('the store takes writes again', { failingForMs: Date.now() - (this.writeHealth.failingSince ?? Date.now()) });
    this.writeHealth = { writable: true };
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
  }

  /** Records that the store cannot write and probes it until a write succeeds, traffic or not. */
  private markUnwritable(reason: string): void {
    this.writeHealth = { writable: false, failingSince: this.writeHealth.failingSince ?? Date.now(), reason };
    if (this.probeTimer || this.closed) return;
    this.probeTimer = setInterval(() => {
      writeSetting(this.store.client, 'write_probe', new Date().toISOString()).then(
        () => this.markWritable(),
        () => undefined,
      );
    }, this.options.probeMs ?? PROBE_MS);
    this.probeTimer.unref();
  }

  private async insert(table: WritableTable, parts: Buffer[]): Promise<void> {
    for (const body of insertChunks(parts, INSERT_CHUNK_BYTES)) await this.store.insertRows(table, COLUMNS[table], body);
  }

  /** Stops taking writes and waits for everything queued to be written. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probeTimer);
    while (this.inFlight || this.queue.length > 0) {
      this.pump();
      await this.inFlight;
    }
  }
}
