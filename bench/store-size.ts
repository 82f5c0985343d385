import { openStore } from '@/lib/db/store';
import { parseEnv } from '@/lib/env';

/**
 * Prints (JSON) the rows and compressed/uncompressed bytes of each of Baton's
 * tables in a data directory: run as its own process by the scale benchmark
 * once the server has stopped, since a process binds one data directory.
 */
const dir = process.argv[2];
if (!dir) throw new Error('usage: store-size.ts <data dir>');
const store = openStore(parseEnv({ BATON_DATA_DIR: dir }));
const rs = await store.client.query({
  query: `SELECT table, sum(rows) AS rows, sum(data_compressed_bytes) AS compressed, sum(data_uncompressed_bytes) AS uncompressed
          FROM system.parts WHERE active AND database = currentDatabase() GROUP BY table ORDER BY compressed DESC`,
  format: 'JSONEachRow',
});
const rows = (await rs.json()) as { table: string; rows: string; compressed: string; uncompressed: string }[];
console.log(JSON.stringify(rows.map((r) => ({ table: r.table, rows: Number(r.rows), compressed: Number(r.compressed), uncompressed: Number(r.uncompressed) }))));
await store.close();
