/**
 * The bodies an insert is cut into. chDB's memory for one insert grows with
 * its body (about eight times the JSON: a 100 MiB body of spans took 870 MiB,
 * the same rows in sixteen inserts 120 MiB; docs/benchmarks.md), so a table's
 * rows go in bodies of at most `limit` bytes, cut between rows, one insert
 * after another. Parts smaller than that are joined; larger ones are cut in
 * place, without copying.
 */
export function* insertChunks(parts: readonly Buffer[], limit: number): Generator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = function* () {
    if (pendingBytes > 0) yield pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
  };
  for (const part of parts) {
    if (part.length === 0) continue;
    if (pendingBytes + part.length <= limit) {
      pending.push(part);
      pendingBytes += part.length;
      continue;
    }
    yield* flush();
    let start = 0;
    while (part.length - start > limit) {
      // Cut after the last row that fits (every row ends with a newline); a single row longer than the limit goes alone.
      const lastNewline = part.lastIndexOf(0x0a, start + limit - 1);
      const end = lastNewline >= start ? lastNewline + 1 : part.indexOf(0x0a, start + limit) + 1 || part.length;
      yield part.subarray(start, end);
      start = end;
    }
    if (start < part.length) {
      pending.push(part.subarray(start));
      pendingBytes += part.length - start;
    }
  }
  yield* flush();
}
