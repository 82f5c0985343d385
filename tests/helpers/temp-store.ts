import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrate, RETENTION_TTL } from '@/lib/db/migrate';
import { openStore, type Store } from '@/lib/db/store';
import { parseEnv } from '@/lib/env';

/**
 * A real embedded store in a fresh temporary directory, migrated. One per test
 * file: chDB binds one data directory per process, and vitest runs each file
 * in its own process.
 */
export async function tempStore(retentionDays = 30): Promise<{ store: Store; dir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-test-'));
  const store = openStore(parseEnv({ BATON_DATA_DIR: dir }));
  await migrate(store.client, { retentionDays });
  return {
    store,
    dir,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a query and returns its rows as plain objects. */
export async function select<T = Record<string, unknown>>(store: Store, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return (await rs.json()) as T[];
}

/** Applies every retention TTL now (what the background merges do in time), waiting for each table. */
export async function retentionPassNow(store: Store): Promise<void> {
  for (const [table] of RETENTION_TTL) {
    await store.client.command({ query: `ALTER TABLE ${table} MATERIALIZE TTL`, clickhouse_settings: { mutations_sync: '1' } });
    await store.client.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
  }
}
