import { describe, expect, it } from 'vitest';
import type { Drift } from '@/lib/schemas/handoffs';
import { NO_DRIFT } from '@/tests/helpers/api-spans';
import { criticalReason, driftCounts } from './handoff-summary';

const drift = (partial: Partial<Drift>): { drift: Drift } => ({ drift: { ...NO_DRIFT, severity: 'critical', ...partial } });

describe('handoff summaries', () => {
  it('says what broke at a critical handoff', () => {
    expect(criticalReason(drift({ contractMissing: ['order', 'customer.id'], constraintsDropped: ['refund-cap'] }))).toBe('contract missing order, customer.id · 1 constraint dropped');
    expect(criticalReason(drift({ preserveViolated: ['budget'], forbiddenPresent: ['card'] }))).toBe('changed budget · forbidden card crossed');
    expect(criticalReason(drift({ constraintsDropped: ['a', 'b'] }))).toBe('2 constraints dropped');
    expect(criticalReason(drift({}))).toBe('critical drift');
  });

  it('counts facts dropped, changed and added, and the contract entries and constraints broken', () => {
    expect(driftCounts(drift({ dropped: ['a'], constraintsDropped: ['c'], contractMissing: ['a'], changed: [{ key: 'b', from: 1, to: 2 }], added: ['x', 'y'] }))).toEqual({
      dropped: 1,
      changed: 1,
      added: 2,
      broken: 2,
    });
  });
});
