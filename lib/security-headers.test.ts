import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, nonceOf, referrerPolicy, securityHeaders } from './security-headers';

describe('security headers', () => {
  const nonce = newNonce();

  it('makes a new 128-bit nonce each time, which the policy carries and nonceOf reads back', () => {
    expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(nonce);
    const csp = contentSecurityPolicy('/traces', { nonce, embedOrigins: [] });
    expect(nonceOf(csp)).toBe(nonce);
    expect(nonceOf("default-src 'self'")).toBeUndefined();
    expect(nonceOf(undefined)).toBeUndefined();
  });

  it('lets scripts run only with the nonce: no unsafe-inline or unsafe-eval for scripts', () => {
    const csp = contentSecurityPolicy('/', { nonce, embedOrigins: [] });
    const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).toContain("form-action 'self'");
  });

  it("adds 'unsafe-eval' (and the dev server's socket) only in development", () => {
    const csp = contentSecurityPolicy('/', { nonce, embedOrigins: [], dev: true });
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'unsafe-eval'`);
    expect(csp).toContain("connect-src 'self' ws: wss:");
  });

  it('keeps the framing rules: pages by no one, embeds by BATON_EMBED_ORIGINS and Baton', () => {
    const page = securityHeaders('/traces', { nonce, embedOrigins: ['https://wiki.example.com'] });
    expect(page['Content-Security-Policy']).toMatch(/; frame-ancestors 'none'$/);
    expect(page['X-Frame-Options']).toBe('DENY');
    const embed = securityHeaders('/embed/metrics', { nonce, embedOrigins: ['https://wiki.example.com'] });
    expect(embed['Content-Security-Policy']).toMatch(/; frame-ancestors 'self' https:\/\/wiki\.example\.com$/);
    expect(embed['X-Frame-Options']).toBeUndefined();
  });

  it('lets nothing load or run in an API answer', () => {
    expect(contentSecurityPolicy('/api/v1/traces', { nonce, embedOrigins: [] })).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('sends nosniff and the referrer policy of the path: none at all from share pages', () => {
    expect(securityHeaders('/', { nonce, embedOrigins: [] })).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    expect(referrerPolicy('/s/abc')).toBe('no-referrer');
    expect(referrerPolicy('/sessions')).toBe('strict-origin-when-cross-origin');
  });
});
