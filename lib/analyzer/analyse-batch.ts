import type { Store } from '@/lib/db/store';
import { analyzeUnits, type Unit } from './analyze-unit';
import { UserHistory } from './previous-session';
import { updateSessions } from './session-update';

/**
 * How the analyzer analyses a batch of units of one project: sessions fold
 * what the commits brought into their stored state (session-update.ts);
 * traces that name no session are small and analysed whole.
 */

export interface BatchOutcome {
  /** Handoffs found again. */
  handoffs: number;
  /** Sessions to analyse again in the next run (their previous session changed). */
  followUps: Unit[];
  /** Traces to analyse again: the other sides, in other sessions, of handoffs that arrived here. */
  touch: string[];
}

export type AnalyseBatch = (store: Store, project: string, units: readonly Unit[]) => Promise<BatchOutcome>;

export const analyseBatch: AnalyseBatch = async (store, project, units) => {
  const outcome: BatchOutcome = { handoffs: 0, followUps: [], touch: [] };
  const lone = units.filter((u) => !u.sessionId);
  if (lone.length > 0) {
    const { analyses } = await analyzeUnits(store, project, lone);
    outcome.handoffs += analyses.reduce((n, a) => n + a.handoffs.length, 0);
  }
  const sessions = units.filter((u) => u.sessionId);
  if (sessions.length === 0) return outcome;
  let history: UserHistory | undefined;
  const result = await updateSessions(
    store,
    project,
    sessions.map((u) => ({ sessionId: u.sessionId, touched: u.traceIds, refoldAll: u.refold, rebuild: u.rebuild })),
    async (users) => {
      const loaded = await UserHistory.load(store.client, project, users);
      history = loaded;
      return (userId, sessionId, startNs) => loaded.previousOf(userId, sessionId, startNs);
    },
  );
  outcome.handoffs += result.handoffs.length;
  for (const s of result.sessions) history?.record(s.userId, s.sessionId, s.startNs, '');
  for (const s of result.sessions) {
    outcome.touch.push(...s.counterpartTraces);
    // The next session of the user compared itself with what this one ended on (or with the one before it).
    const next = s.finalFactsChanged ? history?.nextAfter(s.userId, s.sessionId, s.startNs) : null;
    if (next) outcome.followUps.push({ project, sessionId: next, traceIds: [], refold: true });
  }
  return outcome;
};
