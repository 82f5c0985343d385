import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { z } from 'zod';
import { runAs } from '@/lib/db/query-gate';
import { unscoped } from '@/lib/db/read-scope';
import { readSetting, writeSetting } from '@/lib/db/settings';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import type { Store } from '@/lib/db/store';
import type { AnalysisSpanRow } from '@/lib/analysis/analysis-rows';
import { log } from '@/lib/log';
import { analyseBatch, type AnalyseBatch } from './analyse-batch';
import type { Unit } from './analyze-unit';
import { keepRecentSpans, RecentSpans } from './recent-spans';
import { backoffMs, failureReason, loadFailures, saveFailures, unitId, type Failure } from './failures';

/**
 * The in-process analyzer. The writer tells it which traces each commit
 * touched; shortly after, it finds their sessions and folds what the commits
 * brought into each session's stored analysis (analyse-batch.ts; idempotent:
 * results are versioned rows keyed by id, rewritten only when they change).
 * On start it catches up on what was written but not analysed before the
 * last stop; after a crash, the sessions it catches up on are rebuilt from
 * their traces, as an update cut short may have landed in part.
 *
 * One unit's failure never holds up another's: a batch that fails is
 * analysed again unit by unit, and a unit that fails alone is recorded in
 * `analysis_failures` with its reason (the APIs show it) and retried with
 * exponential backoff, across restarts. The progress mark moves on
 * regardless. Its queries run at background priority, behind every read an
 * engineer is waiting for (lib/db/query-gate.ts), and it yields to the event
 * loop between sessions. `stop()` does not drain the backlog: it finishes the
 * batch in hand, and the next start catches up from the mark.
 */

export interface AnalyzerOptions {
  /** Wait after a commit before analysing, so a burst of commits is analysed once. */
  debounceMs?: number;
  /** How often failed units that are due are retried. */
  intervalMs?: number;
  onRun?: (stats: RunStats) => void;
  /** How a batch is analysed and saved (default analyseBatch); tests wrap it to make one unit fail. */
  analyse?: AnalyseBatch;
}

export interface RunStats {
  units: number;
  handoffs: number;
  ms: number;
  /** Units that failed in this run (retried later with backoff). */
  failed: number;
}

const WATERMARK = 'analyzer_watermark_ms';
/** '1' while the analyzer is stopped cleanly; anything else on start means the last run was cut short. */
const CLEAN_STOP = 'analyzer_clean_stop';

/** Units analysed together: one batch of queries per this many sessions. */
const BATCH_UNITS = 100;
/**
 * Touched traces per batch: after a burst, a hundred sessions can bring a
 * hundred thousand traces, and a batch holds what it loads in memory.
 */
const BATCH_TRACES = 5_000;

/** Units of one project per batch, at most BATCH_UNITS each and, past the first unit, BATCH_TRACES touched traces. */
function* batches(units: Unit[]): Generator<Unit[]> {
  const byProject = new Map<string, Unit[]>();
  for (const u of units) {
    const list = byProject.get(u.project);
    if (list) list.push(u);
    else byProject.set(u.project, [u]);
  }
  for (const list of byProject.values()) {
    let batch: Unit[] = [];
    let traces = 0;
    for (const u of list) {
      if (batch.length > 0 && (batch.length === BATCH_UNITS || traces + u.traceIds.length > BATCH_TRACES)) {
        yield batch;
        batch = [];
        traces = 0;
      }
      batch.push(u);
      traces += u.traceIds.length;
    }
    if (batch.length > 0) yield batch;
  }
}

const unitKey = (u: Unit) => `${u.project}\u0000${unitId(u)}`;

/** Units of the same session merged: a session is analysed once per run. */
function dedupe(units: Unit[]): Unit[] {
  const out = new Map<string, Unit>();
  for (const u of units) {
    const key = unitKey(u);
    const seen = out.get(key);
    out.set(key, seen ? { ...seen, traceIds: [...new Set([...seen.traceIds, ...u.traceIds])], refold: seen.refold || u.refold, rebuild: seen.rebuild || u.rebuild } : u);
  }
  return [...out.values()];
}

/** Units to analyse again after a failure: what the failed attempt wrote may be partial. */
const rebuilt = (units: readonly Unit[]) => units.map((u) => ({ ...u, rebuild: true }));

const traceSessionRow = z.object({ project: z.string(), trace_id: z.string(), session_id: z.string() });
const touchedRow = z.object({ project: z.string(), trace_id: z.string() });

/** Touched traces resolved per query: keeps each background query small. */
const RESOLVE_CHUNK = 2_000;

