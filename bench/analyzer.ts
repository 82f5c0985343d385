import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import type { DecodedSpan } from '@/ingest/otlp/types';
import { Analyzer } from '@/lib/analyzer/analyzer';
import { migrate } from '@/lib/db/migrate';
import { openStore } from '@/lib/db/store';
import { parseEnv } from '@/lib/env';
import type { TraceDetail } from '@/lib/schemas/api';
import { attrs, makeEvent, makeSpan, makeTraces, nsAt } from '@/tests/helpers/factories';
import { startBaton } from '@/tests/helpers/server';

/**
 * Analyzer benchmarks: how many handoffs the in-process analyzer analyses per
 * second (load, analyse, write) on a real store, and how long after the
 * second side of a handoff is acknowledged its complete result is in the API.
 */

export interface AnalyzerResult {
  sessions: number;
  handoffs: number;
  handoffsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
}

const hex = (n: number, bytes: number) => n.toString(16).padStart(bytes * 2, '0');

/** One session: a supervisor handing work to `n` specialists with explicit snapshots. */
function sessionSpans(session: number, n: number, t0: number): DecodedSpan[] {
  const traceId = hex(session + 1, 16);
  const rootId = hex(session * 100 + 1, 8);
  const facts = (i: number, drop: boolean) => JSON.stringify({ customer: { id: `C-${session}` }, order: 40000 + i, budget: 300, ...(drop ? {} : { city: 'Lyon' }) });
  const spans: DecodedSpan[] = [
    makeSpan({
      traceId,
      spanId: rootId,
      name: 'invoke_agent supervisor',
      startNs: nsAt(t0),
      endNs: nsAt(t0 + 5000),
      attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'supervisor', 'session.id': `bench-${session}`, 'user.id': `u-${session % 50}` }),
      events: Array.from({ length: n }, (_, i) => makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'sent', 'baton.handoff.id': `bh-${session}-${i}`, 'baton.snapshot.facts': facts(i, false), 'baton.handoff.contract': '["customer.id","budget"]' }, nsAt(t0 + 10 + i * 100))),
    }),
  ];
  for (let i = 0; i < n; i++) {
    spans.push(
      makeSpan({
        traceId,
        spanId: hex(session * 100 + 2 + i, 8),
        parentSpanId: rootId,
        name: `invoke_agent specialist-${i}`,
        startNs: nsAt(t0 + 20 + i * 100),
        endNs: nsAt(t0 + 90 + i * 100),
        attrs: attrs({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': `specialist-${i}` }),
        events: [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'received', 'baton.handoff.id': `bh-${session}-${i}`, 'baton.snapshot.facts': facts(i, i % 3 === 0) }, nsAt(t0 + 21 + i * 100))],
      }),
    );
  }
  return spans;
}

async function throughput(sessions: number, perSession: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'baton-bench-'));
  const store = openStore(parseEnv({ BATON_DATA_DIR: dir }));
  try {
    await migrate(store.client, { retentionDays: 30 });
    const analyzer = new Analyzer(store, { debounceMs: 20 });
    const writer = new Writer(store, { maxQueueBytes: 256 << 20, maxBatchBytes: 32 << 20, onCommit: (c) => analyzer.notify(c.touched, c.analysis) });
    const t0 = Date.now() - 3_600_000;
    const started = performance.now();
    for (let s = 0; s < sessions; s += 20) {
      const spans = Array.from({ length: Math.min(20, sessions - s) }, (_, k) => sessionSpans(s + k, perSession, t0 + (s + k) * 10_000)).flat();
      await writer.write(toRows(makeTraces(spans), rowOptions(30)));
    }
    await writer.close();
    await analyzer.idle();
    const seconds = (performance.now() - started) / 1000;
    await analyzer.stop();
    return (sessions * perSession) / seconds;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Receiver side first, then the sender: time from the sender's acknowledgement to the complete handoff in the API. */
async function latency(rounds: number): Promise<number[]> {
  const baton = await startBaton({ env: { BATON_CHECK_RESPONSES: '0' } });
  const times: number[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const traceId = hex(900_000 + r, 16);
      const now = Date.now();
      const side = (spanId: string, phase: string, agent: string) =>
        JSON.stringify({
          resourceSpans: [{ scopeSpans: [{ spans: [{
            traceId, spanId, name: `invoke_agent ${agent}`, startTimeUnixNano: `${now}000000`, endTimeUnixNano: `${now + 5}000000`,
            attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'invoke_agent' } }, { key: 'gen_ai.agent.name', value: { stringValue: agent } }, { key: 'session.id', value: { stringValue: `lat-${r}` } }],
            events: [{ timeUnixNano: `${now}000000`, name: 'baton.context.snapshot', attributes: [
              { key: 'baton.snapshot.phase', value: { stringValue: phase } },
              { key: 'baton.handoff.id', value: { stringValue: `lat-${r}` } },
              { key: 'baton.snapshot.facts', value: { stringValue: '{"order":1,"budget":300}' } },
            ] }],
          }] }] }],
        });
      const post = (body: string) => fetch(`${baton.otlpUrl}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      await post(side(hex(1, 8), 'received', 'receiver'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await post(side(hex(2, 8), 'sent', 'sender'));
      const acked = performance.now();
      for (;;) {
        const trace = (await (await fetch(`${baton.uiUrl}/api/v1/traces/${traceId}`)).json()) as TraceDetail;
        if (trace.handoffs?.some((h) => h.status === 'complete')) break;
        if (performance.now() - acked > 10_000) throw new Error('handoff not complete after 10 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      times.push(performance.now() - acked);
    }
  } finally {
    await baton.stop();
    baton.cleanup();
  }
  return times.sort((a, b) => a - b);
}

export async function runAnalyzerBench(sessions = 400, perSession = 5, rounds = 30): Promise<AnalyzerResult> {
  const handoffsPerSecond = await throughput(sessions, perSession);
  const times = await latency(rounds);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  return { sessions, handoffs: sessions * perSession, handoffsPerSecond, latencyP50Ms: q(0.5), latencyP99Ms: q(0.99), latencyMaxMs: times[times.length - 1] ?? 0 };
}
