import { createHash } from 'node:crypto';
import type { ChangedFact, Constraint, Contract, Drift, DriftMethod, FactValue, Severity, Snapshot } from './types';
import { textSimilarity } from './text-drift';
import { sameValue } from './values';
import { dict } from '@/lib/domain/json';

/**
 * Drift at a handoff (docs/analysis.md, "Drift"): what of the sender's context did not
 * arrive, arrived changed, or appeared from nowhere at the receiver, and what
 * of the sender's contract the receiver breaks. Pure; docs/analysis.md gives
 * every rule and the reasons.
 */

export interface DriftInput {
  sender: Snapshot;
  receiver: Snapshot;
  /** The contract the sender attached (usually on its `sent` snapshot). */
  contract: Contract | null;
  /** Whether something earlier in the session holds this fact (key and value; value null in digest mode). */
  grounded: (key: string, value: FactValue | null) => boolean;
}

/** Below this text similarity, two free texts count as drifted (severity info). */
export const TEXT_DRIFT_BELOW = 0.8;

/** The digest Baton would compute of a fact value: `sha256:` + hex of its canonical JSON. */
export function factDigest(value: FactValue): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}

function canonicalJson(v: FactValue): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k] as FactValue)}`)
      .join(',')}}`;
  }
  return JSON.stringify(typeof v === 'string' ? v.trim() : v);
}

/** One side's facts as the comparison sees them: values, or only digests in privacy mode. */
interface Side {
  keys: string[];
  /** The value of a key, null in digest mode. */
  value(key: string): FactValue | null;
  /** What equality compares: the value, or the digest. */
  token(key: string): FactValue | undefined;
}

const has = (side: Side, key: string) => side.token(key) !== undefined;

/** Digests for a snapshot: its declared digests, else digests Baton computes from its values. */
function digestsOf(s: Snapshot): Record<string, string> {
  if (s.digests) return s.digests;
  const out = dict<string>();
  for (const [k, v] of Object.entries(s.facts ?? {})) out[k] = factDigest(v);
  return out;
}

function sides(sender: Snapshot, receiver: Snapshot): { s: Side; r: Side; same: (a: FactValue, b: FactValue) => boolean; method: DriftMethod } {
  if (sender.digests === null && receiver.digests === null) {
    const side = (facts: Record<string, FactValue>): Side => ({ keys: Object.keys(facts), value: (k) => facts[k] ?? null, token: (k) => facts[k] });
    return { s: side(sender.facts ?? {}), r: side(receiver.facts ?? {}), same: sameValue, method: 'snapshot' };
  }
  // Either side in privacy mode: compare digests, computing them for a side that sent values.
  const side = (digests: Record<string, string>): Side => ({ keys: Object.keys(digests), value: () => null, token: (k) => digests[k] });
  return { s: side(digestsOf(sender)), r: side(digestsOf(receiver)), same: (a, b) => a === b, method: 'digest' };
}

/** A key of the contract is held by a side when the side has it or a path under it (`customer` ← `customer.id`). */
function holdsKey(side: Side, key: string): boolean {
  return has(side, key) || side.keys.some((k) => k.startsWith(`${key}.`));
}

function keysUnder(side: Side, key: string): string[] {
  return side.keys.filter((k) => k === key || k.startsWith(`${key}.`));
}

const constraintText = (c: Constraint) => c.text.toLowerCase().replace(/\s+/g, ' ').trim();

function droppedConstraints(sender: Constraint[] | null, receiver: Constraint[] | null): string[] {
  const have = receiver ?? [];
  const ids = new Set(have.flatMap((c) => (c.id ? [c.id] : [])));
  const texts = new Set(have.map(constraintText));
  return (sender ?? [])
    .filter((c) => !(c.id && ids.has(c.id)) && !texts.has(constraintText(c)))
    .map((c) => c.id ?? c.text);
}

export function severityOf(d: Omit<Drift, 'severity' | 'method'>): Severity {
  if (d.contractMissing.length || d.preserveViolated.length || d.forbiddenPresent.length || d.constraintsDropped.length) return 'critical';
  if (d.dropped.length || d.changed.length) return 'warning';
  if (d.added.length || (d.textSimilarity !== null && d.textSimilarity < TEXT_DRIFT_BELOW)) return 'info';
  return 'none';
}

/**
 * Fidelity: the share of the items the sender handed over (its facts, forbidden ones aside, its
 * constraints and its contract's entries) that arrived as they left, to 3 decimals; 1 when it sent none.
 */
export const fidelityShare = (items: number, lost: number): number => (items === 0 ? 1 : Math.round((Math.max(0, items - lost) / items) * 1000) / 1000);

export function snapshotDrift({ sender, receiver, contract, grounded }: DriftInput): Drift {
  const { s, r, same, method } = sides(sender, receiver);
  const differs = (k: string) => !same(s.token(k) as FactValue, r.token(k) as FactValue);
  const c = contract ?? { required: [], preserve: [], forbidden: [] };
  // A key the contract forbids is meant to stay behind: withholding it is no loss.
  const forbidden = (k: string) => c.forbidden.some((f) => k === f || k.startsWith(`${f}.`));
  const sent = s.keys.filter((k) => !forbidden(k));
  const dropped = sent.filter((k) => !has(r, k));
  const changed: ChangedFact[] = sent.filter((k) => has(r, k) && differs(k)).map((k) => ({ key: k, from: s.value(k), to: r.value(k) }));
  const added = r.keys.filter((k) => !has(s, k) && !grounded(k, r.value(k)));
  const receiverConstraintIds = new Set((receiver.constraints ?? []).flatMap((c) => (c.id ? [c.id] : [])));
  const contractMissing = c.required.filter((k) => !holdsKey(r, k) && !receiverConstraintIds.has(k));
  const preserveViolated = c.preserve.filter((p) => keysUnder(s, p).some((k) => !has(r, k) || differs(k)));
  const forbiddenPresent = c.forbidden.filter((k) => holdsKey(r, k));
  const constraintsDropped = droppedConstraints(sender.constraints, receiver.constraints);
  // Fidelity counts everything the sender handed over: facts, constraints and contract entries.
  const items = sent.length + (sender.constraints?.length ?? 0) + c.required.length + c.preserve.length + c.forbidden.length;
  const lost = dropped.length + changed.length + constraintsDropped.length + contractMissing.length + preserveViolated.length + forbiddenPresent.length;
  const partial = {
    dropped,
    changed,
    added,
    contractMissing,
    preserveViolated,
    forbiddenPresent,
    constraintsDropped,
    fidelity: fidelityShare(items, lost),
    textSimilarity: sender.text !== null && receiver.text !== null ? textSimilarity(sender.text, receiver.text) : null,
    truncated: receiver.truncated,
  };
  return { ...partial, severity: severityOf(partial), method };
}
