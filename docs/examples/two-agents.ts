// Two agents and one handoff: triage hands a refund to billing, and billing
// starts without the order number and the refund cap. With Baton running:
//   npx tsx two-agents.ts
// then open the link it prints.
import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { receiveHandoff, sendHandoff, type HandoffCarrier } from '@baton/sdk';

// OpenTelemetry as any app sets it up. The exporter sends to
// OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318).
const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'support-agents' }),
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
});
provider.register();
const tracer = trace.getTracer('support-agents');

// Every agent run is a span that names its agent, its session and its user.
const sessionId = `support-${randomUUID().slice(0, 8)}`;
const agentRun = (agent: string) => ({
  attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent, 'session.id': sessionId, 'user.id': 'customer-42' },
});

// What one agent sends another (over a queue, HTTP, or a function call):
// the carrier adds the handoff id to it.
type Message = { text: string } & HandoffCarrier;

function billing(message: Message): string {
  return tracer.startActiveSpan('invoke_agent billing', agentRun('billing'), (span) => {
    // The context billing actually starts from: no order number, no refund cap.
    const handoffId = receiveHandoff(span, { carrier: message, facts: { customer: { id: 'C-42' }, budget: 300 } });
    span.end();
    return handoffId;
  });
}

function triage(): { traceId: string; handoffId: string } {
  return tracer.startActiveSpan('invoke_agent triage', agentRun('triage'), (span) => {
    const { carrier } = sendHandoff(span, {
      to: 'billing',
      facts: { customer: { id: 'C-42' }, order: 48213, budget: 300 },
      constraints: [{ id: 'refund-cap', text: 'Never refund above the budget' }],
      contract: { required: ['customer.id', 'order', 'refund-cap'], preserve: ['budget'] },
    });
    const handoffId = billing({ text: 'Refund order 48213', ...carrier });
    span.end();
    return { traceId: span.spanContext().traceId, handoffId };
  });
}

const { traceId, handoffId } = triage();
await provider.shutdown(); // sends the spans before the process exits

console.log(`session ${sessionId}, trace ${traceId}, handoff ${handoffId}`);
console.log(`http://localhost:3000/traces/${traceId}?handoff=${encodeURIComponent(handoffId)}`);
