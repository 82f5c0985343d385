import { isIP } from 'node:net';

/**
 * Which addresses Baton listens on and which names it answers to
 * (docs/security.md, "Listening and hosts").
 *
 * Listening: without sign-in the UI and API stay on the loopback interface
 * (lib/env.ts enforces it with isLoopbackInterface).
 *
 * Answering: a page on evil.example can make its own name resolve to
 * 127.0.0.1 (DNS rebinding) and then read a Baton on the visitor's laptop as
 * "same origin". The browser still sends `Host: evil.example`, so the UI
 * server answers only requests whose Host is one it serves: the host of
 * BATON_PUBLIC_URL, the loopback names, and IP literals (rebinding needs a
 * domain name, so an IP literal cannot be one), on any port. Everything else
 * gets 421 Misdirected Request before Next.js sees the request.
 */

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`: an interface only this machine reaches. */
export function isLoopbackInterface(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** The host name of a Host header (`name`, `name:port`, `[v6]:port`), lower-cased, without a trailing dot; undefined when malformed. */
export function hostName(header: string): string | undefined {
  const m = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/i.exec(header) ?? /^([^:[\]\s/@]+)(?::\d{1,5})?$/.exec(header);
  if (!m) return undefined;
  return (m[1] ?? '').toLowerCase().replace(/\.$/, '');
}

/** Whether Baton answers a request with this Host header, given BATON_PUBLIC_URL (an origin). */
export function servedHost(header: string | undefined, publicUrl: string | undefined): boolean {
  if (!header) return false;
  const name = hostName(header);
  if (name === undefined) return false;
  if (isIP(name) !== 0) return true;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return publicUrl !== undefined && name === new URL(publicUrl).hostname.toLowerCase();
}

export interface MisdirectedAnswer {
  status: 421;
  contentType: string;
  body: string;
}

const MESSAGE =
  'Baton does not serve this host name. Reach it at the address in BATON_PUBLIC_URL (set it to the origin people use, ' +
  'e.g. https://baton.example.com), at localhost, or at an IP address; behind a reverse proxy, pass the original Host header on.';

/** The 421 answer: the API's JSON error shape under /api/, plain text elsewhere. */
export function misdirectedAnswer(path: string): MisdirectedAnswer {
  if (path === '/api' || path.startsWith('/api/')) {
    return { status: 421, contentType: 'application/json', body: JSON.stringify({ error: { code: 'misdirected_request', message: MESSAGE } }) };
  }
  return { status: 421, contentType: 'text/plain; charset=utf-8', body: `421 Misdirected Request\n\n${MESSAGE}\n` };
}
