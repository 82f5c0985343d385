import type { DecodedSpan } from '@/ingest/otlp/types';
import { attrs, hexId, makeEvent, makeSpan, nsAt } from './factories';

/**
 * Random multi-agent sessions for property tests: a few turns of agent spans
 * with checkpoints, explicit handoffs (some received in a later turn),
 * handoff tools, links to earlier turns and declared updates, with values
 * that compare equal in different spellings. The same seed gives the same
 * session.
 */

/** A small seeded generator (mulberry32): the same seed gives the same sessions. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T, chance: (p: number) => next() < p };
}

const AGENTS = ['triage', 'billing', 'refunds'];
const KEYS = ['budget', 'city', 'trip.budget', 'order'];
const VALUES: unknown[] = [300, '300', 250, 'Lyon', ' Lyon ', true, null, [1]];
const T0 = Date.now() - 3_600_000;

export interface RandomSessionOptions {
  /** Names the session's user on every root span (cross-session contradictions need one). */
  userId?: string;
  /** Checkpoints also record a token count (the context chart). */
  tokens?: boolean;
  /** Turns: 2 to 4 by default. */
  turns?: number;
}

/** A session of a few turns, as OTLP spans (with snapshot events) of the GenAI conventions. */
export function randomSession(seed: number, sessionId: string, options: RandomSessionOptions = {}): DecodedSpan[] {
  const r = rng(seed);
  const spans: DecodedSpan[] = [];
  const handoffs: string[] = [];
  let n = 0;
  const facts = () => {
    const out: Record<string, unknown> = {};
    for (let i = r.int(3); i >= 0; i--) out[r.pick(KEYS)] = r.pick(VALUES);
    return JSON.stringify(out);
  };
  const tokens = (): Record<string, string> => (options.tokens ? { 'baton.snapshot.tokens': String(r.int(8000)), 'baton.snapshot.token_limit': '8000' } : {});
  for (let t = 0; t < (options.turns ?? 2 + r.int(3)); t++) {
    const traceId = hexId(seed * 10 + t, 16, 0xa);
    const start = T0 + t * 1000 + r.int(300);
    const span = (parent: string, agent: string, at: number, extra: Partial<DecodedSpan> = {}, more: Record<string, string> = {}) => {
      const s = makeSpan({
        traceId,
        spanId: hexId(seed * 1000 + ++n, 8, 0xb),
        parentSpanId: parent,
        name: agent ? `invoke_agent ${agent}` : 'execute_tool',
        startNs: nsAt(at),
        endNs: nsAt(at + 50),
        attrs: attrs({ ...(agent ? { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent } : {}), 'session.id': sessionId, ...more }),
        ...extra,
      });
      spans.push(s);
      return s;
    };
    const root = span('', r.pick(AGENTS), start, {
      events: r.chance(0.7) ? [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': facts(), ...tokens() }, nsAt(start + 1))] : [],
    }, options.userId ? { 'user.id': options.userId } : {});
    for (let c = 0; c < 1 + r.int(3); c++) {
      const at = start + 10 + c * 20;
      const agent = r.pick(AGENTS);
      const id = `h-${seed}-${handoffs.length}`;
      const explicit = r.chance(0.5);
      if (explicit) handoffs.push(id);
      const events = [
        ...(explicit ? [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'received', 'baton.handoff.id': id, 'baton.snapshot.facts': facts() }, nsAt(at + 2))] : []),
        ...(r.chance(0.4) ? [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'checkpoint', 'baton.snapshot.facts': facts(), ...tokens(), ...(r.chance(0.3) ? { 'baton.snapshot.updates': JSON.stringify([r.pick(KEYS)]) } : {}) }, nsAt(at + 5))] : []),
        // The receiving side of an earlier turn's handoff.
        ...(handoffs.length > 1 && r.chance(0.2) ? [makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'received', 'baton.handoff.id': r.pick(handoffs.slice(0, -1)), 'baton.snapshot.facts': facts() }, nsAt(at + 7))] : []),
      ];
      const child = span(root.spanId, agent, at, { events });
      // Every other explicit handoff requires a key (no extra draw: the other tests' sessions stay as they were), so some are critical.
      const contract: Record<string, string> = handoffs.length % 2 === 0 ? { 'baton.handoff.contract': JSON.stringify({ required: [KEYS[0]] }) } : {};
      if (explicit) root.events.push(makeEvent('baton.context.snapshot', { 'baton.snapshot.phase': 'sent', 'baton.handoff.id': id, 'baton.handoff.to': agent, 'baton.snapshot.facts': facts(), ...contract }, nsAt(at - 1)));
      if (r.chance(0.3)) span(child.spanId, '', at + 3, {}, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': `transfer_to_${r.pick(AGENTS)}` });
      if (r.chance(0.2) && t > 0) {
        const earlier = spans.filter((s) => s.traceId !== traceId);
        const target = r.pick(earlier);
        child.links.push({ traceId: target.traceId, spanId: target.spanId, traceState: '', attrs: attrs(), droppedAttributesCount: 0, flags: 0 });
      }
    }
  }
  return spans;
}

export function shuffle<T>(r: ReturnType<typeof rng>, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
  return xs;
}
