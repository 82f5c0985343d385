import { deliveryFaults, mergeRates } from './faults';
import { Random } from './random';
import { Turn, type Opening, type ScriptFactory, type SessionInfo, type SessionState } from './spans';
import { pipelineSession } from './topologies/pipeline';
import { queueSession } from './topologies/queue';
import { supervisorSession } from './topologies/supervisor';
import { triageSession } from './topologies/triage';
import type { FaultRates, PlannedSession, SimPlan, SimulationOptions, Topology } from './types';
import { alternative, CONTRADICTABLE_PROFILE_KEYS, newProfile, PROFILE_KEYS, type Facts } from './world';

/**
 * The simulator's plan generator: weeks of multi-agent sessions of simulated
 * users, with labelled faults, as plain data (types.ts). Pure and
 * deterministic: no I/O, no clock, no Math.random; the same options and the
 * same sequence of calls give deep-equal plans. Stateful across calls: users,
 * their profiles and sessions, and the session counter carry on, so that live
 * sessions continue the history's users.
 */

export { DEFAULT_FAULT_RATES } from './faults';

const SCRIPTS: Record<Topology, ScriptFactory> = { triage: triageSession, pipeline: pipelineSession, supervisor: supervisorSession, queue: queueSession };
/** How often each topology is chosen for a session. */
const TOPOLOGY_WEIGHTS: ReadonlyArray<readonly [Topology, number]> = [
  ['triage', 0.35],
  ['pipeline', 0.25],
  ['supervisor', 0.2],
  ['queue', 0.2],
];

/** The shortest window a session fits in (one turn, squeezed if need be). */
const MIN_WINDOW_MS = 5_000;
/** Every span ends at least this long before the window's end. */
const END_MARGIN_MS = 500;
/** Sessions start early enough in the window to leave them this long (or most of a short window). */
const SESSION_ROOM_MS = 45 * 60_000;
/** A model call may time out (30 s) only when the window leaves at least this long. */
const TIMEOUT_ROOM_MS = 120_000;

interface User {
  id: string;
  profile: Facts;
  sessions: number;
  /** When the user's latest session ended: the next one starts after it. */
  busyUntil: number;
  /** Whether the user's latest session recorded the profile in snapshots (a later one can contradict it). */
  lastHadProfile: boolean;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function pickTopology(r: Random): Topology {
  let u = r.next();
  for (const [topology, weight] of TOPOLOGY_WEIGHTS) {
    if (u < weight) return topology;
    u -= weight;
  }
  return 'triage';
}

export class Simulation {
  private readonly seed: number;
  private readonly rates: FaultRates;
  private readonly fixedUsers: number | undefined;
  private readonly users: User[] = [];
  private readonly customerIds = new Set<string>();
  private sessionCount = 0;
  private calls = 0;

  constructor(options: SimulationOptions) {
    if (!Number.isFinite(options.seed)) throw new RangeError(`seed must be a finite number (got ${options.seed})`);
    if (options.users !== undefined && !(Number.isInteger(options.users) && options.users >= 1)) throw new RangeError(`users must be a positive integer (got ${options.users})`);
    this.seed = options.seed;
    this.rates = mergeRates(options.faultRates);
    this.fixedUsers = options.users;
  }

  /**
   * The next `count` sessions, starting in [window.fromMs, window.toMs), every
   * span ending before window.toMs. Deterministic: the same options and the
   * same sequence of calls give deep-equal plans.
   */
  sessions(count: number, window: { fromMs: number; toMs: number }): SimPlan {
    const { fromMs, toMs } = window;
    if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`count must be a non-negative integer (got ${count})`);
    if (!(Number.isFinite(fromMs) && Number.isFinite(toMs) && toMs - fromMs >= MIN_WINDOW_MS)) throw new RangeError(`window: toMs must be at least ${MIN_WINDOW_MS / 1000} s after fromMs`);
    const r = Random.derive(this.seed, `call/${this.calls++}`);
    const plan: SimPlan = { seed: this.seed, sessions: [], traces: [], handoffs: [], faults: [] };
    const target = this.fixedUsers ?? Math.max(1, Math.round((this.sessionCount + count) / 3));
    while (this.users.length < target) this.addUser();
    const span = toMs - fromMs;
    const latestStart = fromMs + Math.max(1, span - Math.min(span * 0.9, SESSION_ROOM_MS));
    const starts = Array.from({ length: count }, () => fromMs + Math.floor(r.next() * (latestStart - fromMs))).sort((a, b) => a - b);
    for (const planned of starts) {
      const { user, start } = this.chooseUser(r, planned, latestStart);
      this.planSession(plan, user, start, toMs - END_MARGIN_MS);
    }
    plan.sessions.sort((a, b) => a.startMs - b.startMs || a.sessionId.localeCompare(b.sessionId));
    plan.traces.sort((a, b) => a.spans[0]!.startMs - b.spans[0]!.startMs || a.key.localeCompare(b.key));
    return plan;
  }

  private addUser(): User {
    const n = this.users.length + 1;
    const user: User = { id: `user-${this.seed}-${pad(n, 3)}`, profile: newProfile(Random.derive(this.seed, `user/${n}`), this.customerIds), sessions: 0, busyUntil: -Infinity, lastHadProfile: false };
    this.users.push(user);
    return user;
  }

