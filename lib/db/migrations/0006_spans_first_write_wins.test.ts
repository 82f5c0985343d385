import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPAN_COPY_ORDER } from '@/lib/db/columns';
import { loadMigrations, migrate } from '@/lib/db/migrate';
import { openStore, type Store } from '@/lib/db/store';
import { parseEnv } from '@/lib/env';
import { select } from '@/tests/helpers/temp-store';
import { STEPS } from './0006_spans_first_write_wins';

/**
 * Moving `spans` to first-write-wins on a real chDB store: from a store at
 * v5 with duplicate copies, straight through, again, and resumed from every
 * state a start that died between two steps can leave.
 */

const CTX = { retentionDays: 30 };
const VERSION = 6;
/** Later migrations that alter `spans` (0012: pins): a v5 table has not had them either, so they run again after v6. */
const LATER_ON_SPANS = [12];
let store: Store;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'baton-test-'));
  store = openStore(parseEnv({ BATON_DATA_DIR: dir }));
  await migrate(store.client, CTX);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const command = (query: string) => store.client.command({ query });

/** Puts `spans` back at schema v5 (empty), with v6 and the later migrations of spans not yet applied. */
async function atV5(): Promise<void> {
  await command('DROP TABLE IF EXISTS spans SYNC');
  await command('DROP TABLE IF EXISTS spans_v2 SYNC');
  for (const m of loadMigrations(CTX).filter((m) => m.version < VERSION)) await m.apply(store.client);
  await store.client.command({ query: `ALTER TABLE baton_migrations DELETE WHERE version IN (${[VERSION, ...LATER_ON_SPANS].join(', ')})`, clickhouse_settings: { mutations_sync: '1' } });
}

const RA = '0a'.repeat(32);
const RB = 'f0'.repeat(32);
const RC = 'c3'.repeat(32);
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const D1 = `${day(2)} 10:00:00.000000000`;
const D2 = `${day(1)} 10:00:00.000000000`;
// An hour ago: older than anything the migration's catch-up copies.
const BASE = Date.now() - 3_600_000;
const at = (ms: number) => new Date(BASE + ms).toISOString().replace('T', ' ').replace('Z', '');

interface Copy {
  span_id: string;
  name: string;
  resource_hash: string;
  start_time: string;
  ingested_at: string;
}

/** Copies of three spans stored at v5, one insert (one part) each, in this order. */
const V5_COPIES: Copy[][] = [
  [
    { span_id: 's1', name: 'a', resource_hash: RA, start_time: D1, ingested_at: at(0) },
    { span_id: 's2', name: 'a', resource_hash: RA, start_time: D1, ingested_at: at(0) },
    { span_id: 's4', name: 'only', resource_hash: RB, start_time: D1, ingested_at: at(0) },
  ],
  // Another service reuses s1 (same day) and s2 (another day: another partition).
  [
    { span_id: 's1', name: 'b', resource_hash: RB, start_time: D1, ingested_at: at(10) },
    { span_id: 's2', name: 'b', resource_hash: RB, start_time: D2, ingested_at: at(10) },
  ],
  // An exporter's retry of s1.
  [{ span_id: 's1', name: 'a', resource_hash: RA, start_time: D1, ingested_at: at(20) }],
];

/** As the writer inserts: with resource_key (from v6 on), without deduplicating the block as if merging it. */
async function insert(rows: Copy[], withKey: boolean): Promise<void> {
  await store.client.insert({
    table: 'spans',
    values: rows.map((r) => ({ project: 'p', trace_id: 't1', ...r, ...(withKey ? { resource_key: r.resource_hash } : {}) })),
    format: 'JSONEachRow',
    clickhouse_settings: { optimize_on_insert: 0 },
  });
}

async function insertV5Copies(): Promise<void> {
  for (const rows of V5_COPIES) await insert(rows, false);
}

const ROWS_SQL = `SELECT span_id, name, resource_hash, toString(start_time) AS start_time, toString(ingested_at) AS ingested_at FROM spans
  ORDER BY span_id, ingested_at, resource_hash, name`;
