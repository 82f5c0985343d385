import { describe, expect, it } from 'vitest';
import type { Drift, Handoff } from '@/lib/schemas/handoffs';
import { NO_DRIFT } from '@/tests/helpers/api-spans';
import { whatBroke, whatBrokeText } from './handoff-what-broke';

const handoff = (partial: Partial<Drift>, status: Handoff['status'] = 'complete'): Pick<Handoff, 'drift' | 'status'> => ({
  status,
  drift: { ...NO_DRIFT, severity: 'warning', ...partial },
});

describe('what broke at a handoff', () => {
  it('names the dropped, changed and added keys instead of counting them', () => {
    const h = handoff({ dropped: ['trip.dates', 'budget'], changed: [{ key: 'customer_id', from: 'C-1', to: 'C-2' }], added: ['vip'] });
    expect(whatBrokeText(h)).toBe('dropped trip.dates, budget; changed customer_id; added vip');
    expect(whatBroke(h).map((p) => p.tone)).toEqual(['warning', 'warning', 'info']);
  });

  it('names the first three keys of a part and counts the rest', () => {
    expect(whatBrokeText(handoff({ dropped: ['a', 'b', 'c', 'd', 'e'] }))).toBe('dropped a, b, c +2');
  });

  it('puts the broken contract first and says a contract key once', () => {
    const h = handoff({
      severity: 'critical',
      dropped: ['order', 'note'],
      changed: [{ key: 'budget', from: 300, to: 250 }],
      contractMissing: ['order'],
      preserveViolated: ['budget'],
      forbiddenPresent: ['card'],
      constraintsDropped: ['cap', 'lang'],
    });
    expect(whatBrokeText(h)).toBe('missing required order; changed preserved budget; forbidden crossed card; dropped 2 constraints; dropped note');
    expect(whatBroke(h)[0]).toMatchObject({ label: 'missing required', keys: ['order'], tone: 'critical' });
  });

  it('says why there is nothing to name: pending, compared as text, nothing lost', () => {
    expect(whatBrokeText(handoff({ dropped: ['x'] }, 'pending'))).toBe('waiting for the receiver');
    expect(whatBrokeText(handoff({ method: 'text', textSimilarity: 0.624 }))).toBe('compared as text: 62% similar');
    expect(whatBrokeText(handoff({ method: 'text', textSimilarity: 0.5, constraintsDropped: ['c'] }))).toBe('dropped 1 constraint');
    expect(whatBrokeText(handoff({ severity: 'none' }))).toBe('nothing lost');
  });
});
