import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { accessMode, accessModeOf, ConfigError, parseEnv, signInConfigured } from './env';

describe('settings', () => {
  it('reads BATON_EMBED_ORIGINS as a list of origins', () => {
    expect(parseEnv({ BATON_EMBED_ORIGINS: ' https://wiki.example.com , http://localhost:8080 ' }).BATON_EMBED_ORIGINS).toEqual(['https://wiki.example.com', 'http://localhost:8080']);
    expect(parseEnv({}).BATON_EMBED_ORIGINS).toEqual([]);
  });

  it('refuses an embed origin that is not an origin, naming the setting', () => {
    expect(() => parseEnv({ BATON_EMBED_ORIGINS: 'https://ok.example.com,wiki.example.com/page' })).toThrow(ConfigError);
    expect(() => parseEnv({ BATON_EMBED_ORIGINS: 'https://ok.example.com,wiki.example.com/page' })).toThrow(/BATON_EMBED_ORIGINS: "wiki.example.com\/page" is not an origin/);
  });

  it('reads BATON_INGEST_WORKERS, one per core beyond the first by default, and refuses nonsense', () => {
    expect(parseEnv({}).BATON_INGEST_WORKERS).toBe(Math.min(4, Math.max(1, os.availableParallelism() - 1)));
    expect(parseEnv({ BATON_INGEST_WORKERS: '0' }).BATON_INGEST_WORKERS).toBe(0);
    expect(() => parseEnv({ BATON_INGEST_WORKERS: '-1' })).toThrow(/BATON_INGEST_WORKERS must be 0 or more/);
    expect(() => parseEnv({ BATON_INGEST_WORKERS: '1.5' })).toThrow(/BATON_INGEST_WORKERS must be a whole number/);
  });
});