const stored = () => select<Copy>(store, ROWS_SQL);
const key = (c: Copy) => [c.span_id, c.ingested_at, c.resource_hash, c.name].join(' ');
const ALL_V5_COPIES = V5_COPIES.flat().sort((a, b) => key(a).localeCompare(key(b)));

/** What readers show: each span's first stored copy. */
const shown = async () =>
  Object.fromEntries(
    (await select<{ span_id: string; name: string }>(store, `SELECT span_id, name FROM spans ORDER BY ${SPAN_COPY_ORDER} LIMIT 1 BY span_id`)).map((r) => [r.span_id, r.name]),
  );
const FIRST = { s1: 'a', s2: 'a', s4: 'only' };

const tableRow = (name: string) =>
  select<{ engine_full: string; sorting_key: string; primary_key: string }>(
    store,
    'SELECT engine_full, sorting_key, primary_key FROM system.tables WHERE database = currentDatabase() AND name = {name:String}',
    { name },
  );
const columns = () =>
  select<{ name: string; type: string; default_kind: string; compression_codec: string }>(
    store,
    "SELECT name, type, default_kind, compression_codec FROM system.columns WHERE database = currentDatabase() AND table = 'spans' ORDER BY position",
  );
const indexes = () => select(store, "SELECT name, type_full, expr, granularity FROM system.data_skipping_indices WHERE database = currentDatabase() AND table = 'spans'");

async function expectMigrated(): Promise<void> {
  const [spans] = await tableRow('spans');
  expect(spans?.engine_full).toMatch(/^ReplacingMergeTree\(first_rank\) PARTITION BY/);
  expect(await tableRow('spans_v2')).toEqual([]);
}

