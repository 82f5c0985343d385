import { createServer, type Server } from 'node:http';
import { addUser, signIn, TEST_AUTH_SECRET } from './accounts';
import { freePort, newDataDir, startBaton, type BatonProcess } from './server';

/**
 * A Baton that requires sign-in, with the three people the sharing tests use
 * (an admin of every project, an editor and a viewer of "default", signed in),
 * and a wiki on another origin that BATON_EMBED_ORIGINS allows to frame it.
 */

export interface Team {
  baton: BatonProcess;
  /** Session cookies (name=value). */
  admin: string;
  editor: string;
  viewer: string;
  /** The wiki's port: `http://127.0.0.1:<port>/?src=<url>` frames the url. */
  wikiPort: number;
  /** A call to Baton's UI port as its own pages make it (same Origin), with a cookie and extra headers. */
  call(method: string, path: string, cookie?: string, body?: unknown, extra?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

/** A wiki page on 127.0.0.1:<port> that frames `?src=`. */
export async function wiki(port: number, height = 600): Promise<Server> {
  const server = createServer((req, res) => {
    const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? '';
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><title>wiki</title><h1>Postmortem</h1><iframe id="panel" src="${src.replace(/"/g, '&quot;')}" width="900" height="${height}"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

export async function startTeam(): Promise<Team> {
  const dataDir = newDataDir();
  addUser(dataDir, 'admin@example.com', 'admin password 123', 'admin');
  addUser(dataDir, 'editor@example.com', 'editor password 123', 'editor', 'default');
  addUser(dataDir, 'viewer@example.com', 'viewer password 123', 'viewer', 'default');
  const wikiPort = await freePort();
  const baton = await startBaton({ dataDir, env: { BATON_AUTH_SECRET: TEST_AUTH_SECRET, BATON_EMBED_ORIGINS: `http://127.0.0.1:${wikiPort}` } });
  const cookieOf = async (email: string, password: string) => (await signIn(baton.uiUrl, email, password)).cookie!;
  const call: Team['call'] = (method, path, cookie, body, extra = {}) =>
    fetch(`${baton.uiUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: { Origin: baton.uiUrl, ...(cookie ? { Cookie: cookie } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...extra },
      body: body ? JSON.stringify(body) : undefined,
    });
  return {
    baton,
    admin: await cookieOf('admin@example.com', 'admin password 123'),
    editor: await cookieOf('editor@example.com', 'editor password 123'),
    viewer: await cookieOf('viewer@example.com', 'viewer password 123'),
    wikiPort,
    call,
    async stop() {
      await baton.stop();
      baton.cleanup();
    },
  };
}
