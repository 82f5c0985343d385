import type { EncodedAttrs } from '@/lib/domain/attributes';
import type { DecodedEvent, DecodedSpan, DecodedTraces } from '@/ingest/otlp/types';

/** Typed factories for decoded OTLP data, for tests that start after decoding. */

export const FIXED_NOW = Date.parse('2026-11-26T00:00:00Z');

export const nsAt = (ms: number) => `${ms}000000`;

export function attrs(values: Record<string, string> = {}, types: EncodedAttrs['types'] = {}): EncodedAttrs {
  return { values, types };
}

export function makeSpan(partial: Partial<DecodedSpan> = {}): DecodedSpan {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: '00f067aa0ba902b7',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: 'op',
    kind: 1,
    startNs: nsAt(Date.now() - 1000),
    endNs: nsAt(Date.now()),
    attrs: attrs(),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    statusCode: 0,
    statusMessage: '',
    ...partial,
  };
}

export function makeEvent(name: string, values: Record<string, string>, timeNs = nsAt(Date.now())): DecodedEvent {
  return { timeNs, name, attrs: attrs(values), droppedAttributesCount: 0 };
}

export function makeTraces(spans: DecodedSpan[], service = 'svc'): DecodedTraces {
  return {
    resourceSpans: [
      {
        resource: { attrs: attrs({ 'service.name': service }), droppedAttributesCount: 0, schemaUrl: '' },
        scopeSpans: [{ scope: { name: 'sc', version: '1', attrs: attrs(), droppedAttributesCount: 0, schemaUrl: '' }, spans }],
      },
    ],
  };
}

/** Deterministic hex ids: `hexId(3, 16)` → 32 hex chars ending in 3. */
export function hexId(n: number, bytes: 8 | 16, salt = 0): string {
  return (salt.toString(16) + n.toString(16).padStart(8, '0')).padStart(bytes * 2, 'a');
}
