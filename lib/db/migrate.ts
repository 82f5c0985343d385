import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { spansFirstWriteWins } from './migrations/0006_spans_first_write_wins';
import { readSetting, writeSetting } from './settings';

/**
 * Versioned, idempotent migrations, run at start-up. Each one is a file in
 * `migrations/` named `NNNN_name`:
 *
 * - `.sql`: statements that use IF NOT EXISTS, so a start that died half-way
 *   through simply runs the file again;
 * - `.ts`: a `CodeMigration`, for a change SQL cannot make idempotent (a
 *   table's engine): it checks the state the schema is in and runs only the
 *   steps that remain. Listed in CODE_MIGRATIONS below.
 *
 * Applied versions are recorded in `baton_migrations`.
 *
 * Settings that live in DDL (the retention TTL) are templated in as validated
 * integers; when they change, `applyRetention` alters the tables in place.
 */

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface MigrationContext {
  retentionDays: number;
}

export interface Migration {
  version: number;
  name: string;
  /** Brings the schema to this version; safe to run again after a start that died part-way. */
  apply(client: ClickHouseClient): Promise<void>;
}

/** A migration written in TypeScript (`migrations/NNNN_name.ts`). */
export interface CodeMigration {
  version: number;
  name: string;
  apply(client: ClickHouseClient, ctx: MigrationContext): Promise<void>;
}

const CODE_MIGRATIONS: readonly CodeMigration[] = [spansFirstWriteWins];

/** Splits a SQL file into statements at semicolons that end a line. */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}

function checkRetention(ctx: MigrationContext): void {
  if (!Number.isInteger(ctx.retentionDays) || ctx.retentionDays < 1) {
    throw new Error(`retention must be a positive whole number of days, got ${ctx.retentionDays}`);
  }
}

export function renderSql(sql: string, ctx: MigrationContext): string {
  checkRetention(ctx);
  return sql.replaceAll('{{RETENTION_DAYS}}', String(ctx.retentionDays));
}

/** Every migration, SQL and TypeScript, in version order. */
export function loadMigrations(ctx: MigrationContext, dir = MIGRATIONS_DIR): Migration[] {
  checkRetention(ctx);
  const sql: Migration[] = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .map((file) => {
      const statements = splitStatements(renderSql(readFileSync(`${dir}${file}`, 'utf8'), ctx));
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        async apply(client: ClickHouseClient) {
          for (const statement of statements) await client.command({ query: statement });
        },
      };
    });
  const code: Migration[] = CODE_MIGRATIONS.map((m) => ({ version: m.version, name: m.name, apply: (client) => m.apply(client, ctx) }));
  const all = [...sql, ...code].sort((a, b) => a.version - b.version);
  const twice = all.find((m, i) => i > 0 && all[i - 1]?.version === m.version);
  if (twice) throw new Error(`two migrations are numbered ${twice.version}`);
  return all;
}

const appliedRow = z.object({ version: z.coerce.number() });

async function applied(client: ClickHouseClient): Promise<Set<number>> {
  const rs = await client.query({ query: 'SELECT DISTINCT version FROM baton_migrations', format: 'JSONEachRow' });
  const rows = z.array(appliedRow).parse(await rs.json());
  return new Set(rows.map((r) => r.version));
}

/** Tables whose TTL follows BATON_RETENTION_DAYS, with the expression each one uses (pinned rows never expire: migrations/0012_pins.sql, 0013_session_pins.sql). */
export const RETENTION_TTL: ReadonlyArray<readonly [table: string, expression: (days: number) => string]> = [
  ['spans', (d) => `toDateTime(start_time) + toIntervalDay(${d}) WHERE pinned = 0`],
  ['traces', (d) => `day + toIntervalDay(${d}) WHERE pinned = 0`],
  ['snapshots', (d) => `toDateTime(time) + toIntervalDay(${d}) WHERE pinned = 0`],
  ['snapshot_bodies', (d) => `last_seen + toIntervalDay(${d})`],
  ['resources', (d) => `last_seen + toIntervalDay(${d})`],
  ['handoffs', (d) => `toDateTime(time) + toIntervalDay(${d}) WHERE pinned = 0`],
  ['sessions', (d) => `toDateTime(end_time) + toIntervalDay(${d}) WHERE pinned = 0`],
  ['analysis_failures', (d) => `toDateTime(updated_at) + toIntervalDay(${d})`],
  ['session_turns', (d) => `toDateTime(start_time) + toIntervalDay(${d}) WHERE pinned = 0`],
  ['session_facts', (d) => `toDateTime(time) + toIntervalDay(${d}) WHERE pinned = 0`],
  ['session_keys', (d) => `toDateTime(last_time) + toIntervalDay(${d}) WHERE pinned = 0`],
  ['session_values', (d) => `toDateTime(first_time) + toIntervalDay(${d}) WHERE pinned = 0`],
];

/** Re-points every TTL at the configured retention when it changed since the last start. */
export async function applyRetention(client: ClickHouseClient, days: number): Promise<boolean> {
  const current = await readSetting(client, 'retention_days');
  if (current === String(days)) return false;
  if (current !== undefined) {
    for (const [table, expression] of RETENTION_TTL) {
      await client.command({
        query: `ALTER TABLE ${table} MODIFY TTL ${expression(days)}`,
        // Expired parts are dropped by the background TTL merges; rewriting
        // every existing part now would stall start-up on a large store.
        clickhouse_settings: { materialize_ttl_after_modify: 0 },
      });
    }
  }
  await writeSetting(client, 'retention_days', String(days));
  return current !== undefined;
}

export interface MigrationReport {
  applied: number[];
  retentionChanged: boolean;
}

export async function migrate(client: ClickHouseClient, ctx: MigrationContext): Promise<MigrationReport> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS baton_migrations
      (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
      ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS baton_settings
      (key String, value String, updated_at DateTime64(3, 'UTC') DEFAULT now64(3))
      ENGINE = ReplacingMergeTree(updated_at) ORDER BY key`,
  });
  const done = await applied(client);
  const report: MigrationReport = { applied: [], retentionChanged: false };
  for (const m of loadMigrations(ctx)) {
    if (done.has(m.version)) continue;
    await m.apply(client);
    await client.insert({
      table: 'baton_migrations',
      values: [{ version: m.version, name: m.name }],
      format: 'JSONEachRow',
    });
    report.applied.push(m.version);
  }
  report.retentionChanged = await applyRetention(client, ctx.retentionDays);
  return report;
}
