import { afterEach, describe, expect, it, vi } from 'vitest';
import { context, propagation, ROOT_CONTEXT, trace, INVALID_SPAN_CONTEXT, type Attributes, type Span } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { AttrValue } from '@/lib/domain/attributes';
import { parseSnapshot } from '@/lib/analysis/snapshot';
import { flattenFacts } from '@/lib/analysis/values';
import {
  compaction,
  handoffIdFromBaggage,
  newHandoffId,
  receiveHandoff,
  recordSnapshot,
  sendHandoff,
  snapshotAttributes,
  withHandoffBaggage,
  type SnapshotInput,
} from './index.js';

/**
 * The helper with the real OpenTelemetry SDK: the events it records carry
 * exactly the attributes of docs/instrumentation.md, and Baton's own parser reads them
 * back to what was given.
 */

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('sdk-test');

/** Runs `fn` in an ended span and returns the span as exported. */
function inSpan(fn: (span: Span) => void): ReadableSpan {
  exporter.reset();
  const span = tracer.startSpan('invoke_agent triage', { attributes: { 'gen_ai.agent.name': 'triage' } });
  try {
    fn(span);
  } finally {
    span.end();
  }
  const [done] = exporter.getFinishedSpans();
  return done!;
}

function attrs(a: Attributes | undefined): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const [k, v] of Object.entries(a ?? {})) if (v !== undefined) out[k] = v as AttrValue;
  return out;
}

const origin = { traceId: 't', spanId: 's', time: '1', agent: 'triage', sessionId: '' };
const parsed = (a: Attributes | undefined) => parseSnapshot(attrs(a), origin);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const facts = { customer: { id: 'C-42', tier: 'gold' }, order: 48213, budget: 300, tags: ['vip', 'eu'], note: null, city: 'Zürich 北京' };
const constraints = ['Never refund above the budget', { id: 'tone', text: 'Be formal' }] as const;

