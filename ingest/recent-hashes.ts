/**
 * Content-addressed rows (snapshot bodies, resources) written recently. The
 * writer skips rows whose hash it wrote within the hour; ReplacingMergeTree
 * would collapse the copies anyway, this only saves the work. A row seen again
 * after the hour is rewritten, which refreshes its last_seen for retention.
 */
export class RecentHashes {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly max = 50_000,
    private readonly ttlMs = 3_600_000,
  ) {}

  /** The entries of all the maps whose hash was not written within the hour. */
  fresh(maps: Iterable<ReadonlyMap<string, string>>, now: number): Map<string, string> {
    const out = new Map<string, string>();
    for (const map of maps) {
      for (const [hash, content] of map) {
        const at = this.seen.get(hash);
        if (at === undefined || now - at >= this.ttlMs) out.set(hash, content);
      }
    }
    return out;
  }

  /** Records hashes as written (call only after the insert succeeded). */
  add(hashes: Iterable<string>, now: number): void {
    for (const h of hashes) {
      this.seen.delete(h);
      this.seen.set(h, now);
    }
    while (this.seen.size > this.max) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
  }
}
