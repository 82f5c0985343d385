import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { SCORE_BINS, type Stats, type StatsParams } from '@/lib/schemas/stats';
import { dataExtent, driftImpact } from './stats-impact';

/**
 * Headline figures of a time range (lib/schemas/stats.ts says what each
 * counts). Three small aggregates run in parallel: spans by start time (not
 * deduplicated, like the metrics: a retry counts twice until its copies
 * merge, a copy another resource sent with the same ids always does), session summaries through FINAL and handoffs through FINAL.
 */

const IN_RANGE = (column: string) => `${column} >= fromUnixTimestamp64Milli({from:Int64}) AND ${column} <= fromUnixTimestamp64Milli({to:Int64})`;

const spanRow = z.object({ spans: z.coerce.number(), errors: z.coerce.number() });
const SPANS_SQL = `SELECT count() AS spans, countIf(status_code = 'error') AS errors FROM spans WHERE ${inScope()} AND ${IN_RANGE('start_time')}`;

const binRow = z.object({ bin: z.coerce.number(), sessions: z.coerce.number(), score_sum: z.coerce.number() });
/** Sessions active in the range, as the session list selects them; bin 9 holds 90–100. */
const SESSIONS_SQL = `
SELECT least(intDiv(score, 10), 9) AS bin, count() AS sessions, sum(score) AS score_sum
FROM sessions FINAL
WHERE ${inScope()} AND end_time >= fromUnixTimestamp64Milli({from:Int64}) AND start_time <= fromUnixTimestamp64Milli({to:Int64})
GROUP BY bin`;

const handoffRow = z.object({
  total: z.coerce.number(),
  complete: z.coerce.number(),
  critical: z.coerce.number(),
  warning: z.coerce.number(),
  info: z.coerce.number(),
  measured: z.coerce.number(),
  fidelity_sum: z.coerce.number(),
});
const HANDOFFS_SQL = `
SELECT count() AS total,
  countIf(status = 'complete') AS complete,
  countIf(status = 'complete' AND severity = 'critical') AS critical,
  countIf(status = 'complete' AND severity = 'warning') AS warning,
  countIf(status = 'complete' AND severity = 'info') AS info,
  countIf(status = 'complete' AND method != 'text') AS measured,
  sumIf(fidelity, status = 'complete' AND method != 'text') AS fidelity_sum
FROM handoffs FINAL
WHERE ${inScope()} AND ${IN_RANGE('time')}`;

const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);

export async function overviewStats(client: ClickHouseClient, p: StatsParams): Promise<Stats> {
  const params = { from: p.from, to: p.to };
  const [[spans], bins, [h], impact] = await Promise.all([
    selectRows(client, spanRow, SPANS_SQL, params, 'stats.spans'),
    selectRows(client, binRow, SESSIONS_SQL, params, 'stats.sessions'),
    selectRows(client, handoffRow, HANDOFFS_SQL, params, 'stats.handoffs'),
    driftImpact(client, p),
  ]);
  const sessions = bins.reduce((n, b) => n + b.sessions, 0);
  const scoreSum = bins.reduce((n, b) => n + b.score_sum, 0);
  const hand = h ?? { total: 0, complete: 0, critical: 0, warning: 0, info: 0, measured: 0, fidelity_sum: 0 };
  const drifted = hand.critical + hand.warning + hand.info;
  // Where the data is, asked only when the range holds none.
  const empty = (spans?.spans ?? 0) === 0 && bins.length === 0 && hand.total === 0;
  return {
    from: p.from,
    to: p.to,
    spans: spans?.spans ?? 0,
    errors: spans?.errors ?? 0,
    sessions,
    meanScore: sessions > 0 ? Math.round((scoreSum / sessions) * 10) / 10 : null,
    scoreHistogram: SCORE_BINS.map((bin, i) => ({ ...bin, sessions: bins.find((b) => b.bin === i)?.sessions ?? 0 })),
    handoffs: {
      total: hand.total,
      complete: hand.complete,
      pending: hand.total - hand.complete,
      drifted,
      severity: { critical: hand.critical, warning: hand.warning, info: hand.info, none: hand.complete - drifted },
      driftRate: ratio(drifted, hand.complete),
      meanFidelity: ratio(hand.fidelity_sum, hand.measured),
    },
    impact,
    dataExtent: empty ? await dataExtent(client) : null,
  };
}
