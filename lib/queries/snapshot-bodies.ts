import { parseJson } from '@/lib/domain/json';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { AttrValue } from '@/lib/domain/attributes';
import { selectRows } from '@/lib/db/select';

/** Content-addressed snapshot bodies: the attributes of a `baton.context.snapshot` event, by hash. */

const bodyRow = z.object({ hash: z.string(), body: z.string() });

export type SnapshotBodies = ReadonlyMap<string, Record<string, AttrValue>>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function loadSnapshotBodies(client: ClickHouseClient, hashes: readonly string[]): Promise<SnapshotBodies> {
  const lookup = new Map<string, Record<string, AttrValue>>();
  if (hashes.length === 0) return lookup;
  const found = await selectRows(
    client,
    bodyRow,
    'SELECT hash, any(body) AS body FROM snapshot_bodies WHERE hash IN (SELECT arrayJoin({hashes:Array(String)})) GROUP BY hash',
    { hashes: [...new Set(hashes)] },
    'snapshotBodies',
  );
  for (const r of found) {
    // An unreadable body (or one nested too deep to handle) is left out; readers show the hash instead.
    const parsed = parseJson(r.body);
    if (parsed.ok && isRecord(parsed.value)) lookup.set(r.hash, parsed.value as Record<string, AttrValue>);
  }
  return lookup;
}