/**
 * The analyzer's work: in the background (query-gate.ts), and over every
 * project, since it analyses whatever any project sends: explicitly unscoped
 * (lib/db/read-scope.ts). What it writes is read back through the caller's scope.
 */
const asAnalyzer = <T>(work: () => Promise<T>) => runAs('background', () => unscoped('the analyzer works on every project', work));

export class Analyzer {
  private readonly touched = new Map<string, Set<string>>();
  /** Units whose analysis failed, by unitKey, with when to try again. */
  private readonly failures = new Map<string, Failure>();
  /** Sessions to analyse again in the next run (a session before them changed). */
  private readonly followUps = new Map<string, Unit>();
  private timer: NodeJS.Timeout | undefined;
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Commits up to this time (ms) are analysed once the queue is empty. */
  private pendingMark = 0;
  /** The last run was cut short: rebuild the sessions of the next run. */
  private rebuildNext = false;

  /** Spans just written, so the analysis need not read them back (./recent-spans.ts). */
  private readonly recent = new RecentSpans();

  constructor(
    private readonly store: Store,
    private readonly options: AnalyzerOptions = {},
  ) {
    keepRecentSpans(store.client, this.recent);
  }

  /** Called after each commit with the traces it wrote to, and what the analysis reads of its spans. */
  notify(touched: readonly { project: string; traceId: string }[], spans?: readonly AnalysisSpanRow[]): void {
    if (this.stopped || touched.length === 0) return;
    if (spans) this.recent.add(spans);
    for (const { project, traceId } of touched) {
      const set = this.touched.get(project) ?? new Set<string>();
      set.add(traceId);
      this.touched.set(project, set);
    }
    this.pendingMark = Date.now();
    this.schedule();
  }

  /** Units failing now, for tests and logs. */
  get failing(): readonly Failure[] {
    return [...this.failures.values()];
  }

  private due(now = Date.now()): Failure[] {
    return [...this.failures.values()].filter((f) => f.nextAttempt <= now);
  }

  private hasWork(): boolean {
    return this.touched.size > 0 || this.followUps.size > 0;
  }

