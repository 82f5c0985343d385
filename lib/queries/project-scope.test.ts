import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import type { DecodedSpan } from '@/ingest/otlp/types';
import { Analyzer } from '@/lib/analyzer/analyzer';
import type { Scope } from '@/lib/auth/scope';
import { withScope } from '@/lib/db/read-scope';
import type { Store } from '@/lib/db/store';
import { agentsParamsSchema } from '@/lib/schemas/agents';
import { traceListParamsSchema } from '@/lib/schemas/api';
import { handoffListParamsSchema } from '@/lib/schemas/handoffs';
import { COUNT_METRICS, metricParamsSchema, METRICS, type Metric } from '@/lib/schemas/metrics';
import { sessionListParamsSchema } from '@/lib/schemas/sessions';
import { ledgerPageParamsSchema, sessionPageParamsSchema } from '@/lib/schemas/session-pages';
import { statsParamsSchema } from '@/lib/schemas/stats';
import { makeTraces } from '@/tests/helpers/factories';
import { randomSession } from '@/tests/helpers/random-sessions';
import { tempStore } from '@/tests/helpers/temp-store';
import { agentStats } from './agents';
import { getHandoffDetail } from './handoff-detail';
import { handoffsOfSession, handoffsOfTrace, listHandoffs } from './handoffs';
import { metricSeries } from './metrics';
import { getSessionContradictions, getSessionDetail, getSessionFacts, getSessionHandoffs, getSessionTurns } from './session-detail';
import { listSessions } from './sessions';
import { overviewStats } from './stats';
import { getTrace, listTraces, traceSummaries } from './traces';

/**
 * Every query function, read with a scope of one project, sees that
 * project's rows only: sessions of two projects (`baton.project` on the
 * resource, as an app sends it) go through the real writer and analyzer;
 * each list and aggregate of `shop` holds shop's data only and adds up with
 * `billing`'s to the whole, and an id of the other project reads as unknown.
 */

let store: Store;
let cleanup: () => Promise<void>;
const SESSIONS = { shop: ['shop-1', 'shop-2', 'shop-3'], billing: ['billing-4', 'billing-5', 'billing-6'] };
const SHOP: Scope = { all: false, projects: ['shop'] };
const BILLING: Scope = { all: false, projects: ['billing'] };
const ALL: Scope = { all: true };
const RANGE = { from: String(Date.now() - 86_400_000), to: String(Date.now() + 3_600_000) };
const as = <T>(scope: Scope, read: () => Promise<T>) => withScope(scope, read);
const client = () => store.client;

function tracesOf(project: string, spans: DecodedSpan[]) {
  const traces = makeTraces(spans);
  (traces.resourceSpans[0] as { resource: { attrs: { values: Record<string, string> } } }).resource.attrs.values['baton.project'] = project;
  return traces;
}

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  const analyzer = new Analyzer(store, { debounceMs: 5 });
  const writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20, onCommit: (c) => analyzer.notify(c.touched, c.analysis) });
  await analyzer.start();
  for (const [project, ids] of Object.entries(SESSIONS)) {
    for (const id of ids) await writer.write(toRows(tracesOf(project, randomSession(Number(id.split('-')[1]), id, { userId: 'u-1', tokens: true })), rowOptions(30)));
  }
  await analyzer.idle();
  await writer.close();
  await analyzer.stop();
}, 120_000);
afterAll(() => cleanup());

const inProject = (project: keyof typeof SESSIONS) => (sessionId: string) => SESSIONS[project].includes(sessionId);

