import { describe, expect, it } from 'vitest';
import { Signer } from './signed';

const SECRET = 'a-secret-of-at-least-32-characters-long';

describe('Signer', () => {
  const signer = new Signer(SECRET);

  it('gives back what it signed', () => {
    expect(signer.verify('session', signer.sign('session', 'abc.def'))).toBe('abc.def');
  });

  it('refuses a tampered value, a tampered MAC, another purpose and another secret', () => {
    const signed = signer.sign('session', 'abc');
    expect(signer.verify('session', signed.replace('abc', 'abd'))).toBeUndefined();
    expect(signer.verify('session', `${signed.slice(0, -2)}xx`)).toBeUndefined();
    expect(signer.verify('oidc-transaction', signed)).toBeUndefined();
    expect(new Signer(`${SECRET}!`).verify('session', signed)).toBeUndefined();
    expect(signer.verify('session', 'abc')).toBeUndefined();
    expect(signer.verify('session', undefined)).toBeUndefined();
  });

  it('refuses a short secret', () => {
    expect(() => new Signer('short')).toThrow(/32 characters/);
  });
});
