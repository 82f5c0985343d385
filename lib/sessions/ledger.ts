import { sameValue, valueText } from '@/lib/analysis/values';
import type { FactValue } from '@/lib/analysis/types';
import type { Contradiction, FactObservation, SessionTurn } from '@/lib/schemas/sessions';

/**
 * The fact ledger as a table: one row per fact key, one column per snapshot
 * (in time order), each cell the value that snapshot held, flagged against the
 * key's previous observation: unchanged, changed, changed on purpose (a
 * declared update), and whether the analysis called it a contradiction (each
 * observation says so itself). Values are compared as the analysis compares
 * them (`"300"` equals `300`). The ledger arrives a page at a time in ledger
 * order, so the observations loaded are always its beginning, and each cell
 * is flagged against the one before it as in the whole ledger. Pure.
 */

export interface LedgerColumn {
  id: string;
  time: string;
  agent: string;
  phase: string;
  traceId: string;
  spanId: string;
  /** 1-based turn of the snapshot's trace; null when that turn is not loaded (or not one of the session's). */
  turn: number | null;
}

/** `first`: the key's first observation; `same`: as before; `changed`: differs, undeclared; `declared`: differs on purpose. */
export type CellChange = 'first' | 'same' | 'changed' | 'declared';

export interface LedgerCell {
  text: string;
  change: CellChange;
  /** The value before, when this one differs from it (or contradicts the previous session). */
  previous: string | null;
  contradiction: Contradiction['scope'] | null;
}

export interface LedgerRow {
  key: string;
  /** One per column; null where that snapshot does not hold the key. */
  cells: (LedgerCell | null)[];
  /** Value changes, declared or not. */
  changes: number;
  contradictions: number;
}

export interface Ledger {
  columns: LedgerColumn[];
  rows: LedgerRow[];
}

const columnId = (f: Pick<FactObservation, 'traceId' | 'spanId' | 'time' | 'phase' | 'agent'>) => `${f.traceId}/${f.spanId}/${f.time}/${f.phase}/${f.agent}`;

/** A value as the ledger prints it: strings as they are, anything else as JSON. */
export function formatValue(v: unknown): string {
  return valueText(v as FactValue);
}

export function factLedger(facts: readonly FactObservation[], turns: readonly Pick<SessionTurn, 'traceId' | 'turn'>[] = []): Ledger {
  const turnOf = new Map(turns.map((t) => [t.traceId, t.turn]));
  const columns: LedgerColumn[] = [];
  const columnIndex = new Map<string, number>();
  for (const f of facts) {
    const id = columnId(f);
    if (columnIndex.has(id)) continue;
    columnIndex.set(id, columns.length);
    columns.push({ id, time: f.time, agent: f.agent, phase: f.phase, traceId: f.traceId, spanId: f.spanId, turn: turnOf.get(f.traceId) ?? null });
  }

  const rows = new Map<string, LedgerRow>();
  const last = new Map<string, unknown>();
  for (const f of facts) {
    let row = rows.get(f.key);
    if (!row) {
      row = { key: f.key, cells: columns.map(() => null), changes: 0, contradictions: 0 };
      rows.set(f.key, row);
    }
    const seen = last.has(f.key);
    const before = last.get(f.key);
    const differs = seen && !sameValue(before as FactValue, f.value as FactValue);
    const contradiction = f.contradiction;
    const change: CellChange = differs ? (f.declared ? 'declared' : 'changed') : seen ? 'same' : f.declared ? 'declared' : 'first';
    const previous = differs ? formatValue(before) : contradiction ? formatValue(contradiction.from) : null;
    row.cells[columnIndex.get(columnId(f))!] = { text: formatValue(f.value), change, previous, contradiction: contradiction?.scope ?? null };
    if (differs) row.changes += 1;
    if (contradiction) row.contradictions += 1;
    last.set(f.key, f.value);
  }
  return { columns, rows: [...rows.values()].sort((a, b) => a.key.localeCompare(b.key)) };
}

/** Only the keys whose value changed or was contradicted (the ones worth reading first), and the snapshots that hold them. */
export function changedRows(ledger: Ledger): Ledger {
  const rows = ledger.rows.filter((r) => r.changes > 0 || r.contradictions > 0);
  const keep = ledger.columns.map((_, i) => rows.some((r) => r.cells[i] !== null));
  return {
    columns: ledger.columns.filter((_, i) => keep[i]),
    rows: rows.map((r) => ({ ...r, cells: r.cells.filter((_, i) => keep[i]) })),
  };
}
