import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Span, TraceDetail, TraceList, TraceSummary } from '@/lib/schemas/api';
import type { SessionDetail } from '@/lib/schemas/sessions';
import { eventually } from './eventually';
import type { BatonProcess } from './server';

/**
 * The OpenTelemetry setup an app instrumented as a framework's README says
 * has: a NodeTracerProvider registered globally, exporting in batches with the
 * OTLP/protobuf exporter, here pointed at a test Baton. An in-memory copy of
 * what the app emitted is kept to compare with what Baton stored.
 */

const DEADLINE_MS = 15_000;

export interface FrameworkExport {
  provider: NodeTracerProvider;
  /** Spans the app emitted, in the order they ended. */
  emitted(): ReadableSpan[];
  /** Exports everything ended so far; throws if Baton refused any of it. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function registerExport(baton: BatonProcess, service: string): FrameworkExport {
  const otlp = new OTLPTraceExporter({ url: `${baton.otlpUrl}/v1/traces` });
  const failures: Error[] = [];
  const checked: SpanExporter = {
    export: (spans, done) =>
      otlp.export(spans, (result) => {
        if (result.error) failures.push(result.error);
        done(result);
      }),
    shutdown: () => otlp.shutdown(),
    forceFlush: () => otlp.forceFlush(),
  };
  const memory = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': service })),
    spanProcessors: [new BatchSpanProcessor(checked), new SimpleSpanProcessor(memory)],
  });
  provider.register();
  return {
    provider,
    emitted: () => memory.getFinishedSpans(),
    async flush() {
      await provider.forceFlush();
      const [failure] = failures.splice(0);
      if (failure) throw failure;
    },
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

/** The one trace of a session once Baton has all `spans` of it: its list entry and its detail. */
export async function storedTrace(baton: BatonProcess, sessionId: string, spans: number): Promise<{ summary: TraceSummary; detail: TraceDetail }> {
  const { value: summary } = await eventually('trace listed with all its spans', DEADLINE_MS, async () => {
    const list = await baton.api<TraceList>(`/api/v1/traces?q=${encodeURIComponent(sessionId)}`);
    return list.body.traces?.find((t) => t.spans === spans);
  });
  const { value: detail } = await eventually('trace detail with its spans', DEADLINE_MS, async () => {
    const res = await baton.api<TraceDetail>(`/api/v1/traces/${summary.traceId}`);
    return res.status === 200 && res.body.spans.length === spans ? res.body : undefined;
  });
  return { summary, detail };
}

/** A session once the analyzer has folded it in with `handoffs` handoffs, and the trace's handoffs as then stored. */
export async function analysedSession(baton: BatonProcess, sessionId: string, traceId: string, handoffs: number): Promise<{ session: SessionDetail; trace: TraceDetail }> {
  const { value: session } = await eventually('session analysed', DEADLINE_MS, async () => {
    const res = await baton.api<SessionDetail>(`/api/v1/sessions/${encodeURIComponent(sessionId)}`);
    // The handoffs and the session's summary are separate rows, written one after the other: wait for both.
    const done = res.status === 200 && !res.body.analysisPending && res.body.handoffs.length >= handoffs && res.body.session.handoffs >= handoffs;
    return done ? res.body : undefined;
  });
  const res = await baton.api<TraceDetail>(`/api/v1/traces/${traceId}`);
  return { session, trace: res.body };
}

/** Each stored span's top-level ancestor: the child of the root it runs under (itself for one; none for the root). */
export function topLevel(detail: TraceDetail): Map<string, Span | undefined> {
  const byId = new Map(detail.spans.map((s) => [s.spanId, s]));
  const out = new Map<string, Span | undefined>();
  for (const span of detail.spans) {
    let s: Span | undefined = span;
    while (s && s.parentSpanId && byId.get(s.parentSpanId)?.parentSpanId) s = byId.get(s.parentSpanId);
    out.set(span.spanId, s?.parentSpanId ? s : undefined);
  }
  return out;
}

/** `name: type` of every stored span, counted: the exact shape of a trace as Baton types it. */
export function typeCounts(detail: TraceDetail): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of detail.spans) counts[`${s.name}: ${s.type}`] = (counts[`${s.name}: ${s.type}`] ?? 0) + 1;
  return counts;
}
