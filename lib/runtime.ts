import type { ClickHouseClient } from '@clickhouse/client';

/**
 * The store handle shared by the server entry and the Next.js route handlers
 * in the same process. Next bundles its own copy of this module, so the
 * handle lives on globalThis under a registered symbol, not in module state.
 */

export interface Runtime {
  client: ClickHouseClient;
  mode: 'embedded' | 'server';
  /** Migrations finished; the API can serve. */
  migrated: boolean;
  shuttingDown: boolean;
  /** Whether writes reach the store (processes that ingest); /readyz reports it. */
  writeHealth?: () => { writable: boolean; failingSince?: number; reason?: string };
}

const KEY = Symbol.for('baton.runtime');
type Holder = { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
  (globalThis as Holder)[KEY] = runtime;
}

export function findRuntime(): Runtime | undefined {
  return (globalThis as Holder)[KEY];
}

export class RuntimeUnavailableError extends Error {
  override name = 'RuntimeUnavailableError';
}

/** The store client, or an error saying why the API cannot reach it. */
export function storeClient(): ClickHouseClient {
  const runtime = findRuntime();
  if (!runtime) {
    throw new RuntimeUnavailableError('the store is not open: run Baton with `npm start`, which opens it before serving');
  }
  if (!runtime.migrated) throw new RuntimeUnavailableError('the store is still starting up');
  return runtime.client;
}
