import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, TraceDetail } from '@/lib/schemas/api';
import type { Handoff, HandoffDetail, HandoffList } from '@/lib/schemas/handoffs';
import { otelHarness, within, type OtelHarness } from '@/tests/helpers/otel';
import { recordSnapshot } from '@/tests/helpers/snapshots';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * GET /api/v1/handoffs/{id}: a handoff with both sides as its drift compared
 * them, for each method (snapshot, digest, text) and a pending one; sent by
 * the real OTel SDK to a real Baton.
 */

let baton: BatonProcess;
let otel: OtelHarness;
let explicitTrace = '';
let delegationId = '';

const agent = (name: string, extra: Record<string, string> = {}) => ({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': name, ...extra });
const given = (system: string, user: string) => ({
  'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: system }]),
  'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: user }] }]),
});

const detailPath = (id: string) => `/api/v1/handoffs/${encodeURIComponent(id)}`;

async function detailOf(id: string, status = 'complete'): Promise<HandoffDetail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await baton.api<HandoffDetail>(detailPath(id));
    if (res.status === 200 && res.body.handoff.status === status) return res.body;
    if (Date.now() > deadline) throw new Error(`handoff ${id} not ${status} within 15 s (last answer ${res.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  baton = await startBaton();
  otel = otelHarness(baton.otlpUrl, 'http/protobuf', 'support-agents');
  within(otel.tracer, undefined, 'invoke_agent triage', agent('triage', { 'session.id': 'detail-session' }), (triage) => {
    explicitTrace = triage.spanContext().traceId;
    recordSnapshot(triage, {
      phase: 'sent',
      handoffId: 'h-detail',
      to: 'billing',
      facts: { customer: { id: 'C-42' }, budget: 300, order: 48213, card: '4111 1111' },
      constraints: [{ id: 'cap', text: 'Never refund above the budget' }, 'Reply in French'],
      contract: { required: ['order'], preserve: ['budget'], forbidden: ['card'] },
      text: 'Customer C-42 wants a refund of order 48213.',
    });
    within(otel.tracer, triage, 'invoke_agent billing', agent('billing'), (billing) => {
      recordSnapshot(billing, { phase: 'received', handoffId: 'h-detail', facts: { customer: { id: 'C-42' }, budget: 250, vip: true }, constraints: ['Reply in French'] });
    });
    // Privacy mode: digests instead of values.
    triage.addEvent('baton.context.snapshot', {
      'baton.snapshot.phase': 'sent',
      'baton.handoff.id': 'h-digest',
      'baton.handoff.to': 'auditor',
      'baton.snapshot.fact_digests': JSON.stringify({ customer: 'sha256:aa', ssn: 'sha256:bb' }),
    });
    within(otel.tracer, triage, 'invoke_agent auditor', agent('auditor'), (auditor) => {
      auditor.addEvent('baton.context.snapshot', {
        'baton.snapshot.phase': 'received',
        'baton.handoff.id': 'h-digest',
        'baton.snapshot.fact_digests': JSON.stringify({ customer: 'sha256:cc' }),
      });
    });
    recordSnapshot(triage, { phase: 'sent', handoffId: 'h-pending', to: 'refunds', facts: { order: 48213 } });
  });
  // No snapshots: an inferred delegation, compared as text.
  within(otel.tracer, undefined, 'invoke_agent planner', { ...agent('planner', { 'session.id': 'detail-text' }), ...given('Never book flights over 900 EUR.', 'Plan a trip to Lisbon for 3 people on 2026-12-04.') }, (planner) => {
    within(otel.tracer, planner, 'invoke_agent booker', { ...agent('booker'), ...given('You book trips.', 'Book a trip to Lisbon.') }, (booker) => {
      delegationId = `delegation:${planner.spanContext().spanId}>${booker.spanContext().spanId}`;
    });
  });
  await otel.flush();
});
afterAll(async () => {
  await otel?.shutdown();
  await baton?.stop();
  baton?.cleanup();
});

describe('GET /api/v1/handoffs/{id}', () => {
  it('gives both snapshots of an explicit handoff, facts flattened, with what the drift found', async () => {
    const d = await detailOf('h-detail');
    expect(d.handoff).toMatchObject({ id: 'h-detail', fromAgent: 'triage', toAgent: 'billing', traceId: explicitTrace, drift: { method: 'snapshot', dropped: ['order'], contractMissing: ['order'] } });
    expect(d.handoff.drift.changed).toEqual([{ key: 'budget', from: 300, to: 250 }]);
    expect(d.sender).toMatchObject({
      agent: 'triage',
      traceId: explicitTrace,
      phase: 'sent',
      facts: { 'customer.id': 'C-42', budget: 300, order: 48213, card: '4111 1111' },
      digests: [],
      constraints: [{ id: 'cap', text: 'Never refund above the budget' }, { text: 'Reply in French' }],
      text: 'Customer C-42 wants a refund of order 48213.',
      truncated: false,
    });
    expect(d.receiver).toMatchObject({ agent: 'billing', phase: 'received', facts: { 'customer.id': 'C-42', budget: 250, vip: true }, text: null });
    expect(d.sender!.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    // The trace lists the same handoff.
    const trace = await baton.api<TraceDetail>(`/api/v1/traces/${explicitTrace}`);
    expect(trace.body.handoffs.find((h) => h.id === 'h-detail')?.drift).toEqual(d.handoff.drift);
  });

  it('gives keys only in privacy mode, never values', async () => {
    const d = await detailOf('h-digest');
    expect(d.handoff.drift).toMatchObject({ method: 'digest', dropped: ['ssn'], changed: [{ key: 'customer', from: null, to: null }] });
    expect(d.sender).toMatchObject({ facts: null, digests: ['customer', 'ssn'] });
    expect(d.receiver).toMatchObject({ facts: null, digests: ['customer'] });
    expect(JSON.stringify(d)).not.toContain('sha256:');
  });

  it('gives what each agent was given for an inferred handoff compared as text (an id with ":" and ">")', async () => {
    const d = await detailOf(delegationId);
    expect(d.handoff).toMatchObject({ source: 'delegation', fromAgent: 'planner', toAgent: 'booker', drift: { method: 'text' } });
    expect(d.sender).toMatchObject({ agent: 'planner', facts: null, digests: [], phase: null });
    expect(d.sender!.text).toContain('Never book flights over 900 EUR.');
    expect(d.sender!.text).toContain('Plan a trip to Lisbon for 3 people on 2026-12-04.');
    expect(d.receiver!.text).toContain('Book a trip to Lisbon.');
    expect(d.handoff.drift.constraintsDropped).toContain('Never book flights over 900 EUR.');
  });

  it('gives a pending handoff with its receiver missing', async () => {
    const d = await detailOf('h-pending', 'pending');
    expect(d.sender).toMatchObject({ agent: 'triage', facts: { order: 48213 } });
    expect(d.receiver).toBeNull();
  });

  it.each([
    [detailPath('no-such:handoff>here'), 404, 'not_found', /no handoff no-such:handoff>here is stored/],
    ['/api/v1/handoffs/%20%20', 400, 'bad_request', /handoff id must not be empty/],
    [detailPath('x'.repeat(600)), 400, 'bad_request', /at most 512 characters/],
  ])('%s answers %d %s', async (path, status, code, message) => {
    const res = await baton.api<ApiError>(path);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
  });
});

describe('GET /api/v1/handoffs?sort=…&order=…', () => {
  const RANK = { critical: 3, warning: 2, info: 1, none: 0 } as const;
  const measured = (h: Handoff) => h.status === 'complete' && h.drift.method !== 'text';
  /** The documented orders, written out again: the key (larger first), then newest first, then id. */
  const keys: Record<string, (h: Handoff) => number> = {
    'severity-desc': (h) => (h.status === 'pending' ? -1 : RANK[h.drift.severity]),
    'severity-asc': (h) => (h.status === 'pending' ? -4 : -RANK[h.drift.severity]),
    'fidelity-asc': (h) => (measured(h) ? -Math.round(h.drift.fidelity * 1000) : -1001),
    'fidelity-desc': (h) => (measured(h) ? Math.round(h.drift.fidelity * 1000) : -1),
  };
  const byKey = (key: (h: Handoff) => number) => (a: Handoff, b: Handoff) => key(b) - key(a) || (a.time < b.time ? 1 : a.time > b.time ? -1 : 0) || (a.id < b.id ? 1 : -1);
  const ids = (list: Handoff[]) => list.map((h) => h.id);

  /** Every page of the list one handoff at a time, through the cursors it returns. */
  async function pageByPage(query: string): Promise<Handoff[]> {
    const all: Handoff[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res: { status: number; body: HandoffList } = await baton.api<HandoffList>(`/api/v1/handoffs?limit=1&${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      all.push(...res.body.handoffs);
      cursor = res.body.nextCursor;
      expect(all.length).toBeLessThan(20);
    }
    return all;
  }

  it('orders by severity and by fidelity, pending and unmeasured last, and pages each order with its own cursors', async () => {
    await Promise.all([detailOf('h-detail'), detailOf('h-digest'), detailOf(delegationId), detailOf('h-pending', 'pending')]);
    const newest = (await baton.api<HandoffList>('/api/v1/handoffs?limit=200')).body.handoffs;
    expect(newest.length).toBeGreaterThanOrEqual(4);
    expect(ids(newest)).toEqual(ids([...newest].sort(byKey(() => 0))));
    for (const [tag, key] of Object.entries(keys)) {
      const [sort, order] = tag.split('-');
      const all = (await baton.api<HandoffList>(`/api/v1/handoffs?limit=200&sort=${sort}&order=${order}`)).body.handoffs;
      expect(ids(all), tag).toEqual(ids([...newest].sort(byKey(key))));
      expect(ids(await pageByPage(`sort=${sort}&order=${order}`)), tag).toEqual(ids(all));
    }
    // The default order of each sort: the most severe, the least faithful first.
    const severity = (await baton.api<HandoffList>('/api/v1/handoffs?sort=severity')).body.handoffs;
    expect(severity[0]!.drift.severity).toBe('critical');
    expect(severity.at(-1)!.id).toBe('h-pending');
    const fidelity = (await baton.api<HandoffList>('/api/v1/handoffs?sort=fidelity')).body.handoffs;
    expect(ids(fidelity.slice(-2)).sort()).toEqual([delegationId, 'h-pending'].sort());
    expect(fidelity[0]!.drift.fidelity).toBeLessThan(1);
    // Time ascending is the newest-first list reversed, and pages the same way.
    const oldest = await pageByPage('sort=time&order=asc');
    expect(ids(oldest)).toEqual(ids(newest).reverse());
    // A cursor of one order given to another is refused, naming the cursor.
    const first = (await baton.api<HandoffList>('/api/v1/handoffs?limit=1&sort=severity')).body.nextCursor;
    const refused = await baton.api<ApiError>(`/api/v1/handoffs?limit=1&sort=fidelity&cursor=${first}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^cursor belongs to another sort or order/);
  });
});
