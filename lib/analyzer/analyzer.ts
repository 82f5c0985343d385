import { z } from 'zod';
import { readSetting, writeSetting } from '@/lib/db/settings';
import { selectRows } from '@/lib/db/select';
import type { Store } from '@/lib/db/store';
import { log } from '@/lib/log';
import { analyzeUnits, type Unit } from './analyze-unit';

/**
 * The in-process analyzer. The writer tells it which traces each commit
 * touched; shortly after, it finds their sessions and re-analyses each one
 * whole (idempotent: results are versioned rows keyed by id, rewritten only
 * when they change). A timer retries failed work, and on start it catches up
 * on what was written but not analysed before the last stop.
 */

export interface AnalyzerOptions {
  /** Wait after a commit before analysing, so a burst of commits is analysed once. */
  debounceMs?: number;
  /** How often failed units are retried and the progress mark saved. */
  intervalMs?: number;
  onRun?: (stats: RunStats) => void;
}

export interface RunStats {
  units: number;
  handoffs: number;
  ms: number;
  failed: number;
}

const WATERMARK = 'analyzer_watermark_ms';

/** Units analysed together: one batch of queries per this many sessions. */
const BATCH_UNITS = 100;

/** Units of one project per batch, at most BATCH_UNITS each. */
function* batches(units: Unit[]): Generator<Unit[]> {
  const byProject = new Map<string, Unit[]>();
  for (const u of units) byProject.set(u.project, [...(byProject.get(u.project) ?? []), u]);
  for (const list of byProject.values()) for (let i = 0; i < list.length; i += BATCH_UNITS) yield list.slice(i, i + BATCH_UNITS);
}

const unitKey = (u: Unit) => `${u.project}\u0000${u.sessionId}\u0000${u.traceIds.join(',')}`;

/** Units of the same session merged: a session is analysed whole, once per run. */
function dedupe(units: Unit[]): Unit[] {
  const out = new Map<string, Unit>();
  for (const u of units) {
    const key = u.sessionId ? `${u.project}\u0000${u.sessionId}` : unitKey(u);
    const seen = out.get(key);
    out.set(key, seen ? { ...seen, traceIds: [...new Set([...seen.traceIds, ...u.traceIds])] } : u);
  }
  return [...out.values()];
}

const traceSessionRow = z.object({ project: z.string(), trace_id: z.string(), session_id: z.string() });
const touchedRow = z.object({ project: z.string(), trace_id: z.string() });

export class Analyzer {
  private readonly touched = new Map<string, Set<string>>();
  private readonly failed = new Map<string, Unit>();
  /** Sessions to analyse again in the next run (a session before them changed). */
  private readonly followUps = new Map<string, Unit>();
  private timer: NodeJS.Timeout | undefined;
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Commits up to this time (ms) are analysed once the queue is empty. */
  private pendingMark = 0;

  constructor(
    private readonly store: Store,
    private readonly options: AnalyzerOptions = {},
  ) {}

  /** Called after each commit with the traces it wrote to. */
  notify(touched: readonly { project: string; traceId: string }[]): void {
    if (this.stopped || touched.length === 0) return;
    for (const { project, traceId } of touched) {
      const set = this.touched.get(project) ?? new Set<string>();
      set.add(traceId);
      this.touched.set(project, set);
    }
    this.pendingMark = Date.now();
    this.schedule();
  }

  private hasWork(): boolean {
    return this.touched.size > 0 || this.followUps.size > 0;
  }

  private schedule(): void {
    if (this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.run().finally(() => {
        this.running = undefined;
        if (this.hasWork()) this.schedule();
      });
    }, this.options.debounceMs ?? 100);
  }

  /** The units (sessions, and sessionless traces per project) the touched traces belong to. */
  private async unitsOf(touched: Map<string, Set<string>>): Promise<Unit[]> {
    const units = new Map<string, Unit>();
    for (const [project, ids] of touched) {
      const rows = await selectRows(
        this.store.client,
        traceSessionRow,
        `SELECT project, trace_id, min(session) AS s, if(s.1 = 0, s.3, '') AS session_id
         FROM traces WHERE project = {project:String} AND trace_id IN {ids:Array(String)} GROUP BY project, trace_id`,
        { project, ids: [...ids] },
        'analyzer.units',
      );
      for (const r of rows) {
        const key = `${r.project}\u0000${r.session_id}`;
        const unit = units.get(key) ?? { project: r.project, sessionId: r.session_id, traceIds: [] };
        unit.traceIds.push(r.trace_id);
        units.set(key, unit);
      }
      // Snapshot logs can arrive for traces whose spans have not: analyse them when the spans come.
    }
    return [...units.values()];
  }

  private async run(): Promise<void> {
    const started = performance.now();
    const mark = this.pendingMark;
    const touched = new Map(this.touched);
    this.touched.clear();
    const found = await this.unitsOf(touched).catch((err: unknown) => this.requeue(touched, err));
    const units = dedupe([...found, ...this.failed.values(), ...this.followUps.values()]);
    this.failed.clear();
    this.followUps.clear();
    let handoffs = 0;
    for (const batch of batches(units)) {
      try {
        const { analyses, followUps } = await analyzeUnits(this.store, batch[0]!.project, batch);
        handoffs += analyses.reduce((n, a) => n + a.handoffs.length, 0);
        for (const unit of followUps) this.followUps.set(unitKey(unit), unit);
      } catch (err) {
        for (const unit of batch) this.failed.set(unitKey(unit), unit);
        log.error('analysis failed; will retry', { units: batch.length, error: err instanceof Error ? err.message : String(err) });
      }
    }
    if (this.failed.size === 0 && !this.hasWork() && mark > 0) await writeSetting(this.store.client, WATERMARK, String(mark - 1000)).catch(() => undefined);
    this.options.onRun?.({ units: units.length, handoffs, ms: performance.now() - started, failed: this.failed.size });
  }

  private requeue(touched: Map<string, Set<string>>, err: unknown): Unit[] {
    for (const [project, ids] of touched) for (const traceId of ids) this.notify([{ project, traceId }]);
    log.error('analyzer could not resolve sessions; will retry', { error: err instanceof Error ? err.message : String(err) });
    return [];
  }

  /** Catches up on commits made since the last analysis, then keeps retrying failures. */
  async start(): Promise<void> {
    const since = Number((await readSetting(this.store.client, WATERMARK)) ?? 0);
    const rows = await selectRows(
      this.store.client,
      touchedRow,
      `SELECT DISTINCT project, trace_id FROM spans WHERE ingested_at > fromUnixTimestamp64Milli({since:Int64})
       UNION DISTINCT SELECT DISTINCT project, trace_id FROM snapshots WHERE ingested_at > fromUnixTimestamp64Milli({since:Int64})`,
      { since },
      'analyzer.catchUp',
    );
    this.notify(rows.map((r) => ({ project: r.project, traceId: r.trace_id })));
    this.interval = setInterval(() => {
      if (this.failed.size > 0) this.schedule();
    }, this.options.intervalMs ?? 30_000);
    this.interval.unref();
  }

  /** Resolves once nothing is queued or running (tests and shutdown); failed units wait for their retry. */
  async idle(): Promise<void> {
    for (;;) {
      if (this.running) {
        await this.running;
        continue;
      }
      if (!this.timer && !this.hasWork()) return;
      clearTimeout(this.timer);
      this.timer = undefined;
      this.running = this.run().finally(() => (this.running = undefined));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    await this.idle();
  }
}
