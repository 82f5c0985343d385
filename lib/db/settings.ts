import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';

/**
 * Values Baton keeps in its `baton_settings` table (retention, analyzer
 * progress, migration progress): the latest write of a key wins.
 */

const settingRow = z.object({ value: z.string() });

export async function readSetting(client: ClickHouseClient, key: string): Promise<string | undefined> {
  const rs = await client.query({
    query: 'SELECT argMax(value, updated_at) AS value FROM baton_settings WHERE key = {key:String} GROUP BY key',
    query_params: { key },
    format: 'JSONEachRow',
  });
  return z.array(settingRow).parse(await rs.json())[0]?.value;
}

export async function writeSetting(client: ClickHouseClient, key: string, value: string): Promise<void> {
  await client.insert({ table: 'baton_settings', values: [{ key, value }], format: 'JSONEachRow' });
}
