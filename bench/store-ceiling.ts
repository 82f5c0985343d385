import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rowSlices } from '@/ingest/row-job';
import { rowOptions } from '@/ingest/rows';
import { runSync } from '@/ingest/slices';
import { Writer } from '@/ingest/writer';
import { migrate } from '@/lib/db/migrate';
import { openStore } from '@/lib/db/store';
import { parseEnv } from '@/lib/env';
import { encodeDense } from './handoff-dense';

/**
 * The store's own ceiling for a workload: Baton's writer alone putting the
 * rows of the workload's first requests into a fresh embedded store, one
 * request per client at a time (as the clients' requests share a commit), with the
 * rows built beforehand, no HTTP, no decoding and no analysis. Run as its own
 * process (one data directory per process) by the dense and bare suites;
 * prints JSON { spans, seconds }.
 *
 *   node --import tsx bench/store-ceiling.ts <requests> <spans per request> <sessions> <clients> <bare 0|1>
 */
const [requests, perRequest, sessions, clients, bare] = process.argv.slice(2).map(Number);
if (!requests || !perRequest || !sessions || !clients) throw new Error('usage: store-ceiling.ts <requests> <spans per request> <sessions> <clients> <bare 0|1>');

const dir = mkdtempSync(path.join(tmpdir(), 'baton-bench-ceiling-'));
try {
  const store = openStore(parseEnv({ BATON_DATA_DIR: dir }));
  await migrate(store.client, { retentionDays: 30 });
  const bodies = encodeDense({ spans: requests * perRequest, sessions, spansPerRequest: perRequest, bare: bare === 1 });
  const batches = bodies.map((body) => runSync(rowSlices({ signal: 'traces', body, encoding: 'protobuf', opts: rowOptions(30) })));
  const writer = new Writer(store, { maxQueueBytes: 1 << 30, maxBatchBytes: 32 << 20 });
  const started = performance.now();
  for (let i = 0; i < batches.length; i += clients) await Promise.all(batches.slice(i, i + clients).map((b) => writer.write(b)));
  const seconds = (performance.now() - started) / 1000;
  await writer.close();
  await store.close();
  console.log(JSON.stringify({ spans: batches.reduce((n, b) => n + b.accepted, 0), seconds }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