describe('reads within a scope of one project', () => {
  it('list traces, sessions and handoffs of that project only', async () => {
    const traces = (scope: Scope) => as(scope, () => listTraces(client(), traceListParamsSchema.parse({ ...RANGE, limit: '200' })));
    const [shop, billing, all] = await Promise.all([traces(SHOP), traces(BILLING), traces(ALL)]);
    expect(shop.traces.length).toBeGreaterThan(0);
    expect(shop.traces.every((t) => inProject('shop')(t.sessionId))).toBe(true);
    expect(billing.traces.every((t) => inProject('billing')(t.sessionId))).toBe(true);
    expect(shop.traces.length + billing.traces.length).toBe(all.traces.length);
    const everyId = all.traces.map((t) => t.traceId);
    expect((await as(SHOP, () => traceSummaries(client(), everyId, Number(RANGE.from), Number(RANGE.to)))).map((t) => t.traceId).sort()).toEqual(shop.traces.map((t) => t.traceId).sort());

    const sessions = (scope: Scope) => as(scope, async () => (await listSessions(client(), sessionListParamsSchema.parse({ ...RANGE }))).sessions.map((s) => s.sessionId).sort());
    expect(await sessions(SHOP)).toEqual(SESSIONS.shop);
    expect(await sessions(BILLING)).toEqual(SESSIONS.billing);
    expect(await sessions(ALL)).toEqual([...SESSIONS.billing, ...SESSIONS.shop]);

    const handoffs = (scope: Scope) => as(scope, async () => (await listHandoffs(client(), handoffListParamsSchema.parse({ ...RANGE, limit: '200' }))).handoffs);
    const [hShop, hAll] = await Promise.all([handoffs(SHOP), handoffs(ALL)]);
    expect(hShop.length).toBeGreaterThan(0);
    expect(hShop.every((h) => inProject('shop')(h.sessionId))).toBe(true);
    expect(hShop.length).toBe(hAll.filter((h) => inProject('shop')(h.sessionId)).length);
  });

  it('read a trace, a session and a handoff of another project as unknown', async () => {
    const all = (await as(ALL, () => listTraces(client(), traceListParamsSchema.parse({ ...RANGE, limit: '200' })))).traces;
    const shopTrace = all.find((t) => inProject('shop')(t.sessionId))!.traceId;
    const billingTrace = all.find((t) => inProject('billing')(t.sessionId))!.traceId;
    expect((await as(SHOP, () => getTrace(client(), shopTrace)))?.traceId).toBe(shopTrace);
    expect(await as(SHOP, () => getTrace(client(), billingTrace))).toBeUndefined();
    expect(await as(SHOP, () => handoffsOfTrace(client(), billingTrace))).toEqual([]);
    expect((await as(BILLING, () => getTrace(client(), billingTrace)))?.traceId).toBe(billingTrace);

    const page = sessionPageParamsSchema.parse({ limit: '50' });
    const ledger = ledgerPageParamsSchema.parse({ limit: '50' });
    expect((await as(SHOP, () => getSessionDetail(client(), 'shop-1')))?.session.sessionId).toBe('shop-1');
    expect(await as(SHOP, () => getSessionDetail(client(), 'billing-4'))).toBeUndefined();
    expect(await as(SHOP, () => getSessionTurns(client(), 'billing-4', page))).toBeUndefined();
    expect(await as(SHOP, () => getSessionHandoffs(client(), 'billing-4', page))).toBeUndefined();
    expect(await as(SHOP, () => getSessionFacts(client(), 'billing-4', ledger))).toBeUndefined();
    expect(await as(SHOP, () => getSessionContradictions(client(), 'billing-4', ledger))).toBeUndefined();
    expect(await as(SHOP, () => handoffsOfSession(client(), 'billing-4'))).toEqual([]);
    expect((await as(BILLING, () => getSessionTurns(client(), 'billing-4', page)))?.turns.length).toBeGreaterThan(0);

    const billingHandoff = (await as(BILLING, () => handoffsOfSession(client(), 'billing-4')))[0]!.id;
    expect((await as(BILLING, () => getHandoffDetail(client(), billingHandoff)))?.handoff.id).toBe(billingHandoff);
    expect(await as(SHOP, () => getHandoffDetail(client(), billingHandoff))).toBeUndefined();
  });

  it('aggregate that project only: stats, every metric and the agents add up to the whole', async () => {
    const stats = (scope: Scope) => as(scope, () => overviewStats(client(), statsParamsSchema.parse(RANGE)));
    const [sShop, sBilling, sAll] = await Promise.all([stats(SHOP), stats(BILLING), stats(ALL)]);
    expect(sShop.spans).toBeGreaterThan(0);
    expect(sShop.spans + sBilling.spans).toBe(sAll.spans);
    expect([sShop.sessions, sBilling.sessions, sAll.sessions]).toEqual([3, 3, 6]);
    expect(sShop.handoffs.total + sBilling.handoffs.total).toBe(sAll.handoffs.total);

    const count = async (scope: Scope, metric: Metric) =>
      (await as(scope, () => metricSeries(client(), metricParamsSchema.parse({ ...RANGE, metric, step: '1d' })))).series[0]!.points.reduce((n, p) => n + p.v, 0);
    for (const metric of COUNT_METRICS) {
      const [shop, billing, all] = [await count(SHOP, metric), await count(BILLING, metric), await count(ALL, metric)];
      if (metric !== 'errors') expect(shop, metric).toBeGreaterThan(0);
      expect(shop + billing, metric).toBe(all);
    }
    // Ratios over no project's rows have no points at all.
    for (const metric of METRICS.filter((m) => !COUNT_METRICS.includes(m))) {
      expect((await as(ALL, () => metricSeries(client(), metricParamsSchema.parse({ ...RANGE, metric })))).series[0]!.points.length, metric).toBeGreaterThan(0);
      expect((await as({ all: false, projects: [] }, () => metricSeries(client(), metricParamsSchema.parse({ ...RANGE, metric })))).series[0]!.points, metric).toEqual([]);
    }

    const runs = async (scope: Scope) => (await as(scope, () => agentStats(client(), agentsParamsSchema.parse(RANGE)))).agents.reduce((n, a) => n + a.invocations, 0);
    const [rShop, rBilling, rAll] = [await runs(SHOP), await runs(BILLING), await runs(ALL)];
    expect(rShop).toBeGreaterThan(0);
    expect(rShop + rBilling).toBe(rAll);
  });

  it('read nothing with a scope of no project', async () => {
    const none: Scope = { all: false, projects: [] };
    expect((await as(none, () => listTraces(client(), traceListParamsSchema.parse({ ...RANGE })))).traces).toEqual([]);
    expect((await as(none, () => listSessions(client(), sessionListParamsSchema.parse({ ...RANGE })))).sessions).toEqual([]);
    expect((await as(none, () => overviewStats(client(), statsParamsSchema.parse(RANGE)))).spans).toBe(0);
    expect(await as(none, () => getSessionDetail(client(), 'shop-1'))).toBeUndefined();
  });
});
