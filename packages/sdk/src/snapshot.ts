import type { Attributes, Span, TimeInput } from '@opentelemetry/api';
import type { ContextInput, SnapshotInput, SnapshotPhase } from './types.js';
import * as check from './validate.js';

/** The event name Baton reads context snapshots from. */
export const SNAPSHOT_EVENT = 'baton.context.snapshot';

const PHASES: readonly SnapshotPhase[] = ['received', 'sent', 'checkpoint', 'compaction_before', 'compaction_after'];

export const CONTEXT_FIELDS = ['facts', 'factDigests', 'constraints', 'text', 'tokens', 'tokenLimit', 'truncated', 'updates', 'agent', 'time'] as const;
const SNAPSHOT_FIELDS = ['phase', 'handoffId', 'to', 'contract', ...CONTEXT_FIELDS] as const;

export interface SnapshotEvent {
  attributes: Attributes;
  time: TimeInput | undefined;
}

/**
 * Checks a snapshot and builds its event. `where` names the public function
 * in error messages (and `side` the argument, for compaction); `input` must
 * already be limited to its allowed fields.
 */
export function snapshotEvent(where: string, input: Record<string, unknown>, side = ''): SnapshotEvent {
  const v = (key: (typeof SNAPSHOT_FIELDS)[number]) => input[key];
  const f = (key: string) => (side ? `${side}.${key}` : key);
  const a: Attributes = { 'baton.snapshot.phase': check.oneOf(where, f('phase'), v('phase'), PHASES) };
  if (v('facts') !== undefined && v('factDigests') !== undefined) {
    throw new TypeError(`${where}: give ${f('facts')} or ${f('factDigests')}, not both (digests are privacy mode: Baton must not receive the values)`);
  }
  if (v('facts') !== undefined) a['baton.snapshot.facts'] = JSON.stringify(check.facts(where, f('facts'), v('facts')));
  if (v('factDigests') !== undefined) a['baton.snapshot.fact_digests'] = JSON.stringify(check.digests(where, f('factDigests'), v('factDigests')));
  if (v('constraints') !== undefined) a['baton.snapshot.constraints'] = JSON.stringify(check.constraints(where, f('constraints'), v('constraints')));
  if (v('text') !== undefined) a['baton.snapshot.text'] = check.text(where, f('text'), v('text'));
  if (v('tokens') !== undefined) a['baton.snapshot.tokens'] = check.count(where, f('tokens'), v('tokens'));
  if (v('tokenLimit') !== undefined) a['baton.snapshot.token_limit'] = check.count(where, f('tokenLimit'), v('tokenLimit'));
  if (v('truncated') !== undefined) a['baton.snapshot.truncated'] = check.bool(where, f('truncated'), v('truncated'));
  if (v('updates') !== undefined) a['baton.snapshot.updates'] = check.strings(where, f('updates'), v('updates'));
  if (v('handoffId') !== undefined) a['baton.handoff.id'] = check.name(where, f('handoffId'), v('handoffId'));
  if (v('to') !== undefined) a['baton.handoff.to'] = check.name(where, f('to'), v('to'));
  if (v('contract') !== undefined) a['baton.handoff.contract'] = JSON.stringify(check.contract(where, f('contract'), v('contract')));
  if (v('agent') !== undefined) a['baton.agent.name'] = check.name(where, f('agent'), v('agent'));
  const time = v('time') === undefined ? undefined : check.time(where, f('time'), v('time'));
  return { attributes: a, time };
}

export function checkSpan(where: string, span: unknown): Span {
  const s = span as Partial<Span> | null;
  return typeof s === 'object' && s !== null && typeof s.addEvent === 'function' ? (span as Span) : check.fail(where, 'span', 'an OpenTelemetry Span', span);
}

/** Checks everything first, then adds the event: a bad input throws here and records nothing. */
export function addSnapshot(where: string, span: unknown, input: Record<string, unknown>): void {
  const target = checkSpan(where, span);
  const { attributes, time } = snapshotEvent(where, input);
  target.addEvent(SNAPSHOT_EVENT, attributes, time);
}

/**
 * The attributes of a `baton.context.snapshot` event, checked. For sending a
 * snapshot some other way, e.g. as an OTLP log record with
 * `eventName: 'baton.context.snapshot'` in the span's context.
 * Throws a TypeError naming the first invalid field.
 *
 * @example
 * const attributes = snapshotAttributes({ phase: 'checkpoint', facts: { plan: 'pro' } });
 * // { 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': '{"plan":"pro"}' }
 */
export function snapshotAttributes(snapshot: SnapshotInput): Attributes {
  return snapshotEvent('snapshotAttributes', check.fields('snapshotAttributes', snapshot, SNAPSHOT_FIELDS)).attributes;
}

/**
 * Records a `baton.context.snapshot` event on a span, with any of its
 * attributes. `sendHandoff`, `receiveHandoff` and `compaction` cover the
 * usual cases; this is the general form (e.g. a `checkpoint`).
 * Invalid input throws a TypeError at the call site, before anything is
 * recorded; nothing is thrown later, from the span or its export.
 *
 * @example
 * recordSnapshot(span, { phase: 'checkpoint', facts: { plan: 'pro', seat: '12A' }, updates: ['seat'] });
 */
export function recordSnapshot(span: Span, snapshot: SnapshotInput): void {
  addSnapshot('recordSnapshot', span, check.fields('recordSnapshot', snapshot, SNAPSHOT_FIELDS));
}

/**
 * Records a `compaction_before` / `compaction_after` pair on a span, around a
 * summarization or truncation of the agent's own context. Baton analyses the
 * pair like a handoff from the agent to itself: what its summary lost.
 * Call it after summarizing; give `before.time` if you want the first
 * snapshot dated when the summarization started.
 *
 * @example
 * const summary = await summarize(history);
 * compaction(span,
 *   { facts: { order: 48213, budget: 300, tone: 'formal' }, tokens: 7900, tokenLimit: 8000 },
 *   { facts: { order: 48213, budget: 300 }, text: summary, tokens: 1200, truncated: true });
 */
export function compaction(span: Span, before: ContextInput, after: ContextInput): void {
  const target = checkSpan('compaction', span);
  const b = snapshotEvent('compaction', { ...check.fields('compaction', before, CONTEXT_FIELDS, 'before'), phase: 'compaction_before' }, 'before');
  const a = snapshotEvent('compaction', { ...check.fields('compaction', after, CONTEXT_FIELDS, 'after'), phase: 'compaction_after' }, 'after');
  target.addEvent(SNAPSHOT_EVENT, b.attributes, b.time);
  target.addEvent(SNAPSHOT_EVENT, a.attributes, a.time);
}
