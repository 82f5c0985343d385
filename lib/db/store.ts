import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions, type ClickHouseSettings } from '@clickhouse/client';
import { createChdbConnection, type ChdbConnection } from 'chdb/connection';
import { dataDirOf, type Env } from '@/lib/env';
import { QueryGate } from './query-gate';

/**
 * The one way Baton reaches ClickHouse: an `@clickhouse/client` whose
 * connection is in-process chDB by default, or HTTP to a server when
 * CLICKHOUSE_URL is set. SQL, schema and client API are the same in both.
 *
 * The single mode-specific path is `insertRows`, the writer's hot insert:
 * embedded mode hands the bytes straight to chDB's parser (the one place
 * Baton steps outside @clickhouse/client), server mode streams them over HTTP.
 */

export interface Store {
  readonly client: ClickHouseClient;
  readonly mode: 'embedded' | 'server';
  /** Data directory or server URL (never with credentials), for logs and errors. */
  readonly location: string;
  /**
   * Inserts pre-serialized rows into a table of Baton's own schema:
   * JSONCompactEachRow, one JSON array per line, values in `columns` order.
   */
  insertRows(table: WritableTable, columns: readonly string[], body: Buffer): Promise<void>;
  close(): Promise<void>;
}

export const WRITABLE_TABLES = [
  'spans',
  'traces',
  'snapshots',
  'snapshot_bodies',
  'resources',
  'handoffs',
  'sessions',
  'session_turns',
  'session_facts',
  'session_keys',
  'session_values',
] as const;
export type WritableTable = (typeof WRITABLE_TABLES)[number];

/** Another process holds the data directory. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

const SETTINGS: ClickHouseSettings = {
  // 64-bit integers as JSON strings: ids and nanosecond times must not lose digits.
  output_format_json_quote_64bit_integers: 1,
};

/**
 * Settings of the writer's inserts. optimize_on_insert=0: ReplacingMergeTree
 * would otherwise dedupe each inserted block as if merging it, a third of the
 * insert cost; duplicates are collapsed by merges and readers anyway.
 */
const INSERT_SETTINGS = { optimize_on_insert: 0 } as const;

/**
 * The connection the client uses in embedded mode: chDB's, with every call
 * passing the query gate (one query at a time, the most urgent first; see
 * query-gate.ts). The writer's hot insert (`rawInsert`) does not go through
 * the client and runs beside queries.
 */
function gated(connection: ChdbConnection, gate: QueryGate) {
  return {
    query: (params: Parameters<ChdbConnection['query']>[0]) => gate.run(() => connection.query(params)),
    exec: (params: Parameters<ChdbConnection['exec']>[0]) => gate.run(() => connection.exec(params)),
    command: (params: Parameters<ChdbConnection['command']>[0]) => gate.run(() => connection.command(params)),
    insert: (params: Parameters<ChdbConnection['insert']>[0]) => gate.run(() => connection.insert(params)),
    ping: (params: Parameters<ChdbConnection['ping']>[0]) => gate.run(() => connection.ping(params)),
    close: () => connection.close(),
  };
}

/**
 * The process that holds the directory, as the engine records it in its
 * `status` file ("PID: 1234"). Read only after chDB refused to open the
 * directory: the lock is the engine's own (a file lock the kernel releases
 * even on SIGKILL), so a status or pid file left by a dead process — pid 1
 * after a container restart, a pid since reused — never blocks a start.
 */
function engineHolder(dir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(/^PID:\s*(\d+)/m.exec(readFileSync(path.join(dir, 'status'), 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

function openEmbedded(env: Env): Store {
  const dir = dataDirOf(env);
  mkdirSync(dir, { recursive: true });
  let connection: ChdbConnection;
  try {
    connection = createChdbConnection({ path: dir });
  } catch (err) {
    // chDB does not say why it refused; a live process named in its status file is the one holding the lock.
    const holder = engineHolder(dir);
    if (holder !== undefined) {
      throw new DataDirInUseError(
        `The data directory ${dir} is already in use by another Baton (process ${holder}). ` +
          'Stop that process, or start this one with another BATON_DATA_DIR.',
      );
    }
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Could not open the embedded store in ${dir}: ${reason}. Is another process using this directory?`, { cause: err });
  }
  // chdb/connection implements the client's Connection interface, but types it
  // against the separately published client-common package, whose settings
  // list differs by a release; the shapes are the same at run time.
  const client = createClient({
    connection: gated(connection, new QueryGate(1)) as unknown as ClickHouseClientConfigOptions['connection'],
    clickhouse_settings: SETTINGS,
  });
  return {
    client,
    mode: 'embedded',
    location: dir,
    async insertRows(table, columns, body) {
      await connection.chdb.rawInsert({ table, columns, format: 'JSONCompactEachRow', values: body, settings: INSERT_SETTINGS });
    },
    async close() {
      await client.close();
    },
  };
}

function openServer(env: Env, url: string): Store {
  const client = createClient({
    url,
    username: env.CLICKHOUSE_USER ?? 'default',
    password: env.CLICKHOUSE_PASSWORD ?? '',
    database: env.CLICKHOUSE_DATABASE ?? 'default',
    clickhouse_settings: SETTINGS,
    compression: { request: true, response: true },
    request_timeout: 120_000,
  });
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return {
    client,
    mode: 'server',
    location: shown.toString(),
    async insertRows(table, columns, body) {
      if (!WRITABLE_TABLES.includes(table) || !columns.every((c) => /^[a-z_]+$/.test(c))) {
        throw new Error(`not a writable table or column list: ${table}`);
      }
      const result = await client.exec({
        query: `INSERT INTO ${table} (${columns.join(', ')}) FORMAT JSONCompactEachRow`,
        values: Readable.from([body]),
        clickhouse_settings: INSERT_SETTINGS,
      });
      result.stream.resume();
      await new Promise<void>((resolve, reject) => {
        result.stream.on('end', resolve).on('error', reject);
      });
    },
    async close() {
      await client.close();
    },
  };
}

export function openStore(env: Env): Store {
  return env.CLICKHOUSE_URL ? openServer(env, env.CLICKHOUSE_URL) : openEmbedded(env);
}
