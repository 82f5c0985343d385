import { afterAll, beforeAll, describe, expect } from 'vitest';
import { it } from '@/tests/helpers/read-scope';
import type { Store } from '@/lib/db/store';
import { select, tempStore } from '@/tests/helpers/temp-store';
import { runMutations } from './flags';

/**
 * How a pin waits for its updates (lib/pins/flags.ts): issued together, each
 * waited for until it is done; one the engine cannot apply fails the pin
 * with its table named, instead of hanging.
 */

let store: Store;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, cleanup } = await tempStore(30));
  for (const t of ['scratch_a', 'scratch_b']) {
    await store.client.command({ query: `CREATE TABLE ${t} (x UInt8, pinned UInt8 DEFAULT 0) ENGINE = MergeTree ORDER BY x` });
    await store.client.command({ query: `INSERT INTO ${t} (x) VALUES (1), (2), (3)` });
  }
});
afterAll(() => cleanup());

describe('runMutations', () => {
  it('returns once every update is done', async () => {
    await runMutations(store.client, [
      { table: 'scratch_a', set: 1, where: 'x >= {from:UInt8}', params: { from: 2 } },
      { table: 'scratch_b', set: null, where: 'x = {x:UInt8}', params: { x: 1 } },
    ]);
    expect(await select(store, 'SELECT x, pinned FROM scratch_a ORDER BY x')).toEqual([{ x: 1, pinned: 0 }, { x: 2, pinned: 1 }, { x: 3, pinned: 1 }]);
    expect(await select(store, 'SELECT x FROM scratch_b ORDER BY x')).toEqual([{ x: 2 }, { x: 3 }]);
  });

  it('fails with the table named when an update fails, and does not take two updates of one table', async () => {
    await expect(runMutations(store.client, [{ table: 'scratch_a', set: 1, where: 'throwIf(x = 3, {why:String}) = 0', params: { why: 'refused' } }])).rejects.toThrow(/the update of scratch_a failed/);
    await store.client.command({ query: 'KILL MUTATION WHERE database = currentDatabase() AND table = {t:String}', query_params: { t: 'scratch_a' } });
    await expect(runMutations(store.client, [{ table: 'scratch_b', set: 1, where: '1', params: {} }, { table: 'scratch_b', set: 0, where: '1', params: {} }])).rejects.toThrow(/one mutation per table/);
  });
});
