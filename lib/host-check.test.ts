import { describe, expect, it } from 'vitest';
import { hostName, isLoopbackInterface, misdirectedAnswer, servedHost } from './host-check';

describe('loopback interfaces', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'Localhost'])('%s is loopback', (host) => {
    expect(isLoopbackInterface(host)).toBe(true);
  });
  it.each(['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'baton.internal', '127.0.0.1.nip.io', ''])('%s is not', (host) => {
    expect(isLoopbackInterface(host)).toBe(false);
  });
});

describe('the Host header check (DNS rebinding)', () => {
  const PUBLIC = 'https://baton.example.com';

  it.each([
    'localhost',
    'localhost:3000',
    'LOCALHOST:3000',
    'localhost.:3000',
    'app.localhost:3000',
    '127.0.0.1',
    '127.0.0.1:3000',
    '10.1.2.3:8080',
    '[::1]:3000',
    '[2001:db8::1]',
    'baton.example.com',
    'Baton.Example.com:443',
  ])('serves Host: %s', (host) => {
    expect(servedHost(host, PUBLIC)).toBe(true);
  });

  it.each([
    'evil.example',
    'evil.example:3000',
    'baton.example.com.evil.example',
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    'baton.example.com:3000@evil.example',
    '[::1',
    'a:b:c',
    '',
  ])('refuses Host: %j', (host) => {
    expect(servedHost(host, PUBLIC)).toBe(false);
  });

  it('refuses a missing Host, and any domain name but loopback ones when BATON_PUBLIC_URL is unset', () => {
    expect(servedHost(undefined, PUBLIC)).toBe(false);
    expect(servedHost('baton.example.com', undefined)).toBe(false);
    expect(servedHost('localhost:3000', undefined)).toBe(true);
  });

  it('reads the host name of a Host header', () => {
    expect(hostName('Example.COM:80')).toBe('example.com');
    expect(hostName('[::1]:3000')).toBe('::1');
    expect(hostName('example.com:99999999')).toBeUndefined();
  });

  it('answers 421 with the API error shape under /api/ and text elsewhere, naming the setting', () => {
    const api = misdirectedAnswer('/api/v1/traces');
    expect(api.status).toBe(421);
    expect(JSON.parse(api.body)).toEqual({ error: { code: 'misdirected_request', message: expect.stringContaining('BATON_PUBLIC_URL') } });
    const page = misdirectedAnswer('/traces');
    expect(page.contentType).toMatch(/^text\/plain/);
    expect(page.body).toMatch(/^421 Misdirected Request\n\n.*BATON_PUBLIC_URL/);
  });
});
