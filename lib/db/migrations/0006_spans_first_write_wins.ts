import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { readSetting, writeSetting } from '@/lib/db/settings';
import type { CodeMigration, MigrationContext } from '@/lib/db/migrate';

/**
 * Schema v6: the first stored copy of a span wins (ARCHITECTURE.md,
 * "Idempotent spans"). A span is identified by (project, trace_id, span_id);
 * a later copy with the same ids, an exporter's retry or another service
 * reusing the ids, must never replace the first. v1 made `spans` a
 * ReplacingMergeTree without a version, whose merges keep the last copy.
 *
 * Two changes:
 * - `first_rank`, the engine's version, is higher for an older copy, so a
 *   merge keeps the first one stored. It is MATERIALIZED, so adding it
 *   rewrites nothing: parts written before compute it from their ingested_at.
 * - `resource_key`, the writer's copy of resource_hash, ends the sort key
 *   (the primary key stays (project, trace_id, span_id)): copies from
 *   different resources never merge, so the ones readers ignore stay to be
 *   counted, while a retry from the same resource still collapses. A column
 *   only joins a sort key in the ALTER that adds it, without a default, so
 *   older rows hold '' (their copies merge as before, first one kept).
 *
 * An engine's parameters cannot be altered, so the table is rebuilt under
 * the new engine by hard links: a copy `spans_v2` is created and given every
 * part of `spans` (ATTACH PARTITION ALL FROM, fast), the two are exchanged
 * atomically, and the old table is dropped. Rows another process (a separate
 * `--role=ingest` against a ClickHouse server) inserted into the old table
 * after the attach are copied over before the drop; some may arrive twice,
 * which is harmless: identical copies collapse.
 *
 * Each step is safe to run again, and `apply` resumes from whatever state a
 * start that died between two steps left: before the exchange, a half-built
 * copy is dropped and rebuilt (so parts are never attached twice); after it,
 * the leftover `spans_v2` is the old table, which is caught up and dropped.
 */

/** The engine clause of `spans` as 0001 created it, with first_rank as the version and resource_key ending the sort key. */
const engine = (days: number) => `ReplacingMergeTree(first_rank)
  PARTITION BY toDate(start_time)
  PRIMARY KEY (project, trace_id, span_id)
  ORDER BY (project, trace_id, span_id, resource_key)
  TTL toDateTime(start_time) + toIntervalDay(${days})
  SETTINGS ttl_only_drop_parts = 1, merge_selector_base = 25`;

/** Server time of the attach, less a minute for inserts already under way (ms since the epoch). */
const ATTACHED_AT = 'migration_0006_attached_at';

const nowRow = z.object({ ms: z.coerce.number() });
const engineRow = z.object({ engine_full: z.string() });

interface Step {
  name: string;
  run(client: ClickHouseClient, ctx: MigrationContext): Promise<void>;
}

const command = (query: string, query_params?: Record<string, unknown>) => (client: ClickHouseClient) => client.command({ query, query_params }).then(() => undefined);

/** The steps in order; exported so tests can stop a migration between any two. */
export const STEPS: readonly Step[] = [
  {
    name: 'add resource_key to the sort key',
    run: command('ALTER TABLE spans ADD COLUMN IF NOT EXISTS resource_key String CODEC(ZSTD(1)), MODIFY ORDER BY (project, trace_id, span_id, resource_key)'),
  },
  // Older is higher: 2^63 - 1 less the milliseconds since 1970, never negative.
  {
    name: 'add first_rank',
    run: command('ALTER TABLE spans ADD COLUMN IF NOT EXISTS first_rank UInt64 MATERIALIZED toUInt64(9223372036854775807 - toUnixTimestamp64Milli(ingested_at))'),
  },
  // A copy left by a start that died before the exchange may already hold parts.
  { name: 'drop an unfinished copy', run: command('DROP TABLE IF EXISTS spans_v2 SYNC') },
  // AS spans: the same columns, codecs and indexes; the engine clause restates keys, TTL and settings.
  { name: 'create the copy', run: (client, ctx) => command(`CREATE TABLE spans_v2 AS spans ENGINE = ${engine(ctx.retentionDays)}`)(client) },
  {
    name: 'note the attach time',
    async run(client) {
      const rs = await client.query({ query: 'SELECT toUnixTimestamp64Milli(now64(3)) - 60000 AS ms', format: 'JSONEachRow' });
      const [now] = z.array(nowRow).parse(await rs.json());
      await writeSetting(client, ATTACHED_AT, String(now?.ms ?? 0));
    },
  },
  { name: 'attach every part', run: command('ALTER TABLE spans_v2 ATTACH PARTITION ALL FROM spans') },
  { name: 'exchange', run: command('EXCHANGE TABLES spans AND spans_v2') },
  {
    name: 'catch up',
    async run(client) {
      const since = Number((await readSetting(client, ATTACHED_AT)) ?? 0);
      await command('INSERT INTO spans SELECT * FROM spans_v2 WHERE ingested_at >= fromUnixTimestamp64Milli({since:Int64})', { since })(client);
    },
  },
  { name: 'drop the old table', run: command('DROP TABLE spans_v2 SYNC') },
];

async function engineOf(client: ClickHouseClient, table: string): Promise<string | undefined> {
  const rs = await client.query({
    query: 'SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = {table:String}',
    query_params: { table },
    format: 'JSONEachRow',
  });
  return z.array(engineRow).parse(await rs.json())[0]?.engine_full;
}

export const spansFirstWriteWins: CodeMigration = {
  version: 6,
  name: 'spans_first_write_wins',
  async apply(client, ctx) {
    const exchanged = (await engineOf(client, 'spans'))?.startsWith('ReplacingMergeTree(first_rank)') ?? false;
    // After the exchange only the old table's catch-up and drop remain, and only if it is still there.
    const from = !exchanged ? 0 : (await engineOf(client, 'spans_v2')) === undefined ? STEPS.length : STEPS.findIndex((s) => s.name === 'catch up');
    for (const step of STEPS.slice(from)) await step.run(client, ctx);
  },
};
