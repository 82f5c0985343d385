import type { HandoffDetail } from '@/lib/schemas/handoffs';

/**
 * The rows of a handoff's side-by-side diff: one per fact key of either
 * side, with what happened to it at the handoff and what the contract says
 * about it. The drift result is authoritative (it knows grounding and the
 * contract); the sides only supply the values. Pure, unit-tested.
 */

export type DiffStatus = 'dropped' | 'changed' | 'added' | 'carried' | 'withheld' | 'unchanged';

export interface DiffRow {
  key: string;
  status: DiffStatus;
  /** Sender's and receiver's values; undefined where the side lacks the key or only digests were recorded. */
  from?: unknown;
  to?: unknown;
  inSender: boolean;
  inReceiver: boolean;
  /** What the sender's contract says about the key (or a path above it). */
  contract: ('required' | 'preserve' | 'forbidden')[];
  /** The key breaks the contract: required and missing, preserved but changed or lost, forbidden and crossed. */
  violation: boolean;
}

const ORDER: Record<DiffStatus, number> = { dropped: 0, changed: 1, added: 2, withheld: 3, carried: 4, unchanged: 5 };

const covers = (rule: string, key: string) => key === rule || key.startsWith(`${rule}.`);

export function diffRows(detail: Pick<HandoffDetail, 'handoff' | 'sender' | 'receiver'>): DiffRow[] {
  const { drift, contract } = detail.handoff;
  const keysOf = (side: HandoffDetail['sender']) => new Set(side ? (side.facts ? Object.keys(side.facts) : side.digests) : []);
  const sent = keysOf(detail.sender);
  const received = keysOf(detail.receiver);
  const dropped = new Set(drift.dropped);
  const changed = new Map(drift.changed.map((c) => [c.key, c]));
  const added = new Set(drift.added);
  // Text drift lists lines and quoted values of the given text, not fact keys: those are not rows.
  const all = drift.method === 'text' ? new Set([...sent, ...received]) : new Set([...sent, ...received, ...dropped, ...changed.keys(), ...added]);
  const violations = new Set([...drift.contractMissing, ...drift.preserveViolated, ...drift.forbiddenPresent]);
  const rows = [...all].map((key): DiffRow => {
    const inSender = sent.has(key) || dropped.has(key) || changed.has(key);
    const inReceiver = received.has(key) || changed.has(key) || added.has(key);
    const rules: DiffRow['contract'] = [];
    if (contract?.required.some((r) => covers(r, key))) rules.push('required');
    if (contract?.preserve.some((r) => covers(r, key))) rules.push('preserve');
    if (contract?.forbidden.some((r) => covers(r, key))) rules.push('forbidden');
    const status: DiffStatus = dropped.has(key)
      ? 'dropped'
      : changed.has(key)
        ? 'changed'
        : added.has(key)
          ? 'added'
          : inSender && !inReceiver
            ? 'withheld'
            : !inSender && inReceiver
              ? 'carried'
              : 'unchanged';
    const c = changed.get(key);
    return {
      key,
      status,
      from: c ? c.from : detail.sender?.facts?.[key],
      to: c ? c.to : detail.receiver?.facts?.[key],
      inSender,
      inReceiver,
      contract: rules,
      violation: [...violations].some((v) => covers(v, key)),
    };
  });
  return rows.sort((a, b) => ORDER[a.status] - ORDER[b.status] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A fact value as one line of text (telemetry is shown as text, never as markup). */
export function factText(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}
