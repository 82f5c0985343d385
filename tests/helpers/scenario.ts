import { createEmitter } from '@/simulator/emit';
import { observe } from '@/simulator/observe';
import { Simulation } from '@/simulator/plan';
import type { SpanIds } from '@/simulator/ids';
import type { Observed } from '@/simulator/score';
import type { InjectedFault, PlannedHandoff, SimPlan } from '@/simulator/types';
import { startBaton, type BatonProcess } from './server';

/**
 * The fixture scenario of the browser tests: a Baton with a small fixed-seed
 * simulated history (every topology, every fault type), analysed and read
 * back, plus pointers to the handoffs and sessions the tests look at.
 */

export interface Scenario {
  baton: BatonProcess;
  plan: SimPlan;
  ids: Map<string, SpanIds>;
  observed: Observed;
  /** An explicit handoff whose receiver dropped a fact, with its Baton id and trace. */
  droppedFact: { handoffId: string; traceId: string; key: string; sessionId: string };
  /** An explicit handoff whose receiver holds a changed value. */
  changedValue: { handoffId: string; traceId: string; key: string; sessionId: string };
  /** A session with a cross-session contradiction. */
  contradicted: { sessionId: string; key: string };
}

export const SCENARIO_SEED = 4242;

const RATES = {
  dropped_fact: 0.12,
  changed_value: 0.12,
  ungrounded_fact: 0.08,
  dropped_constraint: 0.08,
  contract_violation: 0.08,
  truncation: 0.06,
  cross_session_contradiction: 0.5,
  tool_error: 0.05,
  timeout: 0.03,
  out_of_order_export: 0.05,
  duplicate_export: 0.05,
};

function explicitWith(plan: SimPlan, ids: Map<string, SpanIds>, type: InjectedFault['type']) {
  const fault = plan.faults.find((f) => f.type === type && f.carrier === 'snapshot' && f.handoff !== undefined);
  if (!fault) throw new Error(`scenario seed ${SCENARIO_SEED} injected no ${type}: change the seed or the rates`);
  const handoff = plan.handoffs[fault.handoff!] as PlannedHandoff;
  return { handoffId: handoff.id!, traceId: ids.get(handoff.fromSpanKey)!.traceId, key: fault.key ?? '', sessionId: handoff.sessionId };
}

/** Starts Baton (extra settings in `env`) and fills it with the scenario. */
export async function startScenario(options: { env?: Record<string, string>; sessions?: number } = {}): Promise<Scenario> {
  const baton = await startBaton({ env: options.env });
  try {
    const now = Date.now();
    const plan = new Simulation({ seed: SCENARIO_SEED, users: 6, faultRates: RATES }).sessions(options.sessions ?? 24, { fromMs: now - 20 * 3_600_000, toMs: now - 60_000 });
    const emitter = createEmitter({ endpoint: baton.otlpUrl, seed: SCENARIO_SEED });
    const { ids } = await emitter.emit(plan);
    await emitter.shutdown();
    const observed = await observe(baton.uiUrl, plan, ids, { timeoutMs: 60_000 });
    const cross = plan.faults.find((f) => f.type === 'cross_session_contradiction');
    if (!cross) throw new Error(`scenario seed ${SCENARIO_SEED} injected no cross-session contradiction`);
    return {
      baton,
      plan,
      ids,
      observed,
      droppedFact: explicitWith(plan, ids, 'dropped_fact'),
      changedValue: explicitWith(plan, ids, 'changed_value'),
      contradicted: { sessionId: cross.sessionId, key: cross.key ?? '' },
    };
  } catch (err) {
    await baton.stop();
    baton.cleanup();
    throw err;
  }
}
