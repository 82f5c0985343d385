import { describe, expect, it } from 'vitest';
import { scoreBand } from '@/lib/score-scale';
import { analyzeSession, type AnalysisSpanWithContext } from './analyze';
import { consistencyScore, scoreCap } from './consistency';
import { parseSnapshot } from './snapshot';
import type { Snapshot } from './types';

/**
 * The score cannot hide a critical handoff (docs/analysis.md, "Score"): the
 * report's sessions, analysed from their spans and snapshots.
 */

const T = 'a'.repeat(32);
const at = (n: number) => String(1_700_000_000_000_000_000n + BigInt(n));

function span(spanId: string, parentSpanId: string, agent: string, start: number): AnalysisSpanWithContext {
  return { traceId: T, spanId, parentSpanId, name: `invoke_agent ${agent}`, agent, type: 'agent', startNs: at(start), links: [], signals: {}, context: null };
}

function snap(spanId: string, agent: string, time: number, attrs: Record<string, string>): Snapshot {
  return parseSnapshot(attrs, { traceId: T, spanId, time: at(time), agent, sessionId: 's' });
}

const FACTS = JSON.stringify({ trip: { dates: '2026-05-01/05', city: 'Lyon' }, budget: 300 });
const CONSTRAINT = JSON.stringify([{ id: 'budget-cap', text: 'Never exceed the budget' }]);

/** A session of `n` explicit handoffs from a planner to workers, all carrying the same facts and constraint; `broken(i)` says how handoff i arrives. */
function session(n: number, broken: (i: number) => 'critical' | 'warning' | 'intact') {
  const spans = [span('root', '', 'planner', 0)];
  const snapshots: Snapshot[] = [];
  for (let i = 0; i < n; i++) {
    const child = `w${i}`;
    spans.push(span(child, 'root', `worker${i}`, 10 * i + 5));
    const sent = { 'baton.snapshot.phase': 'sent', 'baton.handoff.id': `h${i}`, 'baton.snapshot.facts': FACTS, 'baton.snapshot.constraints': CONSTRAINT, 'baton.handoff.contract': JSON.stringify({ required: ['budget-cap', 'budget'] }) };
    snapshots.push(snap('root', 'planner', 10 * i + 4, sent));
    const kind = broken(i);
    const received: Record<string, string> = { 'baton.snapshot.phase': 'received', 'baton.handoff.id': `h${i}`, 'baton.snapshot.facts': FACTS };
    if (kind !== 'critical') received['baton.snapshot.constraints'] = CONSTRAINT;
    if (kind === 'warning') received['baton.snapshot.facts'] = JSON.stringify({ trip: { city: 'Lyon' }, budget: 300 });
    snapshots.push(snap(child, `worker${i}`, 10 * i + 6, received));
  }
  return analyzeSession({ sessionId: 's', turns: [T], spans, snapshots, previous: null });
}

describe('the score and critical handoffs', () => {
  it('keeps a session of nine handoffs, one of which dropped a required constraint, out of the consistent band', () => {
    const a = session(9, (i) => (i === 4 ? 'critical' : 'intact'));
    expect(a.handoffs.map((h) => h.drift.severity).filter((s) => s !== 'none')).toEqual(['critical']);
    const critical = a.handoffs.find((h) => h.drift.severity === 'critical');
    expect(critical?.drift).toMatchObject({ dropped: [], changed: [], constraintsDropped: ['budget-cap'], contractMissing: ['budget-cap'] });
    // Every fact arrived, yet fidelity counts the constraint and the contract entry that did not.
    expect(critical?.drift.fidelity).toBeLessThan(1);
    expect(a.consistency.score).toBe(67); // 79 − 100 × 1/9, floored
    expect(scoreBand(a.consistency.score)).toBe('drifting');
  });

  it('reads 3 critical handoffs of 8 as inconsistent', () => {
    const a = session(8, (i) => (i % 3 === 0 ? 'critical' : 'intact'));
    expect(a.handoffs.filter((h) => h.drift.severity === 'critical')).toHaveLength(3);
    expect(a.consistency.score).toBe(41); // 79 − 100 × 3/8, floored
    expect(scoreBand(a.consistency.score)).toBe('inconsistent');
  });

  it('keeps a session with warnings from a perfect 100, in the consistent band while they are few', () => {
    const a = session(9, (i) => (i === 0 ? 'warning' : 'intact'));
    expect(a.handoffs.filter((h) => h.drift.severity === 'warning')).toHaveLength(1);
    expect(a.consistency.score).toBeLessThan(100);
    expect(scoreBand(a.consistency.score)).toBe('consistent');
    expect(session(9, () => 'intact').consistency.score).toBe(100);
  });

  it('caps by the shares of critical and warning handoffs among the complete ones', () => {
    expect(scoreCap({ complete: 0, critical: 0, warning: 0 })).toBe(100);
    expect(scoreCap({ complete: 9, critical: 0, warning: 0 })).toBe(100);
    expect(scoreCap({ complete: 9, critical: 0, warning: 1 })).toBe(94);
    expect(scoreCap({ complete: 2, critical: 0, warning: 2 })).toBe(59);
    expect(scoreCap({ complete: 100, critical: 1, warning: 0 })).toBe(78);
    expect(scoreCap({ complete: 8, critical: 3, warning: 0 })).toBe(41);
    expect(scoreCap({ complete: 4, critical: 4, warning: 0 })).toBe(0);
    expect(scoreCap({ complete: 8, critical: 1, warning: 7 })).toBe(64);
    // Never in the consistent band with a critical handoff, however many handoffs were fine.
    for (let complete = 1; complete <= 1000; complete++) expect(scoreCap({ complete, critical: 1, warning: 0 })).toBeLessThan(80);
    expect(consistencyScore(1, 1, 0, { complete: 8, critical: 3, warning: 0 })).toBe(41);
    expect(consistencyScore(0.2, 0.2, 0, { complete: 8, critical: 1, warning: 0 })).toBe(36); // below its cap, the formula stands
  });
});
