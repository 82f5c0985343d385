/** Orders texts by UTF-16 code units, as `<` does (not by locale): ids, hashes, names. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
