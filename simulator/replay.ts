import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type Link, type Span, type Tracer } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { compaction, receiveHandoff, recordSnapshot, sendHandoff } from '@baton/sdk';
import { PlannedIdGenerator, type SpanIds } from './ids';
import type { PlannedSpan, PlannedTrace, SnapshotOp, SpanKindName } from './types';

/**
 * Replays planned traces through the real OpenTelemetry SDK: one tracer
 * provider per service (its resource), spans started with the plan's times,
 * parents, kinds, attributes and links, snapshots recorded through `@baton/sdk` (`packages/sdk`),
 * then ended. Returns the SDK's finished spans; sending them is the
 * emitter's business.
 */

export const SIMULATOR_SCOPE = { name: 'baton-simulator', version: '0.1.0' };
/** `service.version` of every simulated service. */
export const SIMULATED_SERVICE_VERSION = '1.0.0';
/** `deployment.environment.name` of every simulated service: the simulator's traffic is easy to tell apart. */
export const SIMULATED_ENVIRONMENT = 'simulation';

const KINDS: Record<SpanKindName, SpanKind> = {
  internal: SpanKind.INTERNAL,
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
};

// Generous limits, set explicitly so that OTEL_* variables in the environment cannot trim the plan.
const SPAN_LIMITS = {
  attributeCountLimit: 1024,
  attributeValueLengthLimit: Infinity,
  eventCountLimit: 1024,
  linkCountLimit: 1024,
  attributePerEventCountLimit: 1024,
  attributePerLinkCountLimit: 1024,
};

export class Replayer {
  private readonly tracers = new Map<string, { provider: BasicTracerProvider; tracer: Tracer }>();
  private readonly ids = new PlannedIdGenerator();
  private ended: ReadableSpan[] = [];
  private readonly collector: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => void this.ended.push(span),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };

  /**
   * Replays one trace and returns its finished spans in plan order.
   * `ids` are the trace's span ids in plan order; `linkTarget` resolves the
   * key of a linked span (maybe in another trace). Synchronous: traces never
   * interleave. Throws on a plan the SDK helper refuses (a bad snapshot).
   */
  replay(planned: PlannedTrace, ids: readonly SpanIds[], linkTarget: (key: string) => SpanIds): ReadableSpan[] {
    this.ended = [];
    const tracer = this.tracer(planned.service);
    const started = new Map<string, { span: Span; ids: SpanIds }>();
    const order = new Map<string, number>();
    try {
      planned.spans.forEach((p, i) => {
        const own = ids[i];
        if (!own) throw new Error(`simulator: no ids for span ${p.key}`);
        const span = this.start(tracer, planned, p, own, started, linkTarget);
        started.set(p.key, { span, ids: own });
        order.set(own.spanId, i);
      });
      for (const p of planned.spans) {
        const { span } = started.get(p.key)!;
        for (const op of p.snapshots) applySnapshot(span, op);
        if (p.error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: p.error });
      }
      // Children end before their parents, as in a running app.
      for (const p of [...planned.spans].reverse()) started.get(p.key)!.span.end(p.endMs);
    } finally {
      this.ids.release();
    }
    const spans = this.ended;
    this.ended = [];
    return spans.sort((a, b) => (order.get(a.spanContext().spanId) ?? 0) - (order.get(b.spanContext().spanId) ?? 0));
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.tracers.values()].map(({ provider }) => provider.shutdown()));
    this.tracers.clear();
  }

  private start(
    tracer: Tracer,
    planned: PlannedTrace,
    p: PlannedSpan,
    own: SpanIds,
    started: ReadonlyMap<string, { ids: SpanIds }>,
    linkTarget: (key: string) => SpanIds,
  ): Span {
    let parent = ROOT_CONTEXT;
    if (p.parentKey !== undefined) {
      const parentIds = started.get(p.parentKey)?.ids;
      if (!parentIds) throw new Error(`simulator: span ${p.key} of trace ${planned.key} names parent ${p.parentKey}, which is not listed before it in that trace`);
      parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: parentIds.traceId, spanId: parentIds.spanId, traceFlags: TraceFlags.SAMPLED });
    }
    const links: Link[] = p.links.map((key) => {
      const target = linkTarget(key);
      return { context: { traceId: target.traceId, spanId: target.spanId, traceFlags: TraceFlags.SAMPLED } };
    });
    this.ids.next = own;
    const span = tracer.startSpan(p.name, { kind: KINDS[p.kind], startTime: p.startMs, attributes: p.attributes, links }, parent);
    this.ids.release();
    const ctx = span.spanContext();
    if (ctx.spanId !== own.spanId || ctx.traceId !== own.traceId) {
      throw new Error(`simulator: span ${p.key} got ids ${ctx.traceId}/${ctx.spanId}, planned ${own.traceId}/${own.spanId}`);
    }
    return span;
  }

  private tracer(service: string): Tracer {
    let entry = this.tracers.get(service);
    if (!entry) {
      const provider = new BasicTracerProvider({
        resource: defaultResource().merge(
          resourceFromAttributes({
            'service.name': service,
            'service.version': SIMULATED_SERVICE_VERSION,
            'deployment.environment.name': SIMULATED_ENVIRONMENT,
          }),
        ),
        idGenerator: this.ids,
        sampler: new AlwaysOnSampler(),
        spanLimits: SPAN_LIMITS,
        spanProcessors: [this.collector],
      });
      entry = { provider, tracer: provider.getTracer(SIMULATOR_SCOPE.name, SIMULATOR_SCOPE.version) };
      this.tracers.set(service, entry);
    }
    return entry.tracer;
  }
}

/** Records one planned snapshot through the SDK helper, dated `atMs`. */
function applySnapshot(span: Span, op: SnapshotOp): void {
  switch (op.op) {
    case 'checkpoint':
      recordSnapshot(span, { ...op.context, phase: 'checkpoint', time: op.atMs });
      return;
    case 'send':
      sendHandoff(span, { ...op.context, to: op.to, id: op.handoffId, ...(op.contract !== undefined ? { contract: op.contract } : {}), time: op.atMs });
      return;
    case 'receive':
      receiveHandoff(span, { ...op.context, id: op.handoffId, time: op.atMs });
      return;
    case 'compaction':
      compaction(span, { ...op.before, time: op.atMs }, { ...op.after, time: op.atMs });
      return;
  }
}