  /**
   * A user free at `start` (sessions of a user never overlap): of two free
   * users drawn, the one with fewer sessions, so that sessions spread over the
   * users. When none is free: a new user, or with a fixed number of users a
   * later start (a RangeError when that leaves the window's start range).
   */
  private chooseUser(r: Random, start: number, latestStart: number): { user: User; start: number } {
    const free = this.users.filter((u) => u.busyUntil < start);
    if (free.length > 0) {
      const a = r.pick(free);
      const b = r.pick(free);
      return { user: b.sessions < a.sessions ? b : a, start };
    }
    if (this.fixedUsers === undefined) return { user: this.addUser(), start };
    const user = this.users.reduce((a, b) => (b.busyUntil < a.busyUntil ? b : a));
    const later = user.busyUntil + r.int(1_000, 5_000);
    if (later >= latestStart) {
      throw new RangeError(`all ${this.fixedUsers} users are in a session until the window is over (a user runs one session at a time): ask for fewer sessions, a longer window or more users`);
    }
    return { user, start: later };
  }

  private planSession(plan: SimPlan, user: User, startMs: number, deadline: number): void {
    const n = ++this.sessionCount;
    const r = Random.derive(this.seed, `session/${n}`);
    const topology = pickTopology(r);
    const info: SessionInfo = { sessionId: `sim-${this.seed}-s${pad(n, 5)}`, userId: user.id, key: `s${pad(n, 4)}`, topology };
    const script = SCRIPTS[topology](r, user.profile, startMs);
    const profile = { ...user.profile };
    const first: Opening = { updates: user.sessions > 0 ? Object.keys(script.taskFacts) : [] };
    if (script.snapshots && user.lastHadProfile && r.chance(this.rates.cross_session_contradiction)) {
      const key = r.pick(CONTRADICTABLE_PROFILE_KEYS);
      profile[key] = alternative(key, profile[key]!, r)!;
      first.fault = { type: 'cross_session_contradiction', key };
    }
    const state: SessionState = { facts: { ...profile, ...script.taskFacts }, constraints: script.constraints, traces: 0, handoffs: 0 };
    const session: PlannedSession = { sessionId: info.sessionId, userId: user.id, topology, startMs, endMs: startMs, traces: [] };
    let cursor = startMs;
    for (let i = 0; i < script.turns; i++) {
      const saved = { facts: { ...state.facts }, traces: state.traces, handoffs: state.handoffs };
      let opening = first;
      if (i > 0) {
        cursor += gapBefore(r, deadline - cursor, script.turns - i);
        const changed = script.change?.(r, state.facts);
        opening = { updates: changed ? [changed] : [] };
      }
      const room = deadline - cursor;
      const turn = new Turn(r, this.rates, info, state, opening, room >= TIMEOUT_ROOM_MS, Math.max(1_000, Math.min(5 * 60_000, Math.round(room / 8))));
      if (room > 0 || i === 0) script.turn(turn, cursor);
      if (turn.traces.length === 0 || turn.endMs > deadline) {
        // A later turn that does not fit is left out (the session ends earlier); the first one is squeezed in.
        if (i > 0) {
          Object.assign(state, saved);
          break;
        }
        squeeze(turn, cursor, deadline);
      }
      for (const draft of turn.traces) deliveryFaults(turn, draft);
      const base = plan.handoffs.length;
      plan.handoffs.push(...turn.handoffs);
      plan.faults.push(...turn.faults.map((f) => (f.handoff === undefined ? f : { ...f, handoff: f.handoff + base })));
      for (const draft of turn.traces) {
        plan.traces.push(draft.build(topology));
        session.traces.push(draft.key);
      }
      cursor = turn.endMs;
      session.endMs = Math.max(session.endMs, cursor);
    }
    plan.sessions.push(session);
    // The facts this session ended on are the user's profile from now on (Baton's previous-session facts).
    if (script.snapshots) for (const key of PROFILE_KEYS) if (state.facts[key] !== undefined) user.profile[key] = state.facts[key];
    user.sessions++;
    user.busyUntil = session.endMs;
    user.lastHadProfile = script.snapshots;
  }
}

/** The wait before a later turn: minutes in a long window, down to a second when the window is short. */
function gapBefore(r: Random, room: number, turnsLeft: number): number {
  const natural = Math.min(30 * 60_000, Math.max(20_000, r.latency(3 * 60_000, 0.8)));
  return Math.round(Math.max(1_000, Math.min(natural, room / (4 * turnsLeft))));
}

/** Scales a turn that does not fit into [from, to] (a window too short for even one turn). */
function squeeze(turn: Turn, from: number, to: number): void {
  const end = turn.endMs;
  if (end <= to) return;
  const f = Math.max(0, to - from) / (end - from);
  const at = (x: number) => from + Math.floor((x - from) * f);
  for (const draft of turn.traces) {
    for (const s of draft.spans) {
      s.startMs = at(s.startMs);
      s.endMs = at(s.endMs);
      for (const op of s.snapshots) op.atMs = at(op.atMs);
    }
  }
}
