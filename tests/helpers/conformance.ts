import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowOptions, toRows } from '@/ingest/rows';
import { Writer } from '@/ingest/writer';
import { readUnits } from '@/lib/analyzer/analyze-unit';
import { Analyzer } from '@/lib/analyzer/analyzer';
import { ALL_SCOPE } from '@/lib/auth/scope';
import type { Store } from '@/lib/db/store';
import { getTrace } from '@/lib/queries/traces';
import type { TraceDetail } from '@/lib/schemas/api';
import { attrsOf, spanHex, traceHex, type ConventionFixture } from '@/tests/fixtures/conventions/build';
import { readAs } from '@/tests/helpers/read-scope';
import { tempStore } from '@/tests/helpers/temp-store';

/**
 * Conformance: one realistic multi-agent trace per convention, written from
 * its published attribute names, goes through ingest, storage and the
 * analyzer; the trace API must show the agent model and the handoffs right.
 * Spans are delivered one request each, children first, as SDK exporters
 * with a simple processor do.
 */
export function describeConformance(fixtures: ConventionFixture[]): void {
  let store: Store;
  let cleanup: () => Promise<void>;
  const traces = new Map<number, TraceDetail>();

  beforeAll(async () => {
    ({ store, cleanup } = await tempStore());
    const analyzer = new Analyzer(store, { debounceMs: 5 });
    const writer = new Writer(store, { maxQueueBytes: 64 << 20, maxBatchBytes: 64 << 20, onCommit: (c) => analyzer.notify(c.touched, c.analysis) });
    for (const f of fixtures) {
      const resource = { attrs: attrsOf({ 'service.name': f.service, ...f.resource }), droppedAttributesCount: 0, schemaUrl: '' };
      const scope = { name: 'fixture', version: '1', attrs: attrsOf({}), droppedAttributesCount: 0, schemaUrl: '' };
      for (const span of [...f.spans].reverse()) {
        await writer.write(toRows({ resourceSpans: [{ resource, scopeSpans: [{ scope, spans: [span] }] }] }, rowOptions(30)));
      }
    }
    await writer.close();
    await analyzer.idle();
    await analyzer.stop();
    for (const f of fixtures) traces.set(f.trace, (await readAs(ALL_SCOPE, () => getTrace(store.client, traceHex(f.trace))))!);
  });
  afterAll(() => cleanup());

  describe.each(fixtures.map((f) => [f.convention, f] as const))('%s', (_name, f) => {
    it('stores every span', () => {
      expect(traces.get(f.trace)?.spans).toHaveLength(f.spans.length);
    });

    it.each(Object.entries(f.expected))('normalizes %s', (key, expected) => {
      const spans = traces.get(f.trace)!.spans;
      const span = key.startsWith('#') ? spans.find((s) => s.spanId === spanHex(f.trace, Number(key.slice(1)))) : spans.find((s) => s.name === key);
      expect(span, key).toBeDefined();
      expect(span).toMatchObject(expected);
    });

    it.runIf(f.agents !== undefined)(`finds exactly the agents (${f.agents?.join(', ')}) and no error`, () => {
      const spans = traces.get(f.trace)!.spans;
      expect([...new Set(spans.map((s) => s.agent).filter(Boolean))].sort()).toEqual(f.agents);
      expect(spans.filter((s) => s.status.code === 'error')).toEqual([]);
      expect(traces.get(f.trace)!.analysisFailure).toBeFalsy();
    });

    it(`finds the handoffs (${f.handoffs.join(', ') || 'none'})`, () => {
      const found = traces.get(f.trace)!.handoffs.map((h) => `${h.source} ${h.fromAgent}>${h.toAgent} ${h.status}`);
      expect(found.sort()).toEqual([...f.handoffs].sort());
    });

    it.runIf(f.sessionTokens !== undefined)('counts model-call tokens once for the session', async () => {
      const sessionId = traces.get(f.trace)!.sessionId;
      const [unit] = await readAs(ALL_SCOPE, () => readUnits(store.client, 'default', [{ project: 'default', sessionId, traceIds: [] }]));
      expect({ input: unit?.spans.inputTokens, output: unit?.spans.outputTokens }).toEqual(f.sessionTokens);
    });
  });
}