describe('access settings (docs/security.md, "Listening and hosts")', () => {
  const SECRET = 'x'.repeat(32);
  const OIDC = { BATON_OIDC_ISSUER: 'https://login.example.com/realms/main', BATON_OIDC_CLIENT_ID: 'baton', BATON_OIDC_CLIENT_SECRET: 'shh', BATON_PUBLIC_URL: 'https://baton.example.com' };

  it('listens on loopback without sign-in, on every interface with it; the receivers on every interface', () => {
    expect(parseEnv({})).toMatchObject({ BATON_HOST: '127.0.0.1', BATON_OTLP_HOST: '0.0.0.0' });
    expect(accessMode(parseEnv({}))).toBe('loopback');
    expect(parseEnv({ BATON_AUTH_SECRET: SECRET }).BATON_HOST).toBe('0.0.0.0');
    expect(accessMode(parseEnv({ BATON_AUTH_SECRET: SECRET }))).toBe('sign-in');
    expect(signInConfigured(parseEnv({ BATON_AUTH_SECRET: SECRET }))).toBe(true);
    expect(signInConfigured(parseEnv({}))).toBe(false);
    expect(parseEnv({ BATON_OTLP_HOST: '127.0.0.1' }).BATON_OTLP_HOST).toBe('127.0.0.1');
  });

  it('takes an IPv6 interface with or without brackets', () => {
    expect(parseEnv({ BATON_HOST: '[::1]', BATON_OTLP_HOST: '[::]' })).toMatchObject({ BATON_HOST: '::1', BATON_OTLP_HOST: '::' });
  });

  it('never reads HOSTNAME (containers set it to their own id)', () => {
    expect(parseEnv({ HOSTNAME: 'a1b2c3d4e5f6' })).toMatchObject({ BATON_HOST: '127.0.0.1', BATON_OTLP_HOST: '0.0.0.0' });
  });

  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'])('accepts the loopback interface %s without sign-in', (host) => {
    expect(accessMode(parseEnv({ BATON_HOST: host }))).toBe('loopback');
  });

  it.each(['0.0.0.0', '::', '192.168.1.20', 'baton.internal'])('refuses to serve %s without sign-in, naming the settings and the fixes', (host) => {
    expect(() => parseEnv({ BATON_HOST: host })).toThrow(ConfigError);
    expect(() => parseEnv({ BATON_HOST: host })).toThrow(new RegExp(`BATON_HOST=${host.replace('.', '\\.')} serves other machines, but no sign-in is configured: set BATON_AUTH_SECRET .* or BATON_AUTH=none .* or listen on 127\\.0\\.0\\.1 only`));
  });

  it('serves another interface without sign-in only with BATON_AUTH=none: the open mode', () => {
    expect(accessMode(parseEnv({ BATON_HOST: '0.0.0.0', BATON_AUTH: 'none' }))).toBe('open');
    expect(accessMode(parseEnv({ BATON_AUTH: 'none' }))).toBe('loopback');
    expect(accessMode(parseEnv({ BATON_HOST: '0.0.0.0', BATON_AUTH_SECRET: SECRET }))).toBe('sign-in');
  });

  it('refuses BATON_AUTH other than none, and none together with a secret', () => {
    expect(() => parseEnv({ BATON_AUTH: 'off' })).toThrow(/BATON_AUTH must be unset or "none"/);
    expect(() => parseEnv({ BATON_AUTH: 'none', BATON_AUTH_SECRET: SECRET })).toThrow(/BATON_AUTH=none and BATON_AUTH_SECRET contradict each other: unset BATON_AUTH .* or unset BATON_AUTH_SECRET/);
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => parseEnv({ BATON_AUTH_SECRET: 'short' })).toThrow(/BATON_AUTH_SECRET must be at least 32 characters/);
  });

  it('takes BATON_PUBLIC_URL as an origin, trailing slash tolerated, and refuses anything else', () => {
    expect(parseEnv({ BATON_PUBLIC_URL: 'https://Baton.Example.com/' }).BATON_PUBLIC_URL).toBe('https://baton.example.com');
    expect(parseEnv({ BATON_PUBLIC_URL: 'http://10.0.0.5:3000' }).BATON_PUBLIC_URL).toBe('http://10.0.0.5:3000');
    for (const bad of ['baton.example.com', 'https://baton.example.com/baton', 'ftp://baton.example.com', 'https://user@baton.example.com', 'https://baton.example.com?x=1']) {
      expect(() => parseEnv({ BATON_PUBLIC_URL: bad }), bad).toThrow(/BATON_PUBLIC_URL: .* is not an origin like https:\/\/baton\.example\.com/);
    }
  });

  it('takes a complete OpenID Connect configuration', () => {
    const env = parseEnv({ ...OIDC, BATON_AUTH_SECRET: SECRET });
    expect(env).toMatchObject({ BATON_OIDC_ISSUER: OIDC.BATON_OIDC_ISSUER, BATON_OIDC_CLIENT_ID: 'baton', BATON_OIDC_CLIENT_SECRET: 'shh' });
    expect(() => parseEnv({ ...OIDC, BATON_AUTH_SECRET: SECRET, BATON_OIDC_ISSUER: 'login.example.com' })).toThrow(/BATON_OIDC_ISSUER must be the URL of an OpenID provider/);
  });

  it('refuses a partial OpenID Connect configuration, naming what is missing', () => {
    expect(() => parseEnv({ ...OIDC })).toThrow(/OpenID Connect is partly configured .*: set BATON_AUTH_SECRET as well/);
    expect(() => parseEnv({ ...OIDC, BATON_AUTH_SECRET: SECRET, BATON_PUBLIC_URL: undefined })).toThrow(/set BATON_PUBLIC_URL as well/);
    expect(() => parseEnv({ BATON_AUTH_SECRET: SECRET, BATON_PUBLIC_URL: 'https://baton.example.com', BATON_OIDC_ISSUER: OIDC.BATON_OIDC_ISSUER })).toThrow(
      /OpenID Connect is partly configured \(BATON_OIDC_ISSUER set\): set BATON_OIDC_CLIENT_ID, BATON_OIDC_CLIENT_SECRET as well, or unset BATON_OIDC_ISSUER/,
    );
  });

  it('reads the access mode server.ts passes to the pages, no warning when it is missing', () => {
    expect(accessModeOf('open')).toBe('open');
    expect(accessModeOf('sign-in')).toBe('sign-in');
    expect(accessModeOf(null)).toBe('loopback');
    expect(accessModeOf('whatever')).toBe('loopback');
  });
});
