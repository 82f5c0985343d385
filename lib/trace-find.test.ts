import { describe, expect, it } from 'vitest';
import { apiSpan } from '@/tests/helpers/api-spans';
import { findMatches, positionLabel, spanMatches, stepTarget } from './trace-find';
import { buildWaterfall } from './trace-tree';

describe('find in trace', () => {
  const w = buildWaterfall([
    apiSpan('r', '', 0, 100, { name: 'invoke_agent Orchestrator', agent: 'orchestrator', type: 'agent' }),
    apiSpan('t1', 'r', 10, 5, { name: 'execute_tool search', tool: 'web_search' }),
    apiSpan('c1', 'r', 20, 5, { name: 'chat', model: 'gpt-4o-mini', attributes: { 'http.status_code': 503, 'app.note': 'Refund REQUESTED' } }),
    apiSpan('x', 'r', 30, 5, { name: 'other', resource: { 'service.version': '9.1-Hotfix' }, attributes: { nested: { deep: 'Needle' } } }),
  ]);

  it('matches name, agent, tool, model and attribute values, ignoring case', () => {
    expect(findMatches(w.rows, 'ORCHESTRATOR')).toEqual(['r']);
    expect(findMatches(w.rows, 'web_')).toEqual(['t1']);
    expect(findMatches(w.rows, 'gpt-4O')).toEqual(['c1']);
    expect(findMatches(w.rows, 'refund requested')).toEqual(['c1']);
    expect(findMatches(w.rows, '503')).toEqual(['c1']);
    expect(findMatches(w.rows, 'hotfix')).toEqual(['x']);
    expect(findMatches(w.rows, 'needle')).toEqual(['x']);
    expect(findMatches(w.rows, '  HOTFIX ')).toEqual(['x']); // trimmed
  });

  it('matches nothing for an empty query or an absent word', () => {
    expect(findMatches(w.rows, '   ')).toEqual([]);
    expect(findMatches(w.rows, 'nowhere-to-be-found')).toEqual([]);
    expect(spanMatches(w.rows[0]!.span, '')).toBe(false);
  });
});

describe('stepping through targets in row order', () => {
  const order = new Map(['a', 'b', 'c', 'd', 'e', 'f'].map((id, i) => [id, i]));
  const targets = ['b', 'd', 'f'];

  it('goes to the next target after the selected row, wrapping round', () => {
    expect(stepTarget(targets, order, undefined, 1)).toBe('b');
    expect(stepTarget(targets, order, 'a', 1)).toBe('b');
    expect(stepTarget(targets, order, 'b', 1)).toBe('d');
    expect(stepTarget(targets, order, 'c', 1)).toBe('d');
    expect(stepTarget(targets, order, 'f', 1)).toBe('b');
  });

  it('goes to the previous target before the selected row, wrapping round', () => {
    expect(stepTarget(targets, order, undefined, -1)).toBe('f');
    expect(stepTarget(targets, order, 'a', -1)).toBe('f');
    expect(stepTarget(targets, order, 'b', -1)).toBe('f');
    expect(stepTarget(targets, order, 'd', -1)).toBe('b');
    expect(stepTarget(targets, order, 'e', -1)).toBe('d');
  });

  it('handles one target and none', () => {
    expect(stepTarget(['c'], order, 'c', 1)).toBe('c');
    expect(stepTarget(['c'], order, 'c', -1)).toBe('c');
    expect(stepTarget([], order, 'c', 1)).toBeUndefined();
  });

  it('says where the selection is among the targets', () => {
    expect(positionLabel(targets, 'd')).toBe('2 of 3');
    expect(positionLabel(targets, 'a')).toBe('3');
    expect(positionLabel(targets, undefined)).toBe('3');
  });
});
