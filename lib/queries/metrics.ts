import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectRows } from '@/lib/db/select';
import { inScope } from '@/lib/db/scope-sql';
import { nanosToIso } from '@/lib/domain/time';
import {
  ALL_KEY,
  COUNT_METRICS,
  MAX_SERIES,
  NONE_KEY,
  OTHER_KEY,
  type GroupBy,
  type Metric,
  type MetricParams,
  type MetricSeries,
  type MetricsResponse,
} from '@/lib/schemas/metrics';

/**
 * Metric time series for charts (docs/api.md). Each metric is a source table,
 * a time column, a row filter and an aggregate; rows are bucketed with
 * toStartOfInterval (epoch-aligned, `step` seconds wide) within [from, to].
 *
 * - spans, errors: the spans table, by start time. Counted with count(), not
 *   deduplicated by span id: a retry is counted twice until ClickHouse
 *   merges its copies, and a copy another resource sent with the same ids
 *   (which span reads ignore) always is. Deduplicating would mean a
 *   uniqExact over every span id in the range; for a chart, the rare
 *   overcount is acceptable.
 * - handoffs, drift_rate, fidelity: the handoffs table through FINAL (latest
 *   version, tombstones hidden), by handoff time. drift_rate is the share of
 *   complete handoffs whose severity is not `none`; fidelity the mean
 *   fidelity of complete handoffs whose drift was not measured on text.
 * - consistency: the sessions table through FINAL, by session end time; the
 *   mean session score. Grouped by agent, a session counts towards every
 *   agent that took part in it.
 * - sessions: the sessions table through FINAL, by session start time; the
 *   sessions that started in each bucket (grouped by agent, as consistency).
 *
 * Grouped series are limited to the MAX_SERIES keys with the most volume
 * (rows counted: spans, handoffs, complete handoffs measured, sessions);
 * the rest is summed into `(other)` for counts and left out for ratios.
 * Counts have a point for every bucket (0 when empty); ratios and means
 * have points only for buckets with data, so a chart shows a gap, and each
 * of their points carries `n`, the rows behind it (complete handoffs,
 * measured handoffs, sessions), so that 1 of 2 does not read like 50 of 100.
 */

interface Source {
  /** FROM clause. */
  table: string;
  /** A DateTime64(9, 'UTC') column. */
  time: string;
  /** Extra row filter ('' for none). */
  filter: string;
  /** The bucket's value, over its rows. */
  value: string;
  /** Grouping expressions by groupBy; a metric without one cannot be grouped that way. */
  keys: Partial<Record<GroupBy, string>>;
}

const orNone = (column: string) => `if(${column} = '', '${NONE_KEY}', ${column})`;

const SPAN_KEYS = { agent: orNone('agent') };
const HANDOFF_KEYS = {
  agent: orNone('from_agent'),
  agent_pair: `concat(${orNone('from_agent')}, ' → ', ${orNone('to_agent')})`,
};

const SESSION_KEYS = { agent: `arrayJoin(if(empty(agents), ['${NONE_KEY}'], agents))` };

/** Identifiers and expressions come from here only, never from the request. */
const SOURCES: Record<Metric, Source> = {
  spans: { table: 'spans', time: 'start_time', filter: '', value: 'count()', keys: SPAN_KEYS },
  errors: { table: 'spans', time: 'start_time', filter: "status_code = 'error'", value: 'count()', keys: SPAN_KEYS },
  handoffs: { table: 'handoffs FINAL', time: 'time', filter: '', value: 'count()', keys: HANDOFF_KEYS },
  drift_rate: {
    table: 'handoffs FINAL',
    time: 'time',
    filter: "status = 'complete'",
    value: "countIf(severity != 'none') / count()",
    keys: HANDOFF_KEYS,
  },
  fidelity: {
    table: 'handoffs FINAL',
    time: 'time',
    filter: "status = 'complete' AND method != 'text'",
    value: 'avg(fidelity)',
    keys: HANDOFF_KEYS,
  },
  consistency: {
    table: 'sessions FINAL',
    time: 'end_time',
    filter: '',
    value: 'avg(score)',
    keys: SESSION_KEYS,
  },
  sessions: { table: 'sessions FINAL', time: 'start_time', filter: '', value: 'count()', keys: SESSION_KEYS },
};

