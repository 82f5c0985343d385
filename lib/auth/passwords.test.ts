import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword, weakPassword } from './passwords';

describe('passwords', () => {
  it('stores a salted scrypt hash, never the password, and verifies it', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toContain('horse');
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
  });

  it('never matches an account without a password or a malformed hash', async () => {
    expect(await verifyPassword('', '')).toBe(false);
    expect(await verifyPassword('anything at all', undefined)).toBe(false);
    expect(await verifyPassword('anything at all', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99999999999$8$1$AAAA$AAAA')).toBe(false);
  });

  it('refuses short and huge new passwords', () => {
    expect(weakPassword('short')).toMatch(/at least 12/);
    expect(weakPassword('x'.repeat(2000))).toMatch(/at most/);
    expect(weakPassword('twelve chars')).toBeUndefined();
  });
});
