import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectAccountRows } from '@/lib/auth/account-reads';
import { principalOf } from '@/lib/auth/principal';
import { toStoreMillis, type Milliseconds } from '@/lib/domain/time';
import { metricSeries } from '@/lib/queries/metrics';
import { metricsResponseSchema, type MetricsResponse } from '@/lib/schemas/metrics';
import { panelWindow, parsePanelTarget, type PanelSpec } from './panel';

/**
 * A metric panel behind a share link (docs/security.md, "Share links"). A
 * frozen panel's series are read once, when the link is made, and kept with
 * the link (`share_panels`), so it shows the same chart whatever retention
 * removes later; a live panel is read from the store over its rolling window
 * on every call, in the link's project only (the share principal's scope).
 */

/** The panel's series now, in the current read scope. */
export function readPanel(client: ClickHouseClient, spec: PanelSpec, nowMs = Date.now()): Promise<MetricsResponse> {
  const { fromMs, toMs } = panelWindow(spec, nowMs);
  return metricSeries(client, { metric: spec.metric, groupBy: spec.groupBy, step: spec.step, from: fromMs as Milliseconds, to: toMs as Milliseconds });
}

/** Keeps a frozen panel's series with its link. */
export async function freezePanel(client: ClickHouseClient, linkId: string, series: MetricsResponse): Promise<void> {
  await client.insert({ table: 'share_panels', format: 'JSONEachRow', values: [{ link_id: linkId, series: JSON.stringify(series), created_at: toStoreMillis(Date.now()) }] });
}

const frozenRow = z.object({ series: z.string() });

async function frozenSeries(client: ClickHouseClient, linkId: string): Promise<MetricsResponse | undefined> {
  const rows = await selectAccountRows(client, frozenRow, 'SELECT series FROM share_panels FINAL WHERE link_id = {linkId:String}', { linkId }, 'share:panel');
  return rows[0] && metricsResponseSchema.parse(JSON.parse(rows[0].series));
}

/**
 * The metrics route's answer to a panel link's token: the link's panel,
 * whatever the query string asks; undefined for any other caller (the route
 * answers the query as usual).
 */
export async function metricsForShare(client: ClickHouseClient, request: Request): Promise<MetricsResponse | undefined> {
  const p = principalOf(request.headers);
  if (p.kind !== 'share' || p.resource !== 'panel') return undefined;
  const parsed = parsePanelTarget(p.target);
  if (!parsed.ok) throw new Error(`share link ${p.linkId} holds an unreadable panel: ${parsed.message}`);
  if (parsed.spec.range.kind === 'live') return readPanel(client, parsed.spec);
  const frozen = await frozenSeries(client, p.linkId);
  if (!frozen) throw new Error(`share link ${p.linkId} has no frozen series`);
  return frozen;
}
