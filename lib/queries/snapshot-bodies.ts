import { parseJson } from '@/lib/domain/json';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { AttrValue } from '@/lib/domain/attributes';
import { selectRows, type BatchRead } from '@/lib/db/select';

/** Content-addressed snapshot bodies: the attributes of a `baton.context.snapshot` event, by hash. */

export const bodyRow = z.object({ hash: z.string(), body: z.string() });

export type SnapshotBodies = ReadonlyMap<string, Record<string, AttrValue>>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const BODIES_SQL = 'SELECT hash, any(body) AS body FROM snapshot_bodies WHERE hash IN (SELECT arrayJoin({hashes:Array(String)})) GROUP BY hash';

/** The read of these bodies, for a batch (`selectBatch`); undefined when there are none to read. */
export function snapshotBodiesRead(hashes: readonly string[]): BatchRead<typeof bodyRow> | undefined {
  return hashes.length === 0 ? undefined : { schema: bodyRow, query: BODIES_SQL, params: { hashes: [...new Set(hashes)] } };
}

export function toSnapshotBodies(found: readonly z.infer<typeof bodyRow>[]): SnapshotBodies {
  const lookup = new Map<string, Record<string, AttrValue>>();
  for (const r of found) {
    // An unreadable body (or one nested too deep to handle) is left out; readers show the hash instead.
    const parsed = parseJson(r.body);
    if (parsed.ok && isRecord(parsed.value)) lookup.set(r.hash, parsed.value as Record<string, AttrValue>);
  }
  return lookup;
}

export async function loadSnapshotBodies(client: ClickHouseClient, hashes: readonly string[]): Promise<SnapshotBodies> {
  const read = snapshotBodiesRead(hashes);
  return toSnapshotBodies(read ? await selectRows(client, read.schema, read.query, read.params, 'snapshotBodies') : []);
}
