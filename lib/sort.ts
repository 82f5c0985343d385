/** Sorting table rows by a column, for the sortable tables. Pure. */

export type SortDir = 'asc' | 'desc';
export type SortValue = number | string | null | undefined;

/**
 * Rows ordered by `value`: numbers by value, text by locale; missing values
 * (null: "no data") always last, whatever the direction. Stable.
 */
export function sortRows<T>(rows: readonly T[], value: (row: T) => SortValue, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((a, b) => {
      const aMissing = a.v === null || a.v === undefined;
      const bMissing = b.v === null || b.v === undefined;
      if (aMissing || bMissing) return aMissing === bMissing ? a.i - b.i : aMissing ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c * sign || a.i - b.i;
    })
    .map((x) => x.row);
}

/** A sort read from the URL: a known column and a direction, else the default. */
export function parseSort(column: string | null, dir: string | null, columns: readonly string[], fallback: { column: string; dir: SortDir }): { column: string; dir: SortDir } {
  if (!column || !columns.includes(column)) return fallback;
  return { column, dir: dir === 'asc' ? 'asc' : 'desc' };
}
