"""A stand-in for the OpenTelemetry Python SDK, for running the Python example
of docs/instrumentation.md where the real SDK cannot be installed (no Python
package index here). It registers the modules the example imports, with the
same names and signatures as the real ones, and sends the spans as OTLP/JSON
to OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces on shutdown, as the real
BatchSpanProcessor and OTLPSpanExporter would.

Usage: python3 fake_opentelemetry.py path/to/example.py
"""
import contextlib
import contextvars
import json
import os
import random
import runpy
import sys
import time
import types
import urllib.request

_current = contextvars.ContextVar("current_span", default=None)
_global_provider = None


class Resource:
    def __init__(self, attributes, schema_url=None):
        self.attributes = dict(attributes)

    @staticmethod
    def create(attributes=None, schema_url=None):
        return Resource(attributes or {}, schema_url)


class SpanContext:
    def __init__(self, trace_id, span_id):
        self.trace_id = trace_id
        self.span_id = span_id


class Span:
    def __init__(self, name, parent, attributes):
        self.name = name
        self.trace_id = parent.trace_id if parent else random.getrandbits(128)
        self.span_id = random.getrandbits(64)
        self.parent_id = parent.span_id if parent else None
        self.attributes = dict(attributes or {})
        self.events = []
        self.start_time = time.time_ns()
        self.end_time = None

    def add_event(self, name, attributes=None, timestamp=None):
        self.events.append((name, dict(attributes or {}), timestamp or time.time_ns()))

    def set_attribute(self, key, value):
        self.attributes[key] = value

    def get_span_context(self):
        return SpanContext(self.trace_id, self.span_id)

    def end(self, end_time=None):
        self.end_time = end_time or time.time_ns()


class Tracer:
    def __init__(self, provider, name):
        self._provider = provider
        self._name = name

    @contextlib.contextmanager
    def start_as_current_span(self, name, context=None, kind=None, attributes=None, links=None, start_time=None,
                              record_exception=True, set_status_on_exception=True, end_on_exit=True):
        span = Span(name, _current.get(), attributes)
        token = _current.set(span)
        try:
            yield span
        finally:
            _current.reset(token)
            if end_on_exit:
                span.end()
            self._provider._on_end(span, self._name)


class TracerProvider:
    def __init__(self, sampler=None, resource=None, shutdown_on_exit=True, active_span_processor=None, id_generator=None, span_limits=None):
        self.resource = resource or Resource.create({})
        self._processors = []

    def add_span_processor(self, span_processor):
        self._processors.append(span_processor)

    def get_tracer(self, instrumenting_module_name, instrumenting_library_version=None, schema_url=None, attributes=None):
        return Tracer(self, instrumenting_module_name)

    def _on_end(self, span, scope):
        for p in self._processors:
            p.on_end(span, scope, self.resource)

    def shutdown(self):
        for p in self._processors:
            p.shutdown()


class BatchSpanProcessor:
    def __init__(self, span_exporter, max_queue_size=None, schedule_delay_millis=None, max_export_batch_size=None, export_timeout_millis=None):
        self._exporter = span_exporter
        self._spans = []

    def on_end(self, span, scope, resource):
        self._spans.append((span, scope, resource))

    def shutdown(self):
        if self._spans:
            self._exporter.export(self._spans)
        self._spans = []


def _value(v):
    if isinstance(v, bool):
        return {"boolValue": v}
    if isinstance(v, int):
        return {"intValue": str(v)}
    if isinstance(v, float):
        return {"doubleValue": v}
    if isinstance(v, (list, tuple)):
        return {"arrayValue": {"values": [_value(x) for x in v]}}
    return {"stringValue": str(v)}


def _attributes(attrs):
    return [{"key": k, "value": _value(v)} for k, v in attrs.items()]


class OTLPSpanExporter:
    def __init__(self, endpoint=None, certificate_file=None, client_key_file=None, client_certificate_file=None, headers=None, timeout=None, compression=None, session=None):
        base = os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4318").rstrip("/")
        self._endpoint = endpoint or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or f"{base}/v1/traces"

    def export(self, spans):
        resource, scope = spans[0][2], spans[0][1]
        body = {"resourceSpans": [{
            "resource": {"attributes": _attributes(resource.attributes)},
            "scopeSpans": [{"scope": {"name": scope}, "spans": [{
                "traceId": format(s.trace_id, "032x"),
                "spanId": format(s.span_id, "016x"),
                **({"parentSpanId": format(s.parent_id, "016x")} if s.parent_id else {}),
                "name": s.name,
                "kind": 1,
                "startTimeUnixNano": str(s.start_time),
                "endTimeUnixNano": str(s.end_time),
                "attributes": _attributes(s.attributes),
                "events": [{"timeUnixNano": str(t), "name": n, "attributes": _attributes(a)} for n, a, t in s.events],
            } for s, _, _ in spans]}],
        }]}
        request = urllib.request.Request(self._endpoint, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status != 200:
                raise RuntimeError(f"export failed: {response.status}")


def get_tracer(instrumenting_module_name, instrumenting_library_version=None, tracer_provider=None, schema_url=None, attributes=None):
    return (tracer_provider or _global_provider).get_tracer(instrumenting_module_name)


def set_tracer_provider(tracer_provider):
    global _global_provider
    _global_provider = tracer_provider


def _module(name, **members):
    module = types.ModuleType(name)
    module.__dict__.update(members)
    sys.modules[name] = module
    return module


_module("opentelemetry", trace=_module("opentelemetry.trace", get_tracer=get_tracer, set_tracer_provider=set_tracer_provider, Span=Span))
for _package in ["opentelemetry.sdk", "opentelemetry.exporter", "opentelemetry.exporter.otlp", "opentelemetry.exporter.otlp.proto", "opentelemetry.exporter.otlp.proto.http"]:
    _module(_package)
_module("opentelemetry.sdk.resources", Resource=Resource)
_module("opentelemetry.sdk.trace", TracerProvider=TracerProvider)
_module("opentelemetry.sdk.trace.export", BatchSpanProcessor=BatchSpanProcessor)
_module("opentelemetry.exporter.otlp.proto.http.trace_exporter", OTLPSpanExporter=OTLPSpanExporter)

if __name__ == "__main__":
    runpy.run_path(sys.argv[1], run_name="__main__")
