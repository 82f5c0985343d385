import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { unscoped } from '@/lib/db/read-scope';
import { inScope } from '@/lib/db/scope-sql';
import { selectRows } from '@/lib/db/select';
import { log } from '@/lib/log';
import { coveredSql, type FlagTable } from './flags';
import { ALL_FLAG_TABLES, coverageOf, oneAtATime, pinnedTargets, pinRows } from './store';

/**
 * Rows that come after a pin (docs/security.md, "Pins"): spans of a pinned
 * trace that arrive later, a pinned session's new traces, and the rows the
 * analyzer rewrites (a handoff, a session's summary, turns and ledger) are
 * written with `pinned = 0`, as every row is: the writer's hot path does not
 * look at pins. This pass, run every few minutes by the process that serves
 * the UI and API, flags them: per project, one cheap read per table for a
 * covered row not flagged yet, and the update only where it finds one. A
 * retention is a whole number of days, so those rows are flagged long before
 * it could reach them.
 */

/** How often the pass runs. */
export const KEEPER_INTERVAL_MS = 5 * 60_000;

const foundRow = z.object({ found: z.coerce.number() });

/** Flags the rows pins cover that are not flagged yet; says which tables of which projects it flagged. */
export function keepPins(client: ClickHouseClient): Promise<{ project: string; tables: FlagTable[] }[]> {
  return oneAtATime(async () => {
    const done = [];
    for (const [project, list] of await pinnedTargets(client, 'all')) {
      const cover = await coverageOf(client, project, list);
      const tables: FlagTable[] = [];
      for (const table of ALL_FLAG_TABLES) {
        const [row] = await unscoped('pins look for unflagged rows of one project', () =>
          selectRows(client, foundRow, `SELECT 1 AS found FROM ${table} WHERE ${inScope()} AND project = {project:String} AND pinned = 0 AND ${coveredSql(table)} LIMIT 1`, { project, ...cover }, 'pins:unflagged'),
        );
        if (row) tables.push(table);
      }
      if (tables.length === 0) continue;
      await pinRows(client, project, cover, tables);
      done.push({ project, tables });
    }
    return done;
  });
}

/** Runs keepPins now and every KEEPER_INTERVAL_MS; the returned function stops it. */
export function startPinKeeper(client: ClickHouseClient, intervalMs = KEEPER_INTERVAL_MS): () => void {
  const run = () =>
    void keepPins(client).then(
      (done) => {
        for (const d of done) log.info('pins: flagged rows that came after their pin', d);
      },
      (err: unknown) => log.warn('pins: the periodic pass failed; it runs again', { error: err instanceof Error ? err.message : String(err) }),
    );
  const first = setTimeout(run, 30_000);
  const timer = setInterval(run, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
