import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secrets of API tokens and ingest keys (docs/security.md, "API tokens",
 * "Ingest keys"): 32 random bytes behind a prefix that says what they are
 * (`baton_tok_…`, `baton_ik_…`, so a leaked one is recognisable in a log or a
 * secret scanner), shown once and stored only as their SHA-256.
 *
 * SHA-256 and not scrypt: scrypt is for passwords, whose few bits of entropy a
 * slow hash protects against guessing. A 256-bit random secret cannot be
 * guessed however fast the hash is, so a fast one is as safe, and lets every
 * request (an export, an API call) be checked by one hash and one lookup.
 */

export const SECRET_PREFIXES = { 'api-token': 'baton_tok_', 'ingest-key': 'baton_ik_' } as const;
export type SecretKind = keyof typeof SECRET_PREFIXES;

/** A new secret of this kind and the hash that is stored for it. */
export function newSecret(kind: SecretKind): { secret: string; hash: string } {
  const secret = `${SECRET_PREFIXES[kind]}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSecret(secret) };
}

/** SHA-256 of the whole secret (prefix included), as hex. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Two hex hashes compared in constant time. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** The secret of `Authorization: Bearer <secret>`, if the header has that form. */
export function bearerSecret(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec((authorization ?? '').trim());
  return match?.[1];
}
