import { describe, expect, it } from 'vitest';
import { apiHandoff } from '@/tests/helpers/api-spans';
import { handoffMarks } from './handoff-marks';

const T = 'a'.repeat(32);

describe('handoff marks on spans', () => {
  it('marks the sending and the receiving span, with the worst drift and a label', () => {
    const marks = handoffMarks(T, [
      apiHandoff('h1', T, ['triage', 'p'], ['billing', 'b'], { severity: 'warning', dropped: ['x'] }),
      apiHandoff('h2', T, ['triage', 'p'], ['refunds', 'r']),
      apiHandoff('h3', T, ['billing', 'b'], ['refunds', 'r'], {}, 'pending'),
    ]);
    expect([...marks.keys()].sort()).toEqual(['b', 'p', 'r']);
    expect(marks.get('p')!.sent.map((h) => h.id)).toEqual(['h1', 'h2']);
    expect(marks.get('p')!.severity).toBe('warning');
    expect(marks.get('p')!.label).toBe('Sends 2 handoffs to billing (warning drift), refunds (no drift)');
    expect(marks.get('b')!.label).toBe('Sends a handoff to refunds (pending); Receives a handoff from triage (warning drift)');
    expect(marks.get('r')!.received.map((h) => h.id)).toEqual(['h2', 'h3']);
    expect(marks.get('r')!.severity).toBe('none');
  });

  it('ignores sides in other traces and a pending handoff’s severity', () => {
    const other = { ...apiHandoff('h4', T, ['intake', 'far'], ['triage', 'p']), fromTraceId: 'b'.repeat(32) };
    const pending = apiHandoff('h5', T, ['triage', 'p'], ['billing', ''], { severity: 'critical' }, 'pending');
    const marks = handoffMarks(T, [other, pending]);
    expect([...marks.keys()]).toEqual(['p']);
    expect(marks.get('p')!.received.map((h) => h.id)).toEqual(['h4']);
    expect(marks.get('p')!.sent.map((h) => h.id)).toEqual(['h5']);
    expect(marks.get('p')!.severity).toBe('none');
  });
});
