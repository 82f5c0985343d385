import type { Span } from '@opentelemetry/api';

/**
 * Records a `baton.context.snapshot` event (docs/instrumentation.md) on a span, with the
 * plain OpenTelemetry API, as an instrumented agent would.
 */
export interface SnapshotFields {
  phase: 'received' | 'sent' | 'checkpoint' | 'compaction_before' | 'compaction_after';
  facts?: Record<string, unknown>;
  constraints?: (string | { id: string; text: string })[];
  text?: string;
  handoffId?: string;
  to?: string;
  contract?: string[] | { required?: string[]; preserve?: string[]; forbidden?: string[] };
  updates?: string[];
  truncated?: boolean;
}

export function recordSnapshot(span: Span, s: SnapshotFields, time?: Date): void {
  const attributes: Record<string, string | boolean | string[]> = { 'baton.snapshot.phase': s.phase };
  if (s.facts) attributes['baton.snapshot.facts'] = JSON.stringify(s.facts);
  if (s.constraints) attributes['baton.snapshot.constraints'] = JSON.stringify(s.constraints);
  if (s.text) attributes['baton.snapshot.text'] = s.text;
  if (s.handoffId) attributes['baton.handoff.id'] = s.handoffId;
  if (s.to) attributes['baton.handoff.to'] = s.to;
  if (s.contract) attributes['baton.handoff.contract'] = JSON.stringify(s.contract);
  if (s.updates) attributes['baton.snapshot.updates'] = s.updates;
  if (s.truncated !== undefined) attributes['baton.snapshot.truncated'] = s.truncated;
  span.addEvent('baton.context.snapshot', attributes, time);
}
