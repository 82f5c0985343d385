import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Values signed with BATON_AUTH_SECRET (docs/security.md): `value.mac`, the MAC
 * an HMAC-SHA256 under a key derived from the secret for one purpose, so a
 * value signed for one use (an OIDC sign-in in progress) is refused for
 * another (a session).
 */

export type SignedPurpose = 'session' | 'oidc-transaction';

function keyFor(secret: string, purpose: SignedPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'baton', `baton:${purpose}`, 32));
}

const mac = (key: Buffer, value: string) => createHmac('sha256', key).update(value).digest('base64url');

export class Signer {
  private readonly keys = new Map<SignedPurpose, Buffer>();

  constructor(private readonly secret: string) {
    if (secret.length < 32) throw new Error('BATON_AUTH_SECRET must be at least 32 characters');
  }

  private key(purpose: SignedPurpose): Buffer {
    let key = this.keys.get(purpose);
    if (!key) this.keys.set(purpose, (key = keyFor(this.secret, purpose)));
    return key;
  }

  sign(purpose: SignedPurpose, value: string): string {
    return `${value}.${mac(this.key(purpose), value)}`;
  }

  /** The value, or undefined when the signature does not match (tampered, other purpose, other secret). */
  verify(purpose: SignedPurpose, signed: string | undefined): string | undefined {
    if (!signed) return undefined;
    const dot = signed.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const value = signed.slice(0, dot);
    const given = Buffer.from(signed.slice(dot + 1), 'base64url');
    const expected = Buffer.from(mac(this.key(purpose), value), 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
  }
}