function whereSql(s: Source): string {
  const window = `${inScope()} AND ${s.time} >= fromUnixTimestamp64Milli({from:Int64}) AND ${s.time} <= fromUnixTimestamp64Milli({to:Int64})`;
  return s.filter ? `${window} AND ${s.filter}` : window;
}

function keyExpression(s: Source, groupBy: GroupBy): string {
  const key = s.keys[groupBy];
  // The parameter schema admits only combinations that have an expression.
  if (!key) throw new Error(`no grouping by ${groupBy} for this metric`);
  return key;
}

const keyRow = z.object({ key: z.string() });

/** The MAX_SERIES keys with the most rows in the window, most first (ties by key). */
async function topKeys(client: ClickHouseClient, s: Source, groupBy: GroupBy, p: MetricParams, tag: string): Promise<string[]> {
  const rows = await selectRows(
    client,
    keyRow,
    `SELECT ${keyExpression(s, groupBy)} AS key, count() AS volume
     FROM ${s.table}
     WHERE ${whereSql(s)}
     GROUP BY key
     ORDER BY volume DESC, key
     LIMIT {limit:UInt32}`,
    { from: p.from, to: p.to, limit: MAX_SERIES },
    `${tag}.keys`,
  );
  return rows.map((r) => r.key);
}

const pointRow = z.object({ bucket: z.coerce.number(), key: z.string(), v: z.coerce.number(), n: z.coerce.number() });

/**
 * Bucket values per key; keys outside `keys` come back as `(other)`. The key
 * expression appears once, under an alias: an arrayJoin written twice would
 * multiply the rows.
 */
async function bucketValues(client: ClickHouseClient, s: Source, p: MetricParams, keys: string[] | undefined, tag: string) {
  const key = p.groupBy && keys ? `if((${keyExpression(s, p.groupBy)} AS k) IN {keys:Array(String)}, k, '${OTHER_KEY}')` : `'${ALL_KEY}'`;
  return selectRows(
    client,
    pointRow,
    `SELECT toUnixTimestamp(toStartOfInterval(${s.time}, INTERVAL {step:UInt32} SECOND)) AS bucket, ${key} AS key, ${s.value} AS v, count() AS n
     FROM ${s.table}
     WHERE ${whereSql(s)}
     GROUP BY bucket, key
     ORDER BY bucket, key`,
    { from: p.from, to: p.to, step: p.step, keys: keys ?? [] },
    tag,
  );
}

/** Bucket starts (epoch seconds) covering [from, to], as toStartOfInterval computes them. */
function bucketStarts(p: MetricParams): number[] {
  const first = Math.floor(p.from / (1000 * p.step)) * p.step;
  const last = Math.floor(p.to / (1000 * p.step)) * p.step;
  const out: number[] = [];
  for (let t = first; t <= last; t += p.step) out.push(t);
  return out;
}

const isoOfSeconds = (seconds: number) => nanosToIso(`${seconds}000000000`);

/** The series of one metric over a window. */
export async function metricSeries(client: ClickHouseClient, p: MetricParams): Promise<MetricsResponse> {
  const source = SOURCES[p.metric];
  const tag = `metrics.${p.metric}`;
  const keys = p.groupBy ? await topKeys(client, source, p.groupBy, p, tag) : undefined;
  const rows = await bucketValues(client, source, p, keys, tag);

  const byKey = new Map<string, Map<number, { v: number; n: number }>>();
  for (const r of rows) {
    if (!Number.isFinite(r.v)) continue;
    const values = byKey.get(r.key) ?? new Map<number, { v: number; n: number }>();
    values.set(r.bucket, { v: r.v, n: r.n });
    byKey.set(r.key, values);
  }
  const dense = COUNT_METRICS.includes(p.metric);
  const order = keys ? [...keys, ...(dense && byKey.has(OTHER_KEY) ? [OTHER_KEY] : [])] : [ALL_KEY];
  const starts = bucketStarts(p);

  const series: MetricSeries[] = order.map((key) => {
    const values = byKey.get(key) ?? new Map<number, { v: number; n: number }>();
    const points = dense
      ? starts.map((t) => ({ t: isoOfSeconds(t), v: values.get(t)?.v ?? 0 }))
      : starts.flatMap((t) => {
          const p = values.get(t);
          return p === undefined ? [] : [{ t: isoOfSeconds(t), v: p.v, n: p.n }];
        });
    return { key, points };
  });
  return { series };
}
