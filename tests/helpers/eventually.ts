/**
 * Polls until `check` returns a value, for at most `ms`; returns it with the
 * time it took. For results the analyzer writes after the ingest request is
 * answered.
 */
export async function eventually<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<{ value: T; elapsed: number }> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return { value, elapsed: Date.now() - started };
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
