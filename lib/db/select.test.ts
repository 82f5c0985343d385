import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import { z } from 'zod';
import type { Store } from '@/lib/db/store';
import { tempStore } from '@/tests/helpers/temp-store';
import { selectBatch, selectRows } from './select';

let store: Store;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  // Both tables expire rows by last_seen (retention): these are fresh.
  const last_seen = Math.floor(Date.now() / 1000);
  await store.client.insert({
    table: 'resources',
    values: [
      { hash: 'r1', attributes: { 'service.name': 'billing' }, attribute_types: { 'service.name': 's' }, last_seen },
      { hash: 'r2', attributes: { 'service.name': 'triage', 'host.cores': '2' }, attribute_types: { 'service.name': 's', 'host.cores': 'i' }, last_seen },
    ],
    format: 'JSONEachRow',
  });
  await store.client.insert({ table: 'snapshot_bodies', values: [{ hash: 'b1', body: '{"facts":{"order":1}}', last_seen }], format: 'JSONEachRow' });
});
afterAll(() => cleanup());

const resource = z.object({ hash: z.string(), attributes: z.record(z.string(), z.string()), attribute_types: z.record(z.string(), z.string()) });
const body = z.object({ hash: z.string(), body: z.string() });
const numbers = z.object({ n: z.string(), at: z.string(), maybe: z.string().nullable() });

describe('selectBatch', () => {
  it('runs unrelated reads in one query, each parsed with its own schema, reads sharing parameter names', async () => {
    const got = await selectBatch(
      store.client,
      {
        resources: { schema: resource, query: 'SELECT hash, attributes, attribute_types FROM resources WHERE hash IN (SELECT arrayJoin({hashes:Array(String)}))', params: { hashes: ['r1', 'r2', 'nope'] } },
        bodies: { schema: body, query: 'SELECT hash, body FROM snapshot_bodies WHERE hash IN (SELECT arrayJoin({hashes:Array(String)}))', params: { hashes: ['b1'] } },
        numbers: {
          schema: numbers,
          // 64-bit integers, times and NULL come out as selectRows gets them.
          query: "SELECT toUInt64({big:UInt64}) AS n, toDateTime64('2026-12-06 10:00:00', 9, 'UTC') AS at, if(number = 0, NULL, 'x') AS maybe FROM numbers(2)",
          params: { big: '18446744073709551615' },
        },
      },
      'test.batch',
    );
    expect([...got.resources].sort((a, b) => a.hash.localeCompare(b.hash))).toEqual([
      { hash: 'r1', attributes: { 'service.name': 'billing' }, attribute_types: { 'service.name': 's' } },
      { hash: 'r2', attributes: { 'service.name': 'triage', 'host.cores': '2' }, attribute_types: { 'service.name': 's', 'host.cores': 'i' } },
    ]);
    expect(got.bodies).toEqual([{ hash: 'b1', body: '{"facts":{"order":1}}' }]);
    const alone = await selectRows(store.client, numbers, "SELECT toUInt64({big:UInt64}) AS n, toDateTime64('2026-12-06 10:00:00', 9, 'UTC') AS at, if(number = 0, NULL, 'x') AS maybe FROM numbers(2)", { big: '18446744073709551615' }, 'test.alone');
    expect([...got.numbers].sort((a, b) => String(a.maybe).localeCompare(String(b.maybe)))).toEqual([...alone].sort((a, b) => String(a.maybe).localeCompare(String(b.maybe))));
    expect(alone.map((r) => r.n)).toEqual(['18446744073709551615', '18446744073709551615']);
  });

  it('skips reads left undefined, and makes no query when every read is', async () => {
    const got = await selectBatch(store.client, { bodies: undefined, resources: { schema: resource, query: 'SELECT hash, attributes, attribute_types FROM resources WHERE hash = {h:String}', params: { h: 'r1' } } }, 'test.skip');
    expect(got).toEqual({ bodies: [], resources: [{ hash: 'r1', attributes: { 'service.name': 'billing' }, attribute_types: { 'service.name': 's' } }] });
    expect(await selectBatch(store.client, { bodies: undefined }, 'test.none')).toEqual({ bodies: [] });
  });

  it('refuses a read name that would not be a safe literal', async () => {
    await expect(selectBatch(store.client, { "x' OR 1": { schema: body, query: 'SELECT 1', params: {} } }, 'test.bad')).rejects.toThrow(/named with letters and digits/);
  });

  it('reports the failing read as the query error it is', async () => {
    await expect(selectBatch(store.client, { bodies: { schema: body, query: 'SELECT hash, body FROM no_such_table', params: {} } }, 'test.error')).rejects.toThrow(/no_such_table/);
  });
});
