import { describe, expect, it } from 'vitest';
import { ACCOUNT_FAILURES, IP_FAILURES, SignInLimiter, WINDOW_MS } from './rate-limit';

describe('SignInLimiter', () => {
  it('refuses an account after its failures until the oldest leaves the window', () => {
    let now = 1_000_000;
    const limiter = new SignInLimiter(() => now);
    for (let i = 0; i < ACCOUNT_FAILURES; i++) {
      expect(limiter.retryAfter('ada@example.com', '10.0.0.1')).toBe(0);
      limiter.fail('ada@example.com', '10.0.0.1');
      now += 1000;
    }
    expect(limiter.retryAfter('ada@example.com', '10.0.0.9')).toBe(WINDOW_MS - ACCOUNT_FAILURES * 1000);
    expect(limiter.retryAfter('bob@example.com', '10.0.0.1')).toBe(0);
    now += WINDOW_MS;
    expect(limiter.retryAfter('ada@example.com', '10.0.0.1')).toBe(0);
  });

  it('refuses an address that fails on many accounts', () => {
    const now = 5_000;
    const limiter = new SignInLimiter(() => now);
    for (let i = 0; i < IP_FAILURES; i++) limiter.fail(`user${i}@example.com`, '10.0.0.2');
    expect(limiter.retryAfter('new@example.com', '10.0.0.2')).toBe(WINDOW_MS);
    expect(limiter.retryAfter('new@example.com', '10.0.0.3')).toBe(0);
  });

  it('clears an account on success', () => {
    const limiter = new SignInLimiter(() => 0);
    for (let i = 0; i < ACCOUNT_FAILURES; i++) limiter.fail('ada@example.com', `10.0.0.${i}`);
    expect(limiter.retryAfter('ada@example.com', '10.0.1.1')).toBeGreaterThan(0);
    limiter.succeed('ada@example.com');
    expect(limiter.retryAfter('ada@example.com', '10.0.1.1')).toBe(0);
  });
});
