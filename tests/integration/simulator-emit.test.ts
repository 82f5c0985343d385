import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceDetail } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { createEmitter, ExportError, type Emitter, type Protocol } from '@/simulator/emit';
import { Simulation } from '@/simulator/plan';
import type { SimPlan } from '@/simulator/types';
import { smallPlan } from '@/tests/fixtures/simulator-plan';
import { eventually } from '@/tests/helpers/eventually';
import { freePort, startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * The simulator's emitter against a real Baton (with an ingest key): a small
 * hand-written plan replayed through the real SDK and exporters, read back
 * through /api/v1 with its parents, kinds, links, statuses and snapshots;
 * children-first and duplicated deliveries; deterministic ids; failures that
 * name the endpoint. Then `npm run simulate` (simulator/cli.ts) itself.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');

const KEY = 'sim-test-key';
let baton: BatonProcess;
const emitters: Emitter[] = [];

beforeAll(async () => {
  baton = await startBaton({ env: { BATON_INGEST_KEYS: KEY } });
});
afterAll(async () => {
  await Promise.all(emitters.map((e) => e.shutdown()));
  await baton?.stop();
  baton?.cleanup();
});

function emitter(options: { protocol?: Protocol; seed?: number; endpoint?: string; key?: string | null; timeoutMs?: number } = {}): Emitter {
  const key = options.key === undefined ? KEY : options.key;
  const e = createEmitter({
    endpoint: options.endpoint ?? baton.otlpUrl,
    protocol: options.protocol,
    headers: key === null ? undefined : { Authorization: `Bearer ${key}` },
    seed: options.seed ?? 7,
    timeoutMs: options.timeoutMs,
  });
  emitters.push(e);
  return e;
}

async function readTrace(traceId: string): Promise<TraceDetail> {
  const { status, body } = await baton.api<TraceDetail>(`/api/v1/traces/${traceId}`);
  expect(status, `trace ${traceId}`).toBe(200);
  return body;
}

function spanCount(plan: SimPlan): number {
  return plan.traces.reduce((n, t) => n + t.spans.length, 0);
}

describe.each<Protocol>(['http/protobuf', 'http/json'])('emitter over %s', (protocol) => {
  it('replays a plan that reads back with its parents, kinds, links, statuses and snapshots', async () => {
    const plan = smallPlan(`emit-${protocol.replace('/', '-')}`, Date.now() - 3_600_000);
    const result = await emitter({ protocol }).emit(plan);

    // t0: one request of 5 spans; t1 (children first): 3 single-span requests; t2 (duplicate): 2 requests of 2.
    expect(result).toMatchObject({ traces: 3, spans: 5 + 3 + 2 * 2, requests: 1 + 3 + 2 });
    expect(result.ids.size).toBe(spanCount(plan));
    const id = (key: string) => result.ids.get(key)!;

    for (const planned of plan.traces) {
      const detail = await readTrace(id(planned.spans[0]!.key).traceId);
      expect(detail.sessionId).toBe(planned.sessionId);
      expect(detail.spans).toHaveLength(planned.spans.length); // the duplicate reads back once, the orphans whole
      const bySpanId = new Map(detail.spans.map((s) => [s.spanId, s]));
      for (const p of planned.spans) {
        const got = bySpanId.get(id(p.key).spanId);
        expect(got, p.key).toBeDefined();
        expect(got).toMatchObject({
          name: p.name,
          kind: p.kind,
          service: planned.service,
          parentSpanId: p.parentKey ? id(p.parentKey).spanId : '',
          status: p.error ? { code: 'error', message: p.error } : { code: 'unset', message: '' },
          startTime: new Date(p.startMs).toISOString().replace('Z', '000000Z'),
          endTime: new Date(p.endMs).toISOString().replace('Z', '000000Z'),
        });
        expect(got!.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId }))).toEqual(p.links.map((k) => id(k)));
        const phases = got!.events.filter((e) => e.name === 'baton.context.snapshot').map((e) => e.attributes['baton.snapshot.phase']);
        expect(phases).toEqual(p.snapshots.flatMap((op) => (op.op === 'compaction' ? ['compaction_before', 'compaction_after'] : [{ checkpoint: 'checkpoint', send: 'sent', receive: 'received' }[op.op]])));
      }
    }

    const t0 = plan.traces[0]!;
    const root = (await readTrace(id(t0.spans[0]!.key).traceId)).spans.find((s) => s.spanId === id(t0.spans[0]!.key).spanId)!;
    expect(root.resource).toMatchObject({ 'service.name': 'support-agents', 'service.version': '1.0.0', 'deployment.environment.name': 'simulation' });
    expect(root.scope.name).toBe('baton-simulator');
    const sent = root.events.find((e) => e.attributes['baton.snapshot.phase'] === 'sent')!;
    expect(sent.attributes).toMatchObject({ 'baton.handoff.id': plan.handoffs[0]!.id, 'baton.handoff.to': 'billing', 'baton.handoff.contract': JSON.stringify({ required: ['order'], preserve: ['budget'] }) });
    expect(sent.time).toBe(new Date(t0.spans[0]!.snapshots[1]!.atMs).toISOString().replace('Z', '000000Z'));
    const billing = (await readTrace(id(t0.spans[0]!.key).traceId)).spans.find((s) => s.name === 'invoke_agent billing')!;
    expect(billing.attributes).toMatchObject({ 'sim.fault': ['dropped_fact'], 'sim.fault.key': ['order'] });
    // Baton pairs the explicit handoff by its id, once the analyzer has run.
    const paired = async () => (await readTrace(id(t0.spans[0]!.key).traceId)).handoffs.find((h) => h.id === plan.handoffs[0]!.id);
    const { value: handoff } = await eventually('paired handoff', 5_000, paired);
    expect(handoff).toMatchObject({ fromAgent: 'triage', toAgent: 'billing', status: 'complete' });
  });
});

