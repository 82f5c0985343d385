import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { AttrValue } from '@/lib/domain/attributes';
import { selectRows } from '@/lib/db/select';

/** Content-addressed snapshot bodies: the attributes of a `baton.context.snapshot` event, by hash. */

const bodyRow = z.object({ hash: z.string(), body: z.string() });

export type SnapshotBodies = ReadonlyMap<string, Record<string, AttrValue>>;

export async function loadSnapshotBodies(client: ClickHouseClient, hashes: readonly string[]): Promise<SnapshotBodies> {
  const lookup = new Map<string, Record<string, AttrValue>>();
  if (hashes.length === 0) return lookup;
  const found = await selectRows(
    client,
    bodyRow,
    'SELECT hash, any(body) AS body FROM snapshot_bodies WHERE hash IN {hashes:Array(String)} GROUP BY hash',
    { hashes: [...new Set(hashes)] },
    'snapshotBodies',
  );
  for (const r of found) {
    try {
      lookup.set(r.hash, JSON.parse(r.body) as Record<string, AttrValue>);
    } catch {
      // An unreadable body is left out; readers show the hash instead.
    }
  }
  return lookup;
}
