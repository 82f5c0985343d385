import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Local accounts' passwords (docs/security.md, "Local accounts"): stored only
 * as scrypt hashes, `scrypt$N$r$p$salt$hash` (salt and hash base64url), so the
 * cost can be raised later without breaking stored hashes. Verifying an
 * unknown account still spends one hash, so the answer's timing does not say
 * whether the account exists.
 */

const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Longer passwords are refused: scrypt's work does not depend on them, but parsing megabytes of form does. */
export const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 12;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Why a new password cannot be used, or undefined when it can. */
export function weakPassword(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const UNKNOWN_ACCOUNT = `scrypt$${COST.N}$${COST.r}$${COST.p}$${Buffer.alloc(SALT_BYTES).toString('base64url')}$${Buffer.alloc(KEY_BYTES).toString('base64url')}`;

/** True when the password matches the stored hash; an empty or malformed hash never matches (but still costs a hash). */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  const parts = (stored || UNKNOWN_ACCOUNT).split('$');
  const [scheme, n, r, p, salt, hash] = parts;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const wellFormed = parts.length === 6 && scheme === 'scrypt' && [cost.N, cost.r, cost.p].every((v) => Number.isInteger(v) && v > 0) && cost.N <= 2 ** 20;
  const usable = wellFormed ? { salt: Buffer.from(salt!, 'base64url'), hash: Buffer.from(hash!, 'base64url'), cost } : undefined;
  const key = await derive(password, usable?.salt ?? Buffer.alloc(SALT_BYTES), usable?.cost ?? COST);
  const expected = usable?.hash.length === KEY_BYTES ? usable.hash : Buffer.alloc(KEY_BYTES);
  return timingSafeEqual(key, expected) && usable !== undefined && stored !== undefined && stored !== '';
}
