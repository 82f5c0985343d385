import { createHash } from 'node:crypto';
import type { HandoffDetail } from '@/lib/schemas/handoffs';
import type { TraceDetail } from '@/lib/schemas/api';
import type { SnapshotView } from '@/lib/schemas/snapshots';
import type { Redaction } from './kinds';

/**
 * What a redacted share link leaves out (docs/security.md, "Share links"),
 * applied to the API's answers before they leave, so nothing redacted ever
 * reaches the browser:
 *
 * - `messages`: the contents of prompts, messages and tool arguments. Span and
 *   event attributes keep only what structure needs — numbers, booleans, and
 *   strings under the keys of SAFE_KEY (names, ids, models, operations,
 *   token counts, status); every other string becomes REDACTED. A span's
 *   rendered messages, a snapshot's text and its constraints go too.
 * - `facts`: every fact value becomes a digest (`sha256:` and 12 hex digits of
 *   its JSON), so a reader still sees which keys were dropped or changed, and
 *   whether two values are equal, but not the values. Attributes that carry
 *   facts (`baton.snapshot.facts`) become REDACTED.
 * - `both`: both.
 */

export const REDACTED = '[redacted]';

const SAFE_KEY =
  /^(gen_ai\.(operation\.name|system|provider\.name|request\.model|response\.model|response\.id|response\.finish_reasons|agent\.(name|id)|tool\.(name|type|call\.id)|conversation\.id|usage\.[a-z_.]+)|baton\.(project|session\.id|user\.id|agent(\.name)?|handoff\.(id|to|source)|snapshot\.(phase|tokens|token_limit|truncated|updates))|session\.id|user\.id|service\.[a-z_.]+|telemetry\.[a-z_.]+|otel\.[a-z_.]+|http\.(method|status_code|route|request\.method|response\.status_code)|url\.scheme|server\.(address|port)|error\.type|exception\.type|openinference\.span\.kind|traceloop\.(span\.kind|entity\.name|workflow\.name)|ai\.(operationId|model\.(id|provider)|telemetry\.functionId)|llm\.(model_name|provider|system|token_count\.[a-z_]+)|agent\.name|graph\.node\.id|langgraph\.(node|step)|code\.(function|namespace))$/;
const FACT_KEYS = new Set(['baton.snapshot.facts', 'baton.snapshot.fact_digests']);

export const factDigest = (value: unknown) => `sha256:${createHash('sha256').update(JSON.stringify(value) ?? 'null').digest('hex').slice(0, 12)}`;

const hides = (mode: Redaction, what: 'messages' | 'facts') => mode === 'both' || mode === what;

type Attributes = Record<string, unknown>;

function redactAttributes(attributes: Attributes, mode: Redaction): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (hides(mode, 'facts') && FACT_KEYS.has(key)) out[key] = REDACTED;
    else if (hides(mode, 'messages') && !SAFE_KEY.test(key) && (typeof value === 'string' || Array.isArray(value) || (value !== null && typeof value === 'object'))) out[key] = REDACTED;
    else out[key] = value;
  }
  return out;
}

function digestFacts(facts: Record<string, unknown> | null): Record<string, unknown> | null {
  return facts && Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, factDigest(v)]));
}

function redactSnapshot<S extends Pick<SnapshotView, 'facts' | 'text' | 'constraints'>>(snapshot: S, mode: Redaction): S {
  const out = { ...snapshot };
  if (hides(mode, 'facts')) out.facts = digestFacts(snapshot.facts);
  if (hides(mode, 'messages')) {
    out.text = snapshot.text === null ? null : REDACTED;
    out.constraints = snapshot.constraints && snapshot.constraints.map((c) => ({ ...c, text: REDACTED }));
  }
  return out;
}

export function redactDrift<H extends { drift: TraceDetail['handoffs'][number]['drift'] }>(handoff: H, mode: Redaction): H {
  if (!hides(mode, 'facts')) return handoff;
  return { ...handoff, drift: { ...handoff.drift, changed: handoff.drift.changed.map((c) => ({ key: c.key, from: factDigest(c.from), to: factDigest(c.to) })) } };
}

export function redactTrace(trace: TraceDetail, mode: Redaction): TraceDetail {
  if (mode === 'none') return trace;
  return {
    ...trace,
    spans: trace.spans.map((s) => ({
      ...s,
      attributes: redactAttributes(s.attributes, mode),
      events: s.events.map((e) => ({ ...e, attributes: redactAttributes(e.attributes, mode) })),
      links: s.links.map((l) => ({ ...l, attributes: redactAttributes(l.attributes, mode) })),
      messages: hides(mode, 'messages') ? null : s.messages,
      status: hides(mode, 'messages') && s.status.message ? { ...s.status, message: REDACTED } : s.status,
    })),
    snapshots: trace.snapshots.map((s) => redactSnapshot(s, mode)),
    handoffs: trace.handoffs.map((h) => redactDrift(h, mode)),
  };
}

export function redactHandoffDetail(detail: HandoffDetail, mode: Redaction): HandoffDetail {
  if (mode === 'none') return detail;
  return {
    handoff: redactDrift(detail.handoff, mode),
    sender: detail.sender && redactSnapshot(detail.sender, mode),
    receiver: detail.receiver && redactSnapshot(detail.receiver, mode),
  };
}