  private schedule(): void {
    if (this.timer || this.running || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.run().finally(() => {
        this.running = undefined;
        if (this.hasWork()) this.schedule();
      });
    }, this.options.debounceMs ?? 100);
  }

  /** The units (sessions, and each sessionless trace) the touched traces belong to. */
  private async unitsOf(touched: Map<string, Set<string>>): Promise<Unit[]> {
    const units = new Map<string, Unit>();
    for (const [project, all] of touched) {
      const ids = [...all];
      for (let i = 0; i < ids.length; i += RESOLVE_CHUNK) {
        const rows = await selectRows(
          this.store.client,
          traceSessionRow,
          `SELECT project, trace_id, min(session) AS s, if(s.1 = 0, s.3, '') AS session_id
           FROM traces WHERE ${inScope()} AND project = {project:String} AND trace_id IN (SELECT arrayJoin({ids:Array(String)})) GROUP BY project, trace_id`,
          { project, ids: ids.slice(i, i + RESOLVE_CHUNK) },
          'analyzer.units',
        );
        for (const r of rows) {
          // A trace that names no session is a unit of its own.
          const key = `${r.project}\u0000${r.session_id || r.trace_id}`;
          const unit = units.get(key) ?? { project: r.project, sessionId: r.session_id, traceIds: [] };
          unit.traceIds.push(r.trace_id);
          units.set(key, unit);
        }
      }
      // Snapshot logs can arrive for traces whose spans have not: analyse them when the spans come.
    }
    return [...units.values()];
  }

  private run(): Promise<void> {
    return asAnalyzer(() => this.runBatches());
  }

  private async runBatches(): Promise<void> {
    const started = performance.now();
    const mark = this.pendingMark;
    const touched = new Map(this.touched);
    this.touched.clear();
    let found: Unit[];
    try {
      found = await this.unitsOf(touched);
    } catch (err) {
      // The store itself is failing: keep the traces for the next run; the mark does not move.
      for (const [project, ids] of touched) for (const traceId of ids) this.notify([{ project, traceId }]);
      log.error('analyzer could not resolve sessions; will retry', { error: failureReason(err) });
      return;
    }
    const retries = this.due();
    const caughtUp = this.rebuildNext ? rebuilt(found) : found;
    this.rebuildNext = false;
    const units = dedupe([...caughtUp, ...rebuilt(retries.map((f) => f.unit)), ...this.followUps.values()]);
    this.followUps.clear();
    let handoffs = 0;
    let failed = 0;
    let finished = true;
    for (const batch of batches(units)) {
      if (this.stopped) {
        finished = false;
        break;
      }
      const outcome = await this.analyseIsolated(batch);
      handoffs += outcome.handoffs;
      failed += outcome.failed;
      await yieldToEventLoop();
    }
    // Failures are recorded and retried on their own schedule: the mark moves on without them.
    if (finished && !this.hasWork() && mark > 0) await writeSetting(this.store.client, WATERMARK, String(mark - 1000)).catch(() => undefined);
    this.options.onRun?.({ units: units.length, handoffs, ms: performance.now() - started, failed });
  }

  /** Analyses a batch; if it fails, each of its units alone, so only the units at fault fail. */
  private async analyseIsolated(batch: Unit[]): Promise<{ handoffs: number; failed: number }> {
    const project = batch[0]!.project;
    try {
      const { handoffs, followUps, touch } = await (this.options.analyse ?? analyseBatch)(this.store, project, batch);
      for (const unit of followUps) this.followUps.set(unitKey(unit), unit);
      this.notify(touch.map((traceId) => ({ project, traceId })));
      await this.recovered(batch);
      return { handoffs, failed: 0 };
    } catch (err) {
      if (batch.length === 1) {
        await this.recordFailure(batch[0]!, err);
        return { handoffs: 0, failed: 1 };
      }
    }
    let handoffs = 0;
    let failed = 0;
    for (const unit of rebuilt(batch)) {
      if (this.stopped) break;
      const outcome = await this.analyseIsolated([unit]);
      handoffs += outcome.handoffs;
      failed += outcome.failed;
    }
    return { handoffs, failed };
  }

  private async recordFailure(unit: Unit, err: unknown): Promise<void> {
    const key = unitKey(unit);
    const attempts = (this.failures.get(key)?.attempts ?? 0) + 1;
    const failure: Failure = { unit, reason: failureReason(err), attempts, nextAttempt: Date.now() + backoffMs(attempts) };
    this.failures.set(key, failure);
    log.error('analysis of a unit failed; will retry', {
      session: unit.sessionId || undefined,
      trace: unit.sessionId ? undefined : unit.traceIds[0],
      attempts,
      retryInMs: backoffMs(attempts),
      error: failure.reason,
    });
    await saveFailures(this.store.client, [failure], true).catch((e: unknown) => log.error('could not record an analysis failure', { error: failureReason(e) }));
  }

  /** Units analysed after failing: clear their failure here and in the store. */
  private async recovered(units: Unit[]): Promise<void> {
    const cleared = units.flatMap((u) => {
      const f = this.failures.get(unitKey(u));
      if (!f) return [];
      this.failures.delete(unitKey(u));
      return [f];
    });
    if (cleared.length > 0) await saveFailures(this.store.client, cleared, false);
  }

  /** Catches up on commits made since the last analysis and on units still failing, then keeps retrying them. */
  async start(): Promise<void> {
    await asAnalyzer(async () => {
      for (const f of await loadFailures(this.store.client)) this.failures.set(unitKey(f.unit), f);
      this.rebuildNext = (await readSetting(this.store.client, CLEAN_STOP)) !== '1';
      await writeSetting(this.store.client, CLEAN_STOP, '0');
      const since = Number((await readSetting(this.store.client, WATERMARK)) ?? 0);
      const rows = await selectRows(
        this.store.client,
        touchedRow,
        `SELECT DISTINCT project, trace_id FROM spans WHERE ${inScope()} AND ingested_at > fromUnixTimestamp64Milli({since:Int64})
         UNION DISTINCT SELECT DISTINCT project, trace_id FROM snapshots WHERE ${inScope()} AND ingested_at > fromUnixTimestamp64Milli({since:Int64})`,
        { since },
        'analyzer.catchUp',
      );
      this.notify(rows.map((r) => ({ project: r.project, traceId: r.trace_id })));
    });
    this.interval = setInterval(() => {
      if (this.due().length > 0) {
        this.pendingMark ||= Date.now();
        this.schedule();
      }
    }, this.options.intervalMs ?? 5_000);
    this.interval.unref();
  }

  /** Resolves once nothing is queued or running (tests); failed units wait for their retry. */
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

  /**
   * Stops analysing: the batch in hand finishes (its queries are bounded by
   * BACKGROUND_QUERY_SECONDS, query-gate.ts), the rest waits for the next start, which
   * catches up from the progress mark.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.interval) clearInterval(this.interval);
    await this.running;
    await writeSetting(this.store.client, CLEAN_STOP, '1').catch((e: unknown) => log.error('could not record a clean stop', { error: failureReason(e) }));
  }
}
