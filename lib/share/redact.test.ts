import { describe, expect, it } from 'vitest';
import type { TraceDetail } from '@/lib/schemas/api';
import { factDigest, REDACTED, redactHandoffDetail, redactTrace } from './redact';

const span = {
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.input_tokens': 812,
    'gen_ai.input.messages': '[{"role":"user","content":"refund C-42"}]',
    'app.customer.note': 'VIP, card 4242',
    'baton.snapshot.facts': '{"customer_id":"C-42"}',
  },
  events: [{ time: 't', name: 'baton.context.snapshot', attributes: { 'baton.snapshot.phase': 'received', 'baton.snapshot.facts': '{"customer_id":"C-42"}' } }],
  links: [],
  messages: { input: [{ role: 'user', parts: [{ type: 'text', content: 'refund C-42' }] }] },
  status: { code: 'error', message: 'card 4242 declined' },
};
const handoff = { drift: { changed: [{ key: 'budget', from: 300, to: 30 }] } };
const snapshot = { facts: { customer_id: 'C-42', budget: 300 }, text: 'the customer C-42 wants a refund', constraints: [{ text: 'never refund above 300' }] };
const trace = { traceId: 't', spans: [span], snapshots: [snapshot], handoffs: [handoff] } as unknown as TraceDetail;

describe('share link redaction', () => {
  it('leaves everything when nothing is hidden', () => {
    expect(redactTrace(trace, 'none')).toBe(trace);
  });

  it('hides message contents: unknown strings, messages, snapshot text and constraints, error messages; keeps structure', () => {
    const out = redactTrace(trace, 'messages');
    const s = out.spans[0]!;
    expect(s.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 812,
      'gen_ai.input.messages': REDACTED,
      'app.customer.note': REDACTED,
      'baton.snapshot.facts': REDACTED,
    });
    expect(s.events[0]!.attributes).toEqual({ 'baton.snapshot.phase': 'received', 'baton.snapshot.facts': REDACTED });
    expect(s.messages).toBeNull();
    expect(s.status.message).toBe(REDACTED);
    expect(out.snapshots[0]).toMatchObject({ text: REDACTED, constraints: [{ text: REDACTED }], facts: snapshot.facts });
    expect(JSON.stringify(out)).not.toMatch(/4242|refund C-42/);
  });

  it('shows fact values as digests: equal values keep equal digests, keys stay', () => {
    const out = redactTrace(trace, 'facts');
    expect(out.snapshots[0]!.facts).toEqual({ customer_id: factDigest('C-42'), budget: factDigest(300) });
    expect(out.handoffs[0]!.drift.changed).toEqual([{ key: 'budget', from: factDigest(300), to: factDigest(30) }]);
    expect(out.spans[0]!.attributes['baton.snapshot.facts']).toBe(REDACTED);
    expect(out.spans[0]!.attributes['app.customer.note']).toBe('VIP, card 4242');
    expect(factDigest('C-42')).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(JSON.stringify(redactTrace(trace, 'both'))).not.toMatch(/C-42|4242|"budget":300/);
  });

  it('redacts both sides of a handoff detail', () => {
    const detail = { handoff, sender: snapshot, receiver: null } as never;
    const out = redactHandoffDetail(detail, 'both');
    expect(JSON.stringify(out)).not.toMatch(/C-42|refund above/);
    expect(out.receiver).toBeNull();
  });
});
