/**
 * Sign-in attempts, limited (docs/security.md, "Sign-in"): after
 * ACCOUNT_FAILURES failed attempts on one account, or IP_FAILURES from one
 * address, within WINDOW_MS, further attempts are refused until the oldest
 * failure leaves the window. A successful sign-in clears the account's count.
 * Counts live in this process's memory; a restart clears them.
 */

export const WINDOW_MS = 15 * 60_000;
export const ACCOUNT_FAILURES = 5;
export const IP_FAILURES = 30;
const MAX_KEYS = 100_000;

export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - WINDOW_MS;
    const times = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Milliseconds to wait before another attempt, or 0 when one may be made now. */
  retryAfter(account: string, ip: string): number {
    const waits = [
      [this.recent(`a:${account}`), ACCOUNT_FAILURES],
      [this.recent(`i:${ip}`), IP_FAILURES],
    ] as const;
    let wait = 0;
    for (const [times, limit] of waits) {
      if (times.length >= limit) wait = Math.max(wait, times[times.length - limit]! + WINDOW_MS - this.now());
    }
    return wait;
  }

  fail(account: string, ip: string): void {
    if (this.failures.size >= MAX_KEYS) this.failures.clear();
    for (const key of [`a:${account}`, `i:${ip}`]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeed(account: string): void {
    this.failures.delete(`a:${account}`);
  }
}
