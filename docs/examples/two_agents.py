# Two agents and one handoff, with the plain OpenTelemetry API (no Baton
# package): triage hands a refund to billing, and billing starts without the
# order number and the refund cap. With Baton running:
#   pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http
#   python two_agents.py
# then open the link it prints.
import json
import uuid
from urllib.parse import quote

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

# OpenTelemetry as any app sets it up. The exporter sends to
# OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318).
provider = TracerProvider(resource=Resource.create({"service.name": "support-agents"}))
provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
trace.set_tracer_provider(provider)
tracer = trace.get_tracer("support-agents")

SNAPSHOT = "baton.context.snapshot"

# Every agent run is a span that names its agent, its session and its user.
session_id = f"support-{uuid.uuid4().hex[:8]}"


def agent_run(agent):
    return {"gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": agent, "session.id": session_id, "user.id": "customer-42"}


def billing(message):
    with tracer.start_as_current_span("invoke_agent billing", attributes=agent_run("billing")) as span:
        # The context billing actually starts from: no order number, no refund cap.
        span.add_event(SNAPSHOT, attributes={
            "baton.snapshot.phase": "received",
            "baton.handoff.id": message["baton.handoff.id"],
            "baton.snapshot.facts": json.dumps({"customer": {"id": "C-42"}, "budget": 300}),
        })


def triage():
    with tracer.start_as_current_span("invoke_agent triage", attributes=agent_run("triage")) as span:
        handoff_id = str(uuid.uuid4())
        span.add_event(SNAPSHOT, attributes={
            "baton.snapshot.phase": "sent",
            "baton.handoff.id": handoff_id,
            "baton.handoff.to": "billing",
            "baton.snapshot.facts": json.dumps({"customer": {"id": "C-42"}, "order": 48213, "budget": 300}),
            "baton.snapshot.constraints": json.dumps([{"id": "refund-cap", "text": "Never refund above the budget"}]),
            "baton.handoff.contract": json.dumps({"required": ["customer.id", "order", "refund-cap"], "preserve": ["budget"]}),
        })
        # The handoff id travels with the message (over a queue, HTTP, or a function call).
        billing({"text": "Refund order 48213", "baton.handoff.id": handoff_id})
        return format(span.get_span_context().trace_id, "032x"), handoff_id


trace_id, handoff_id = triage()
provider.shutdown()  # sends the spans before the process exits

print(f"session {session_id}, trace {trace_id}, handoff {handoff_id}")
print(f"http://localhost:3000/traces/{trace_id}?handoff={quote(handoff_id)}")
