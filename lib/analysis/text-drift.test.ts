import { describe, expect, it } from 'vitest';
import { constraintLines, textDrift, textFacts, textSimilarity } from './text-drift';

describe('text drift', () => {
  it('finds constraint lines', () => {
    expect(constraintLines('You are helpful.\nNever promise refunds above the budget.\n- Always keep the customer id.\nBe brief.')).toEqual([
      'Never promise refunds above the budget.',
      'Always keep the customer id.',
    ]);
  });

  it('finds facts: quoted values, numbers with units, identifiers', () => {
    expect(textFacts('Customer C-1042 asks about order 48213: budget 300 EUR, city "Lyon", turn 2.').sort()).toEqual(
      ['300 EUR', '48213', 'C-1042', 'Lyon'].sort(),
    );
  });

  it('reports what the sender was given and the receiver was not', () => {
    const sender = 'Never promise refunds above the budget.\nCustomer C-1042, order 48213, budget 300 EUR, ship to "Lyon".';
    const receiver = 'Handle the refund for order 48213 (EUR 300) shipped to Lyon.';
    expect(textDrift(sender, receiver)).toEqual({
      dropped: ['C-1042'],
      constraintsDropped: ['Never promise refunds above the budget.'],
      textSimilarity: expect.any(Number),
    });
  });

  it('is empty when either side has no text', () => {
    expect(textDrift(null, 'x')).toEqual({ dropped: [], constraintsDropped: [], textSimilarity: null });
  });

  it('measures similarity by words, across scripts', () => {
    expect(textSimilarity('a b c', 'c b a')).toBe(1);
    expect(textSimilarity('预算 三百', '预算 三百')).toBe(1);
    expect(textSimilarity('a b', 'c d')).toBe(0);
  });
});