describe('migration 6: spans keep their first copy', () => {
  it('moves a v5 store to the new engine, keeping its keys, TTL, settings, columns, indexes and every row', async () => {
    await atV5();
    await insertV5Copies();
    const [before] = await tableRow('spans');
    const columnsBefore = await columns();
    const indexesBefore = await indexes();
    // The old engine keeps the last copy, so merges would show the other service's s1 and s3.
    expect(before?.engine_full).toMatch(/^ReplacingMergeTree PARTITION BY/);

    expect((await migrate(store.client, CTX)).applied).toEqual([VERSION, ...LATER_ON_SPANS]);

    await expectMigrated();
    const [after] = await tableRow('spans');
    expect(after).toMatchObject({ primary_key: 'project, trace_id, span_id', sorting_key: 'project, trace_id, span_id, resource_key' });
    expect(before).toMatchObject({ primary_key: 'project, trace_id, span_id', sorting_key: 'project, trace_id, span_id' });
    const clauses = (engine = '') => engine.replace(/^ReplacingMergeTree(\(first_rank\))? /, '').replace(/ (PRIMARY KEY|ORDER BY) \([^)]*\)/g, '');
    // 0012 then makes pinned rows outlive the TTL.
    expect(clauses(after?.engine_full).replace(' WHERE pinned = 0', '')).toBe(clauses(before?.engine_full));
    expect(await columns()).toEqual([
      ...columnsBefore,
      { name: 'resource_key', type: 'String', default_kind: '', compression_codec: 'CODEC(ZSTD(1))' },
      { name: 'first_rank', type: 'UInt64', default_kind: 'MATERIALIZED', compression_codec: '' },
      { name: 'pinned', type: 'UInt8', default_kind: 'DEFAULT', compression_codec: '' },
    ]);
    expect(await indexes()).toEqual(indexesBefore);
    expect(await stored()).toEqual(ALL_V5_COPIES);
    expect(await shown()).toEqual(FIRST);
  });

  it('merges keep the first copy of a resource, and every copy from another resource, which readers ignore', async () => {
    // After the upgrade: another service reuses s1, two services send s5 in one insert (one millisecond), and one resource sends s6 twice.
    await insert([{ span_id: 's1', name: 'c', resource_hash: RC, start_time: D1, ingested_at: at(40) }], true);
    await insert(
      [
        { span_id: 's5', name: 'b', resource_hash: RB, start_time: D1, ingested_at: at(50) },
        { span_id: 's5', name: 'a', resource_hash: RA, start_time: D1, ingested_at: at(50) },
      ],
      true,
    );
    await insert([{ span_id: 's6', name: 'a', resource_hash: RA, start_time: D1, ingested_at: at(60) }], true);
    await insert([{ span_id: 's6', name: 'a again', resource_hash: RA, start_time: D1, ingested_at: at(70) }], true);
    await command('OPTIMIZE TABLE spans FINAL');
    const ms = (n: number) => at(n).slice(-3);
    expect((await stored()).map((r) => `${r.span_id} ${r.name} ${r.start_time.slice(0, 10)} ${r.ingested_at.slice(-3)}`)).toEqual([
      // Stored before the upgrade without a resource_key: the first copy, of either resource, is kept.
      `s1 a ${day(2)} ${ms(0)}`,
      `s1 c ${day(2)} ${ms(40)}`,
      `s2 a ${day(2)} ${ms(0)}`,
      `s2 b ${day(1)} ${ms(10)}`,
      `s4 only ${day(2)} ${ms(0)}`,
      `s5 a ${day(2)} ${ms(50)}`,
      `s5 b ${day(2)} ${ms(50)}`,
      `s6 a ${day(2)} ${ms(60)}`,
    ]);
    expect(await shown()).toEqual({ ...FIRST, s5: 'a', s6: 'a' });
  });

  it('is idempotent', async () => {
    const rows = await stored();
    expect((await migrate(store.client, CTX)).applied).toEqual([]);
    for (const m of loadMigrations(CTX).filter((m) => m.version === VERSION)) await m.apply(store.client);
    await expectMigrated();
    expect(await stored()).toEqual(rows);
  });

  it.each(STEPS.map((s, i) => [i, s.name] as const))('resumes a start that died before step %i (%s)', async (done) => {
    await atV5();
    await insertV5Copies();
    for (const step of STEPS.slice(0, done)) await step.run(store.client, CTX);
    expect((await migrate(store.client, CTX)).applied).toEqual([VERSION, ...LATER_ON_SPANS]);
    await expectMigrated();
    expect(await stored()).toEqual(ALL_V5_COPIES);
    expect(await shown()).toEqual(FIRST);
  });

  it('resumes after every step too, with nothing left to do but record it', async () => {
    await atV5();
    await insertV5Copies();
    for (const step of STEPS) await step.run(store.client, CTX);
    expect((await migrate(store.client, CTX)).applied).toEqual([VERSION, ...LATER_ON_SPANS]);
    await expectMigrated();
    expect(await stored()).toEqual(ALL_V5_COPIES);
  });

  it('keeps spans another process wrote to the old table between the attach and the exchange', async () => {
    await atV5();
    await insertV5Copies();
    const exchange = STEPS.findIndex((s) => s.name === 'exchange');
    for (const step of STEPS.slice(0, exchange)) await step.run(store.client, CTX);
    await store.client.insert({ table: 'spans', values: [{ project: 'p', trace_id: 't1', span_id: 'late', name: 'late', resource_hash: RA, start_time: D1 }], format: 'JSONEachRow' });
    await STEPS[exchange]!.run(store.client, CTX);
    // The late span is only in the old table, now spans_v2, until the rest of the migration runs.
    expect((await stored()).map((r) => r.span_id)).not.toContain('late');
    expect((await migrate(store.client, CTX)).applied).toEqual([VERSION, ...LATER_ON_SPANS]);
    await expectMigrated();
    const rows = await stored();
    expect(rows.filter((r) => r.span_id === 'late')).toHaveLength(1);
    expect(rows.filter((r) => r.span_id !== 'late')).toEqual(ALL_V5_COPIES);
  });

  it('leaves retention working on the new table', async () => {
    await migrate(store.client, { retentionDays: 7 });
    const [spans] = await tableRow('spans');
    expect(spans?.engine_full).toContain('TTL toDateTime(start_time) + toIntervalDay(7)');
  });
});