describe('a generated plan', () => {
  it('reads back whole: every trace, span, parent, link, error and snapshot', async () => {
    const toMs = Date.now();
    const plan = new Simulation({ seed: 12, faultRates: { out_of_order_export: 0.3, duplicate_export: 0.3 } }).sessions(6, { fromMs: toMs - 86_400_000, toMs });
    expect(plan.traces.some((t) => t.delivery.childrenFirst)).toBe(true);
    expect(plan.traces.some((t) => t.delivery.duplicate)).toBe(true);
    const { ids } = await emitter({ seed: plan.seed }).emit(plan);
    for (const planned of plan.traces) {
      const detail = await readTrace(ids.get(planned.spans[0]!.key)!.traceId);
      expect(detail.sessionId).toBe(planned.sessionId);
      const got = new Map(detail.spans.map((s) => [s.spanId, s]));
      expect(detail.spans, planned.key).toHaveLength(planned.spans.length);
      for (const p of planned.spans) {
        const span = got.get(ids.get(p.key)!.spanId)!;
        expect(span.parentSpanId).toBe(p.parentKey ? ids.get(p.parentKey)!.spanId : '');
        expect(span.status.code).toBe(p.error ? 'error' : 'unset');
        expect(span.links.map((l) => l.spanId)).toEqual(p.links.map((k) => ids.get(k)!.spanId));
        const events = p.snapshots.reduce((n, op) => n + (op.op === 'compaction' ? 2 : 1), 0);
        expect(span.events.filter((e) => e.name === 'baton.context.snapshot')).toHaveLength(events);
      }
    }
  });
});

