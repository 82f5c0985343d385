/**
 * A live list that holds still (issue 13): while the reader's pointer or
 * focus is on it, the rows shown are the ones held when the hold began, and
 * the rows a refresh brought that are not among them are counted as new.
 * Pure.
 */

/** The fresh rows that the held ones do not hold, in the fresh list's order. */
export function newRows<T>(held: readonly T[], fresh: readonly T[], keyOf: (row: T) => string): T[] {
  const seen = new Set(held.map(keyOf));
  return fresh.filter((r) => !seen.has(keyOf(r)));
}

export interface Hold<T> {
  /** The query the rows were held from (its key): rows held from another list are not held over it. */
  key: string;
  rows: T[];
  /** When the held rows were fetched (ms): what their "ago" is measured from. */
  at: number;
}

/** What the list shows: the held rows while a hold on this same list lasts, else the fresh ones; and how many fresh rows wait. */
export function heldView<T>(hold: Hold<T> | null, fresh: T[], key: string, keyOf: (row: T) => string): { rows: T[]; waiting: number; held: boolean } {
  if (!hold || hold.key !== key) return { rows: fresh, waiting: 0, held: false };
  return { rows: hold.rows, waiting: newRows(hold.rows, fresh, keyOf).length, held: true };
}
