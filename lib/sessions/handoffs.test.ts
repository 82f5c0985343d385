import { describe, expect, it } from 'vitest';
import type { Drift, Handoff } from '@/lib/schemas/handoffs';
import { driftSummary } from './handoffs';
import { NO_DRIFT } from '@/tests/helpers/api-spans';


const handoff = (drift: Partial<Drift>, status: Handoff['status'] = 'complete') => ({ status, drift: { ...NO_DRIFT, ...drift } }) as Handoff;

describe('drift summary', () => {
  it('names what was lost, the gravest first', () => {
    expect(driftSummary(handoff({ dropped: ['a', 'b'], contractMissing: ['c'], changed: [{ key: 'd', from: 1, to: 2 }], truncated: true }))).toBe(
      '1 contract missing, 2 dropped, 1 changed, truncated',
    );
  });

  it('says when nothing was lost and when the other side has not arrived', () => {
    expect(driftSummary(handoff({}))).toBe('nothing lost');
    expect(driftSummary(handoff({}, 'pending'))).toBe('waiting for the other side');
  });
});
