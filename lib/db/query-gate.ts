import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who a query is for, and the order in which the embedded engine runs them.
 *
 * chDB runs one parameterized query at a time per process (chdb-node chains
 * them: the engine's parameter state is not isolated between concurrent
 * queries), and every Baton read takes parameters. Left in arrival order, a
 * backlog of analysis queries would sit between an engineer's click and its
 * answer. So queries pass this gate, which runs one at a time and always
 * takes the most urgent waiting one: reads for a person (`interactive`, the
 * default) first, then the writer's work (`ingest`), then the analyzer
 * (`background`). A background query that has waited longer than
 * BACKGROUND_AGING_MS goes ahead of ingest work, so sustained ingest cannot
 * stop analysis; nothing overtakes an interactive read. A read then waits for
 * at most the one query already running, which is why the analyzer keeps its
 * queries small.
 *
 * The caller's priority travels with its async context: the analyzer runs its
 * work inside `runAs('background', …)`; route handlers need nothing.
 */

export type Priority = 'interactive' | 'ingest' | 'background';

const BACKGROUND_AGING_MS = 2_000;

/**
 * Longest a background query may run before ClickHouse stops it
 * (max_execution_time): the analyzer then splits its batch, and a read or a
 * shutdown never waits longer than this for the query ahead of it.
 */
export const BACKGROUND_QUERY_SECONDS = 10;

/** ClickHouse settings that go with the caller's priority. */
export function prioritySettings(priority: Priority = currentPriority()): { max_execution_time?: number } {
  return priority === 'background' ? { max_execution_time: BACKGROUND_QUERY_SECONDS } : {};
}

// One context for the whole process: Next.js bundles its own copy of this module.
const KEY = Symbol.for('baton.query-priority');
type Holder = { [KEY]?: AsyncLocalStorage<Priority> };
const context: AsyncLocalStorage<Priority> = ((globalThis as Holder)[KEY] ??= new AsyncLocalStorage<Priority>());

/** Runs `work` (and every query it makes, however deep) at this priority. */
export function runAs<T>(priority: Priority, work: () => Promise<T>): Promise<T> {
  return context.run(priority, work);
}

export function currentPriority(): Priority {
  return context.getStore() ?? 'interactive';
}

interface Waiting {
  start: () => void;
  since: number;
}

export class QueryGate {
  private readonly waiting: Record<Priority, Waiting[]> = { interactive: [], ingest: [], background: [] };
  private running = 0;

  constructor(private readonly concurrency = 1) {}

  /** Queries waiting, by priority (for tests and the benchmark). */
  get queued(): Record<Priority, number> {
    return { interactive: this.waiting.interactive.length, ingest: this.waiting.ingest.length, background: this.waiting.background.length };
  }

  /** Runs `query` when its turn comes, at the caller's priority. */
  run<T>(query: () => Promise<T>, priority: Priority = currentPriority()): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        let pending: Promise<T>;
        try {
          pending = query();
        } catch (err) {
          pending = Promise.reject(err as Error); // a query that throws at once still frees its turn
        }
        pending
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.next();
          });
      };
      this.waiting[priority].push({ start, since: Date.now() });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.concurrency) {
      const turn = this.pick();
      if (!turn) return;
      turn.start();
    }
  }

  private pick(): Waiting | undefined {
    const { interactive, ingest, background } = this.waiting;
    if (interactive.length > 0) return interactive.shift();
    const oldBackground = background.length > 0 && Date.now() - (background[0] as Waiting).since > BACKGROUND_AGING_MS;
    if (ingest.length > 0 && !oldBackground) return ingest.shift();
    return background.shift() ?? ingest.shift();
  }
}