describe('recordSnapshot', () => {
  it('records one baton.context.snapshot event with every attribute of the contract', () => {
    const time = new Date('2025-03-01T10:00:00Z');
    const input: SnapshotInput = {
      phase: 'sent',
      facts,
      constraints,
      text: 'Customer wants a refund.',
      tokens: 1800,
      tokenLimit: 8000,
      truncated: false,
      updates: ['budget'],
      handoffId: 'h-1',
      to: 'billing',
      contract: { required: ['customer.id', 'tone'], preserve: ['budget'], forbidden: ['card'] },
      agent: 'triage-v2',
      time,
    };
    const span = inSpan((s) => recordSnapshot(s, input));
    expect(span.events).toHaveLength(1);
    expect(span.events[0]!.name).toBe('baton.context.snapshot');
    expect(span.events[0]!.attributes).toEqual({
      'baton.snapshot.phase': 'sent',
      'baton.snapshot.facts': JSON.stringify(facts),
      'baton.snapshot.constraints': JSON.stringify(constraints),
      'baton.snapshot.text': 'Customer wants a refund.',
      'baton.snapshot.tokens': 1800,
      'baton.snapshot.token_limit': 8000,
      'baton.snapshot.truncated': false,
      'baton.snapshot.updates': ['budget'],
      'baton.handoff.id': 'h-1',
      'baton.handoff.to': 'billing',
      'baton.handoff.contract': '{"required":["customer.id","tone"],"preserve":["budget"],"forbidden":["card"]}',
      'baton.agent.name': 'triage-v2',
    });
    expect(span.events[0]!.time).toEqual([Math.floor(time.getTime() / 1000), 0]);
    expect(snapshotAttributes(input)).toEqual(span.events[0]!.attributes);
  });

  it('parses back with parseSnapshot to exactly what was given, nothing invalid', () => {
    const span = inSpan((s) =>
      recordSnapshot(s, { phase: 'sent', facts, constraints, handoffId: 'h-1', to: 'billing', contract: ['customer.id', 'tone'], updates: ['budget'], tokens: 3, tokenLimit: 9, truncated: true, text: 'x', agent: 'a2' }),
    );
    expect(parsed(span.events[0]!.attributes)).toEqual({
      ...origin,
      agent: 'a2',
      phase: 'sent',
      facts: flattenFacts(facts),
      digests: null,
      constraints: [{ text: 'Never refund above the budget' }, { id: 'tone', text: 'Be formal' }],
      text: 'x',
      tokens: 3,
      tokenLimit: 9,
      truncated: true,
      updates: ['budget'],
      handoffId: 'h-1',
      handoffTo: 'billing',
      contract: { required: ['customer.id', 'tone'], preserve: [], forbidden: [] },
      invalid: [],
    });
  });

  it('records only the phase when nothing else is given, and leaves out undefined properties', () => {
    const span = inSpan((s) => recordSnapshot(s, { phase: 'checkpoint', text: undefined, facts: { a: 1, b: undefined, c: { d: undefined } } }));
    expect(span.events[0]!.attributes).toEqual({ 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': '{"a":1,"c":{}}' });
    expect(parsed(span.events[0]!.attributes)).toMatchObject({ facts: { a: 1, c: {} }, constraints: null, contract: null, invalid: [] });
  });

  it('does not throw on a span that is not recording or already ended', () => {
    expect(() => recordSnapshot(trace.wrapSpanContext(INVALID_SPAN_CONTEXT), { phase: 'checkpoint', facts })).not.toThrow();
    const ended = tracer.startSpan('ended');
    ended.end();
    expect(() => sendHandoff(ended, { to: 'billing', facts })).not.toThrow();
  });
});

describe('sendHandoff and receiveHandoff', () => {
  it('sends with a new random id, returned with a carrier', () => {
    let sent = { id: '', carrier: { 'baton.handoff.id': '' } };
    const span = inSpan((s) => (sent = sendHandoff(s, { to: 'billing', facts, constraints, contract: { required: ['order'], preserve: ['budget'] } })));
    expect(sent.id).toMatch(UUID);
    expect(sent.carrier).toEqual({ 'baton.handoff.id': sent.id });
    expect(span.events.map((e) => e.name)).toEqual(['baton.context.snapshot']);
    expect(span.events[0]!.attributes).toEqual({
      'baton.snapshot.phase': 'sent',
      'baton.handoff.id': sent.id,
      'baton.handoff.to': 'billing',
      'baton.handoff.contract': '{"required":["order"],"preserve":["budget"]}',
      'baton.snapshot.facts': JSON.stringify(facts),
      'baton.snapshot.constraints': JSON.stringify(constraints),
    });
    expect(parsed(span.events[0]!.attributes)).toMatchObject({
      phase: 'sent',
      handoffId: sent.id,
      handoffTo: 'billing',
      facts: flattenFacts(facts),
      contract: { required: ['order'], preserve: ['budget'], forbidden: [] },
      invalid: [],
    });
    inSpan((s) => expect(sendHandoff(s, { to: 'billing' }).id).not.toBe(sent.id));
  });

  it('sends with the id given', () => {
    const span = inSpan((s) => expect(sendHandoff(s, { to: 'billing', id: 'h-7', contract: ['order'] })).toEqual({ id: 'h-7', carrier: { 'baton.handoff.id': 'h-7' } }));
    expect(span.events[0]!.attributes).toEqual({ 'baton.snapshot.phase': 'sent', 'baton.handoff.id': 'h-7', 'baton.handoff.to': 'billing', 'baton.handoff.contract': '["order"]' });
  });

  it('receives by carrier or by id, with the same handoff id', () => {
    const message = { text: 'Refund order 48213', 'baton.handoff.id': 'h-9' };
    const byCarrier = inSpan((s) => expect(receiveHandoff(s, { carrier: message, facts: { order: 48213 }, truncated: true, tokens: 900, tokenLimit: 8000 })).toBe('h-9'));
    expect(byCarrier.events[0]!.attributes).toEqual({
      'baton.snapshot.phase': 'received',
      'baton.handoff.id': 'h-9',
      'baton.snapshot.facts': '{"order":48213}',
      'baton.snapshot.truncated': true,
      'baton.snapshot.tokens': 900,
      'baton.snapshot.token_limit': 8000,
    });
    expect(parsed(byCarrier.events[0]!.attributes)).toMatchObject({ phase: 'received', handoffId: 'h-9', facts: { order: 48213 }, truncated: true, invalid: [] });
    const byId = inSpan((s) => receiveHandoff(s, { id: 'h-9', constraints: [{ id: 'tone', text: 'Be formal' }] }));
    expect(byId.events[0]!.attributes).toEqual({ 'baton.snapshot.phase': 'received', 'baton.handoff.id': 'h-9', 'baton.snapshot.constraints': '[{"id":"tone","text":"Be formal"}]' });
  });
});

describe('compaction', () => {
  it('records compaction_before then compaction_after on the span', () => {
    const started = new Date(Date.now() - 5000);
    const span = inSpan((s) =>
      compaction(s, { facts: { order: 48213, tone: 'formal' }, tokens: 7900, tokenLimit: 8000, time: started }, { facts: { order: 48213 }, text: 'Summary.', tokens: 1200, truncated: true }),
    );
    expect(span.events.map((e) => [e.name, e.attributes?.['baton.snapshot.phase']])).toEqual([
      ['baton.context.snapshot', 'compaction_before'],
      ['baton.context.snapshot', 'compaction_after'],
    ]);
    expect(span.events[0]!.attributes).toEqual({ 'baton.snapshot.phase': 'compaction_before', 'baton.snapshot.facts': '{"order":48213,"tone":"formal"}', 'baton.snapshot.tokens': 7900, 'baton.snapshot.token_limit': 8000 });
    expect(span.events[1]!.attributes).toEqual({ 'baton.snapshot.phase': 'compaction_after', 'baton.snapshot.facts': '{"order":48213}', 'baton.snapshot.text': 'Summary.', 'baton.snapshot.tokens': 1200, 'baton.snapshot.truncated': true });
    expect(span.events[0]!.time[0]).toBe(Math.floor(started.getTime() / 1000));
    expect(span.events.map((e) => parsed(e.attributes).invalid)).toEqual([[], []]);
  });
});

describe('invalid input throws a TypeError naming the field, and records nothing', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  it.each<[string, (span: Span) => unknown, RegExp]>([
    ['phase', (s) => recordSnapshot(s, { phase: 'handed' as 'sent' }), /^recordSnapshot: phase must be one of received, sent, checkpoint, compaction_before, compaction_after, got a string$/],
    ['unknown field', (s) => recordSnapshot(s, { phase: 'sent', fact: {} } as SnapshotInput), /recordSnapshot: unknown field "fact"/],
    ['facts not an object', (s) => recordSnapshot(s, { phase: 'sent', facts: '{"a":1}' as unknown as Record<string, unknown> }), /recordSnapshot: facts must be a plain object of facts, got a string/],
    ['a Date in facts', (s) => sendHandoff(s, { to: 'b', facts: { trip: { start: new Date() } } }), /sendHandoff: facts\.trip\.start must be a JSON value .*, got a Date/],
    ['NaN in facts', (s) => sendHandoff(s, { to: 'b', facts: { 'a.b': NaN } }), /sendHandoff: facts\["a\.b"\] must be a JSON value .*, got NaN/],
    ['undefined in an array', (s) => sendHandoff(s, { to: 'b', facts: { list: [1, undefined] } }), /facts\.list\[1\] must be a JSON value .*, got undefined/],
    ['a cycle', (s) => sendHandoff(s, { to: 'b', facts: cyclic }), /facts\.self refers back to itself/],
    ['facts and digests', (s) => receiveHandoff(s, { id: 'h', facts: {}, factDigests: {} }), /give facts or factDigests, not both/],
    ['a bad digest', (s) => receiveHandoff(s, { id: 'h', factDigests: { a: 'abc' } }), /receiveHandoff: factDigests\.a must be "sha256:" and 64 lower-case hex digits, got a string/],
    ['a bad constraint', (s) => sendHandoff(s, { to: 'b', constraints: [{ id: 'x' } as unknown as string] }), /sendHandoff: constraints\[0\]\.text must be a non-empty string, got undefined/],
    ['a contract typo', (s) => sendHandoff(s, { to: 'b', contract: { require: ['a'] } as unknown as string[] }), /sendHandoff: unknown field "contract\.require"/],
    ['a contract list', (s) => sendHandoff(s, { to: 'b', contract: ['a', 3 as unknown as string] }), /sendHandoff: contract\[1\] must be a non-empty string, got the number 3/],
    ['tokens', (s) => recordSnapshot(s, { phase: 'checkpoint', tokens: -1 }), /recordSnapshot: tokens must be a non-negative integer, got the number -1/],
    ['tokenLimit', (s) => recordSnapshot(s, { phase: 'checkpoint', tokenLimit: 1.5 }), /tokenLimit must be a non-negative integer/],
    ['truncated', (s) => recordSnapshot(s, { phase: 'checkpoint', truncated: 'yes' as unknown as boolean }), /truncated must be a boolean, got a string/],
    ['updates', (s) => recordSnapshot(s, { phase: 'checkpoint', updates: 'budget' as unknown as string[] }), /updates must be an array of strings, got a string/],
    ['agent', (s) => recordSnapshot(s, { phase: 'checkpoint', agent: ' ' }), /agent must be a non-empty string, got an empty string/],
    ['time', (s) => recordSnapshot(s, { phase: 'checkpoint', time: new Date('nope') }), /time must be a Date, epoch milliseconds or an HrTime/],
    ['to missing', (s) => sendHandoff(s, {} as { to: string }), /^sendHandoff: to must be a non-empty string, got undefined$/],
    ['empty id', (s) => sendHandoff(s, { to: 'b', id: '' }), /sendHandoff: id must be a non-empty string/],
    ['neither id nor carrier', (s) => receiveHandoff(s, {} as { id: string }), /receiveHandoff: give either id or carrier/],
    ['both id and carrier', (s) => receiveHandoff(s, { id: 'h', carrier: { 'baton.handoff.id': 'h' } } as unknown as { id: string }), /give either id or carrier/],
    ['a carrier without id', (s) => receiveHandoff(s, { carrier: {} as { 'baton.handoff.id': string } }), /receiveHandoff: carrier\["baton\.handoff\.id"\] must be a non-empty string, got undefined/],
    ['compaction side', (s) => compaction(s, { facts: {} }, { tokens: -2 }), /^compaction: after\.tokens must be a non-negative integer/],
    ['compaction field', (s) => compaction(s, { facts: {}, phase: 'sent' } as object, {}), /compaction: unknown field "before\.phase"/],
    ['not a span', () => recordSnapshot({} as Span, { phase: 'checkpoint' }), /recordSnapshot: span must be an OpenTelemetry Span, got an object/],
  ])('%s', (_name, call, message) => {
    const span = inSpan((s) => expect(() => call(s)).toThrow(TypeError));
    expect(span.events).toEqual([]);
    inSpan((s) => expect(() => call(s)).toThrow(message));
  });

  it('names the field in messages, never a fact value', () => {
    expect(() => recordSnapshot(trace.wrapSpanContext(INVALID_SPAN_CONTEXT), { phase: 'sent', facts: { card: 'secret-4111', when: new Date() } })).toThrow(/^(?!.*secret).*facts\.when/);
  });
});

describe('W3C Baggage', () => {
  it('round-trips the handoff id in a context, keeping other entries', () => {
    const withUser = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ 'user.id': { value: 'u-7' } }));
    const ctx = withHandoffBaggage(withUser, 'h-42');
    expect(handoffIdFromBaggage(ctx)).toBe('h-42');
    expect(propagation.getBaggage(ctx)?.getEntry('user.id')?.value).toBe('u-7');
    expect(handoffIdFromBaggage(ROOT_CONTEXT)).toBeUndefined();
    expect(handoffIdFromBaggage(withUser)).toBeUndefined();
    expect(() => withHandoffBaggage(ROOT_CONTEXT, '')).toThrow(/^withHandoffBaggage: id must be a non-empty string/);
  });

  it('crosses a process boundary through the W3C baggage header', () => {
    const w3c = new W3CBaggagePropagator();
    const id = newHandoffId();
    const headers: Record<string, string> = {};
    w3c.inject(withHandoffBaggage(context.active(), id), headers, { set: (c, k, v) => (c[k] = v) });
    expect(headers.baggage).toBe(`baton.handoff.id=${id}`);
    const received = w3c.extract(ROOT_CONTEXT, { baggage: headers.baggage }, { get: (c, k) => c[k], keys: (c) => Object.keys(c) });
    expect(handoffIdFromBaggage(received)).toBe(id);
  });
});

describe('handoff ids', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('are v4 UUIDs from crypto.randomUUID, or from getRandomValues where randomUUID is missing', () => {
    const ids = new Set(Array.from({ length: 100 }, newHandoffId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(UUID);
    vi.stubGlobal('crypto', { getRandomValues: (b: Uint8Array) => b.fill(0xff) });
    expect(newHandoffId()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    vi.stubGlobal('crypto', undefined);
    expect(newHandoffId()).toMatch(UUID);
  });
});
