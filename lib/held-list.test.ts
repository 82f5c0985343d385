import { describe, expect, it } from 'vitest';
import { heldView, newRows } from './held-list';

const row = (id: string, v = 0) => ({ id, v });
const key = (r: { id: string }) => r.id;

describe('held list', () => {
  it('counts as new the fresh rows the held ones do not hold, wherever they land', () => {
    const held = [row('b'), row('c')];
    const fresh = [row('a'), row('b', 1), row('d'), row('c')];
    expect(newRows(held, fresh, key).map(key)).toEqual(['a', 'd']);
    expect(newRows(held, held, key)).toEqual([]);
    expect(newRows([], fresh, key)).toHaveLength(4);
  });

  it('shows the held rows unchanged while the hold lasts, with the count of new ones', () => {
    const held = [row('b'), row('c')];
    // The refresh changed a held row's value, reordered, dropped one and brought two new.
    const fresh = [row('x'), row('c', 5), row('y')];
    const view = heldView({ key: 'list', rows: held, at: 1 }, fresh, 'list', key);
    expect(view).toEqual({ rows: held, waiting: 2, held: true });
  });

  it('shows the fresh rows with no hold, or a hold on another list (a new filter or sort)', () => {
    const fresh = [row('a')];
    expect(heldView(null, fresh, 'list', key)).toEqual({ rows: fresh, waiting: 0, held: false });
    expect(heldView({ key: 'old', rows: [row('z')], at: 1 }, fresh, 'list', key)).toEqual({ rows: fresh, waiting: 0, held: false });
  });
});
