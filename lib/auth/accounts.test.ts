import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore } from '@/tests/helpers/temp-store';
import type { Store } from '@/lib/db/store';
import { listAudit } from './audit';
import { createAuthRuntime } from './auth-runtime';
import { ACCOUNT_FAILURES } from './rate-limit';
import { createSession, findSession, revokeSession } from './sessions';
import { signInWithPassword } from './sign-in';
import { runUserCommand } from './user-cli';
import { findUserByEmail, membershipsOf } from './users';

/** Accounts, sessions, sign-in and the audit log on a real embedded store. */

let store: Store;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ store, cleanup } = await tempStore()));
afterAll(async () => cleanup());

const auth = createAuthRuntime({ secret: 'x'.repeat(40) });
const attempt = (email: string, password: string, ip = '10.0.0.1') => signInWithPassword(store.client, auth, { email, password, ip, userAgent: 'test' });
const lastDay = () => ({ fromMs: Date.now() - 86_400_000, toMs: Date.now() + 60_000, limit: 100 });

describe('local accounts', () => {
  it('adds an admin from the CLI with a hashed password, and refuses a second account with the same email', async () => {
    const out = await runUserCommand(store.client, 'add', { email: 'Ada@Example.com', name: 'Ada', role: 'admin', 'password-stdin': true }, 'a long enough password');
    expect(out).toMatch(/added ada@example.com \(admin of every project\)/);
    const ada = await findUserByEmail(store.client, 'ada@example.com');
    expect(ada?.passwordHash).toMatch(/^scrypt\$/);
    expect(await membershipsOf(store.client, ada!.id)).toEqual([{ project: '*', role: 'admin' }]);
    await expect(runUserCommand(store.client, 'add', { email: 'ada@example.com' })).rejects.toThrow(/already exists/);
    await expect(runUserCommand(store.client, 'add', { email: 'bob@example.com', 'password-stdin': true }, 'short')).rejects.toThrow(/at least 12/);
    await expect(runUserCommand(store.client, 'add', { email: 'bob@example.com', role: 'owner' })).rejects.toThrow(/--role must be one of/);
  });

  it('signs in with the right password only, the same answer for every wrong case, each attempt audited', async () => {
    const ok = await attempt('ADA@example.com', 'a long enough password');
    expect(ok.ok).toBe(true);
    expect(await attempt('ada@example.com', 'a long enough passwor')).toEqual({ ok: false, reason: 'invalid' });
    expect(await attempt('nobody@example.com', 'a long enough password')).toEqual({ ok: false, reason: 'invalid' });
    const audit = await listAudit(store.client, { ...lastDay(), action: 'sign-in' });
    expect(audit.map((e) => [e.actor, e.outcome, e.detail])).toEqual([
      ['nobody@example.com', 'failed', 'password: no such account'],
      ['ada@example.com', 'failed', 'password: wrong password'],
      ['ada@example.com', 'ok', 'password'],
    ]);
    expect(audit[0]!.ip).toBe('10.0.0.1');
  });

  it('limits failed attempts per account, even with the right password', async () => {
    await runUserCommand(store.client, 'add', { email: 'eve@example.com', 'password-stdin': true }, 'another good password');
    for (let i = 0; i < ACCOUNT_FAILURES; i++) await attempt('eve@example.com', 'wrong guess number', `10.1.0.${i}`);
    const limited = await attempt('eve@example.com', 'another good password', '10.2.0.1');
    expect(limited).toMatchObject({ ok: false, reason: 'limited' });
    const refused = await listAudit(store.client, { ...lastDay(), actor: 'eve@example.com' });
    expect(refused[0]).toMatchObject({ outcome: 'refused', detail: 'too many failed attempts' });
  });

  it('ends sessions when signed out, when the account is disabled and when its password changes', async () => {
    const ada = (await findUserByEmail(store.client, 'ada@example.com'))!;
    const a = await createSession(store.client, ada.id, { ip: '', userAgent: '' });
    expect(await findSession(store.client, a.id)).toMatchObject({ userId: ada.id });
    await revokeSession(store.client, a);
    expect(await findSession(store.client, a.id)).toBeUndefined();

    const b = await createSession(store.client, ada.id, { ip: '', userAgent: '' });
    // b, and the session of the successful sign-in above.
    expect(await runUserCommand(store.client, 'password', { email: 'ada@example.com' }, 'a brand new password')).toMatch(/2 session\(s\) signed out/);
    expect(await findSession(store.client, b.id)).toBeUndefined();
    expect((await attempt('ada@example.com', 'a brand new password', '10.3.0.1')).ok).toBe(true);

    expect(await runUserCommand(store.client, 'disable', { email: 'ada@example.com' })).toMatch(/disabled; 1 session\(s\) signed out/);
    expect(await attempt('ada@example.com', 'a brand new password', '10.3.0.2')).toEqual({ ok: false, reason: 'invalid' });
    await runUserCommand(store.client, 'enable', { email: 'ada@example.com' });
    expect((await attempt('ada@example.com', 'a brand new password', '10.3.0.3')).ok).toBe(true);
  });

  it('expires a session after its lifetime', async () => {
    const ada = (await findUserByEmail(store.client, 'ada@example.com'))!;
    const s = await createSession(store.client, ada.id, { ip: '', userAgent: '' }, Date.now() - 8 * 86_400_000);
    expect(await findSession(store.client, s.id)).toBeUndefined();
  });

  it('lists accounts with their roles and how they sign in; changes and removes roles', async () => {
    await runUserCommand(store.client, 'role', { email: 'eve@example.com', role: 'editor', project: 'shop' });
    await runUserCommand(store.client, 'role', { email: 'eve@example.com', role: 'none', project: '*' });
    const list = await runUserCommand(store.client, 'list', {});
    expect(list.split('\n')).toEqual(['ada@example.com\tAda\tadmin@*\tpassword', 'eve@example.com\teve@example.com\teditor@shop\tpassword']);
    const changes = await listAudit(store.client, { ...lastDay(), action: 'membership.change' });
    expect(changes.map((c) => [c.target, c.project, c.detail])).toEqual([
      ['eve@example.com', '*', 'role none'],
      ['eve@example.com', 'shop', 'role editor'],
    ]);
  });
});
