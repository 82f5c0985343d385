import { describe, expect, it } from 'vitest';
import { impactLine } from './impact';

describe('impact lines', () => {
  it('say who lost what, how often', () => {
    expect(impactLine({ fromAgent: 'researcher', toAgent: 'writer', kind: 'dropped', key: 'trip.dates', severity: 'warning', handoffs: 6 })).toBe('researcher → writer dropped trip.dates ×6');
    expect(impactLine({ fromAgent: '', toAgent: 'booker', kind: 'contract', key: 'order', severity: 'critical', handoffs: 2 })).toBe('(unknown) → booker broke the contract on order ×2');
    expect(impactLine({ fromAgent: 'a', toAgent: 'b', kind: 'constraint', key: 'Answer in French', severity: 'critical', handoffs: 1 })).toBe('a → b dropped the constraint Answer in French ×1');
  });
});
