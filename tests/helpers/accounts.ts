import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Local accounts for tests, made the way an operator makes them: with
 * `npm run baton -- user …` on the data directory (before Baton starts on it),
 * and signed in the way a browser's form does.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TEST_AUTH_SECRET = 'test-secret-that-is-long-enough-for-baton';

export function batonCli(dataDir: string, args: string[], stdin = ''): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/baton.ts', ...args], {
    cwd: ROOT,
    ...(stdin ? { input: stdin } : { stdio: ['ignore', 'pipe', 'pipe'] as const }),
    env: { ...process.env, BATON_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function addUser(dataDir: string, email: string, password: string, role = 'viewer', project = '*'): void {
  const r = batonCli(dataDir, ['user', 'add', '--email', email, '--role', role, '--project', project, '--password-stdin'], `${password}\n`);
  if (r.status !== 0) throw new Error(`user add ${email} failed: ${r.stderr}`);
}

/** Posts the sign-in form as a browser on Baton's own page would; answers the redirect and the session cookie (name=value), if any. */
export async function signIn(uiUrl: string, email: string, password: string, next = '/'): Promise<{ status: number; location: string; cookie?: string; setCookie: string }> {
  const res = await fetch(`${uiUrl}/auth/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: uiUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, next }),
  });
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { status: res.status, location: res.headers.get('location') ?? '', cookie: setCookie.split(';')[0] || undefined, setCookie };
}