describe('ids', () => {
  it('depend only on the seed, the trace key and the span order', () => {
    const plan = smallPlan('ids', Date.parse('2026-01-01T00:00:00Z'));
    const a = emitter({ seed: 3 }).prepare(plan);
    const b = emitter({ seed: 3 }).prepare({ traces: [...plan.traces].reverse() });
    const c = emitter({ seed: 4 }).prepare(plan);
    expect(new Map([...b].sort())).toEqual(new Map([...a].sort()));
    expect([...c.values()].map((v) => v.spanId)).not.toEqual([...a.values()].map((v) => v.spanId));
    // One trace id per trace, distinct span ids, lower-case hex of the right lengths.
    const traceIds = new Set(plan.traces.map((t) => t.spans.map((s) => a.get(s.key)!.traceId)).map((ids) => new Set(ids).size === 1 && ids[0]));
    expect(traceIds.size).toBe(plan.traces.length);
    expect(new Set([...a.values()].map((v) => v.spanId)).size).toBe(a.size);
    for (const v of a.values()) {
      expect(v.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(v.spanId).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it('are the ids Baton stores, the same on a second run with the same seed', async () => {
    const plan = smallPlan('rerun', Date.now() - 7_200_000);
    const first = await emitter({ seed: 11 }).emit(plan);
    const second = await emitter({ seed: 11 }).emit(plan);
    expect([...second.ids]).toEqual([...first.ids]);
    const detail = await readTrace(first.ids.get(plan.traces[0]!.spans[0]!.key)!.traceId);
    expect(detail.spans).toHaveLength(plan.traces[0]!.spans.length);
  });
});

describe('failures', () => {
  it('an export the receiver refuses is an error naming the endpoint and the reason', async () => {
    const plan = smallPlan('refused', Date.now() - 3_600_000);
    const e = emitter({ key: null });
    const error = await e.emit(plan).then(() => undefined, (err: unknown) => err);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).message).toContain(`${baton.otlpUrl}/v1/traces`);
    expect((error as ExportError).message).toMatch(/401/);
  });

  it('an unreachable endpoint is an error, not a hang', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const error = await emitter({ endpoint, timeoutMs: 1_500 }).emit(smallPlan('unreachable', Date.now())).then(() => undefined, (err: unknown) => err);
    expect(error).toBeInstanceOf(ExportError);
    expect((error as ExportError).message).toMatch(new RegExp(`${endpoint}/v1/traces.*ECONNREFUSED`));
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

function simulate(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', 'simulator/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run simulate', () => {
  it('sends the sessions of its seed, which the API then shows', async () => {
    const run = await simulate(['--endpoint', baton.otlpUrl, '--sessions', '3', '--days', '1', '--seed', '5', '--key', KEY]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/history: 3 sessions, \d+ traces, [\d,]+ spans in \d+ requests over the last 1 day$/m);
    expect(run.stdout).toMatch(/^faults: /m);
    expect(run.stdout).toMatch(/spans\/s, elapsed \d+\.\d s/);
    // The same seed plans the same sessions (ids do not depend on the window).
    const planned = new Simulation({ seed: 5 }).sessions(3, { fromMs: Date.now() - 86_400_000, toMs: Date.now() });
    for (const session of planned.sessions) {
      // Sessions are read from what the analyzer stored: it folds the last turns in shortly after they are written.
      await eventually(session.sessionId, 10_000, async () => {
        const { status, body } = await baton.api<SessionDetail>(`/api/v1/sessions/${session.sessionId}`);
        return status === 200 && !body.analysisPending && body.traces.length === session.traces.length ? body : undefined;
      });
    }
  });

  it('takes the ingest key from OTEL_EXPORTER_OTLP_HEADERS too', async () => {
    const run = await simulate(['--endpoint', baton.otlpUrl, '--sessions', '1', '--seed', '6', '--protocol', 'http/json'], { OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer%20${KEY}` });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('exits 2 with a message and the usage on a bad option, 1 with one line when the endpoint is unreachable', async () => {
    const [bad, unreachable] = await Promise.all([
      simulate(['--sessions', 'lots']),
      freePort().then((port) => simulate(['--endpoint', `http://127.0.0.1:${port}`, '--sessions', '1'])),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^simulate: --sessions must be a whole number\n\nUsage: npm run simulate/);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^simulate: cannot send to http:\/\/127\.0\.0\.1:\d+\/v1\/traces: ECONNREFUSED\n$/);
  });
});
