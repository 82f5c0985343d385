import { describe, expect, it } from 'vitest';
import type { Drift, Handoff, HandoffSide } from '@/lib/schemas/handoffs';
import { diffRows, factText } from './handoff-diff';
import { NO_DRIFT } from '@/tests/helpers/api-spans';


function handoff(drift: Partial<Drift>, contract: Handoff['contract'] = null): Handoff {
  return {
    id: 'h',
    sessionId: 's',
    traceId: 't',
    fromTraceId: 't',
    toTraceId: 't',
    fromAgent: 'triage',
    toAgent: 'billing',
    fromSpanId: 'a',
    toSpanId: 'b',
    time: '2026-11-26T00:00:00.000000000Z',
    source: 'explicit',
    status: 'complete',
    contract,
    drift: { ...NO_DRIFT, ...drift },
  };
}

function side(facts: Record<string, unknown> | null, digests: string[] = []): HandoffSide {
  return { agent: 'x', spanId: 's', traceId: 't', time: null, phase: 'sent', facts, digests, constraints: null, text: null, tokens: null, tokenLimit: null, truncated: false };
}

describe('handoff diff rows', () => {
  it('marks dropped, changed, ungrounded, carried, withheld and unchanged keys, worst first', () => {
    const rows = diffRows({
      handoff: handoff(
        { dropped: ['order'], changed: [{ key: 'budget', from: 300, to: 200 }], added: ['vip'], contractMissing: ['order'], preserveViolated: ['budget'] },
        { required: ['order', 'customer'], preserve: ['budget'], forbidden: ['card'] },
      ),
      sender: side({ order: 48213, budget: 300, 'customer.id': 'C-42', card: '4111' }),
      receiver: side({ budget: 200, 'customer.id': 'C-42', vip: true, locale: 'fr' }),
    });
    expect(rows.map((r) => [r.key, r.status, r.violation, r.contract.join('+')])).toEqual([
      ['order', 'dropped', true, 'required'],
      ['budget', 'changed', true, 'preserve'],
      ['vip', 'added', false, ''],
      ['card', 'withheld', false, 'forbidden'],
      ['locale', 'carried', false, ''],
      ['customer.id', 'unchanged', false, 'required'],
    ]);
    expect(rows[1]).toMatchObject({ from: 300, to: 200, inSender: true, inReceiver: true });
    expect(rows[0]).toMatchObject({ from: 48213, to: undefined, inReceiver: false });
  });

  it('gives keys only in digest mode', () => {
    const rows = diffRows({
      handoff: handoff({ method: 'digest', dropped: ['b'], changed: [{ key: 'a', from: null, to: null }] }),
      sender: side(null, ['a', 'b', 'c']),
      receiver: side(null, ['a', 'c']),
    });
    expect(rows.map((r) => [r.key, r.status, factText(r.from)])).toEqual([
      ['b', 'dropped', ''],
      ['a', 'changed', 'null'],
      ['c', 'unchanged', ''],
    ]);
  });

  it('has no fact rows for the text method (its findings are lines of text)', () => {
    expect(diffRows({ handoff: handoff({ method: 'text', dropped: ['C-1042'] }), sender: side(null), receiver: side(null) })).toEqual([]);
  });

  it('writes values as text', () => {
    expect(factText('<img src=x>')).toBe('<img src=x>');
    expect(factText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(factText(undefined)).toBe('');
  });
});
