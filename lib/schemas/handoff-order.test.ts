import { describe, expect, it } from 'vitest';
import { handoffListParamsSchema } from './handoffs';
import { cursorMismatch, decodeHandoffCursor, encodeHandoffCursor, sortTag } from './handoff-order';

describe('handoff list cursors', () => {
  it('round-trips a cursor of each sort', () => {
    for (const c of [{ t: '1769860800000000000', id: 'h-1' }, { t: '1', id: 'delegation:a>b', k: '-1001', s: 'fidelity-asc' }, { t: '9223372036854775807', id: 'x'.repeat(512), k: '3', s: 'severity-desc' }]) {
      expect(decodeHandoffCursor(encodeHandoffCursor(c))).toEqual(c);
    }
  });

  it('refuses what it did not make', () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const text of ['garbage!', b64([1]), b64({ t: '1', id: 5 }), b64({ t: '1', id: 'a', k: '1.5' }), b64({ t: '1', id: 'a', extra: 1 }), b64({ t: '99999999999999999999', id: 'a' }), 'A'.repeat(9000)]) {
      expect(decodeHandoffCursor(text), text.slice(0, 40)).toBeUndefined();
    }
  });

  it('belongs to its sort and order; the default list keeps the cursors made before sorts', () => {
    expect(sortTag('time', 'desc')).toBeUndefined();
    expect(cursorMismatch({ t: '1', id: 'a' }, 'time', 'desc')).toBeUndefined();
    expect(cursorMismatch({ t: '1', id: 'a', k: '2', s: 'severity-desc' }, 'severity', 'desc')).toBeUndefined();
    expect(cursorMismatch({ t: '1', id: 'a', k: '2', s: 'severity-desc' }, 'severity', 'asc')).toMatch(/another sort or order/);
    expect(cursorMismatch({ t: '1', id: 'a' }, 'fidelity', 'asc')).toMatch(/another sort/);
    expect(cursorMismatch({ t: '1', id: 'a', s: 'severity-desc' }, 'severity', 'desc')).toMatch(/cursor/);
  });

  it('parses sort and order with their defaults, and names a bad one', () => {
    expect(handoffListParamsSchema.parse({})).toMatchObject({ sort: 'time', order: 'desc' });
    expect(handoffListParamsSchema.parse({ sort: '', order: '' })).toMatchObject({ sort: 'time', order: 'desc' });
    expect(handoffListParamsSchema.parse({ sort: 'fidelity' })).toMatchObject({ sort: 'fidelity', order: 'asc' });
    expect(handoffListParamsSchema.parse({ sort: 'severity', order: 'asc' })).toMatchObject({ sort: 'severity', order: 'asc' });
    expect(handoffListParamsSchema.safeParse({ sort: 'SEVERITY' }).error?.issues[0]?.message).toBe('sort must be one of time, severity, fidelity');
    expect(handoffListParamsSchema.safeParse({ order: 'up' }).error?.issues[0]?.message).toBe('order must be one of asc, desc');
    const severityCursor = encodeHandoffCursor({ t: '1', id: 'a', k: '3', s: 'severity-desc' });
    expect(handoffListParamsSchema.safeParse({ cursor: severityCursor }).error?.issues[0]?.message).toMatch(/^cursor belongs to another sort/);
  });
});
