import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS } from '@/lib/db/columns';
import { select, tempStore } from '@/tests/helpers/temp-store';
import type { Store } from './store';
import { loadMigrations, migrate, RETENTION_TTL, splitStatements } from './migrate';

let store: Store;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, cleanup } = await tempStore(30));
});
afterAll(() => cleanup());

describe('migrations', () => {
  it('are recorded and not run twice', async () => {
    const again = await migrate(store.client, { retentionDays: 30 });
    expect(again.applied).toEqual([]);
    const versions = await select<{ version: number }>(store, 'SELECT version FROM baton_migrations ORDER BY version');
    expect(versions.map((v) => Number(v.version))).toEqual(loadMigrations({ retentionDays: 30 }).map((m) => m.version));
  });

  it('are every file in migrations/, SQL or TypeScript, in order', () => {
    const files = readdirSync(fileURLToPath(new URL('./migrations/', import.meta.url)))
      .filter((f) => !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.(sql|ts)$/, ''))
      .sort();
    expect(loadMigrations({ retentionDays: 30 }).map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`)).toEqual(files);
  });

  it('cover the retention of every table that expires data', async () => {
    const tables = await select<{ name: string }>(
      store,
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND create_table_query LIKE '% TTL %' ORDER BY name",
    );
    expect(tables.map((t) => t.name)).toEqual(RETENTION_TTL.map(([t]) => t).sort());
  });

  it('re-point every TTL when the retention changes', async () => {
    const report = await migrate(store.client, { retentionDays: 7 });
    expect(report.retentionChanged).toBe(true);
    const ddl = await select<{ name: string; create_table_query: string }>(
      store,
      'SELECT name, create_table_query FROM system.tables WHERE database = currentDatabase() AND name IN {names:Array(String)}',
      { names: RETENTION_TTL.map(([t]) => t) },
    );
    for (const t of ddl) expect(t.create_table_query, t.name).toContain('toIntervalDay(7)');
    expect((await migrate(store.client, { retentionDays: 7 })).retentionChanged).toBe(false);
  });

  it('split files at statement ends, not inside strings of comments', () => {
    expect(splitStatements('-- a; comment\nCREATE TABLE a (x String);\n\nSELECT 1;\n')).toEqual(['CREATE TABLE a (x String)', 'SELECT 1']);
  });

  it.each(Object.entries(COLUMNS))('match the writer\'s column list for %s', async (table, columns) => {
    const rows = await select<{ name: string; default_kind: string }>(
      store,
      'SELECT name, default_kind FROM system.columns WHERE database = currentDatabase() AND table = {table:String} ORDER BY position',
      { table },
    );
    // Every column without a default, and the defaulted ones it chooses to write, in table order.
    const written: readonly string[] = columns;
    expect(rows.filter((r) => r.default_kind === '' || written.includes(r.name)).map((r) => r.name)).toEqual([...columns]);
  });
});
