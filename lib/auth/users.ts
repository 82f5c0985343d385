import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectAccountRows } from './account-reads';
import { fromStoreMillis, toStoreMillis } from '@/lib/domain/time';

/**
 * People who may sign in, and their roles per project (docs/security.md).
 * Rows are rewritten with a higher version and read through FINAL, so a
 * change is seen by the next read. Emails are kept lower-case and are unique
 * among accounts; an account found through an OpenID provider is keyed by
 * (issuer, subject), never by its email alone.
 */

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** The project of a membership that covers every project. */
export const ALL_PROJECTS = '*';

export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  oidcIssuer: string;
  oidcSubject: string;
  disabled: boolean;
  createdAt: string;
}

export interface Membership {
  project: string;
  role: Role;
}

const userRow = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    password_hash: z.string(),
    oidc_issuer: z.string(),
    oidc_subject: z.string(),
    disabled: z.coerce.number(),
    created_at: z.string(),
  })
  .transform(
    (r): User => ({
      id: r.id,
      email: r.email,
      name: r.name,
      passwordHash: r.password_hash,
      oidcIssuer: r.oidc_issuer,
      oidcSubject: r.oidc_subject,
      disabled: r.disabled === 1,
      createdAt: fromStoreMillis(r.created_at),
    }),
  );

const membershipRow = z.object({ project: z.string(), role: z.enum(ROLES) });

let lastVersion = 0;
/** Increasing within this process even when two writes share a millisecond. */
export function nextVersion(): number {
  lastVersion = Math.max(lastVersion + 1, Date.now() * 1000);
  return lastVersion;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();
export const newId = () => randomBytes(16).toString('hex');

const USER_COLUMNS = 'id, email, name, password_hash, oidc_issuer, oidc_subject, disabled, toString(created_at) AS created_at';

async function findUser(client: ClickHouseClient, where: string, params: Record<string, string>, tag: string): Promise<User | undefined> {
  const rows = await selectAccountRows(client, userRow, `SELECT ${USER_COLUMNS} FROM users FINAL WHERE ${where} ORDER BY created_at LIMIT 1`, params, tag);
  return rows[0];
}

export const findUserById = (client: ClickHouseClient, id: string) => findUser(client, 'id = {id:String}', { id }, 'auth:user-by-id');
export const findUserByEmail = (client: ClickHouseClient, email: string) =>
  findUser(client, 'email = {email:String}', { email: normalizeEmail(email) }, 'auth:user-by-email');
export const findUserByOidc = (client: ClickHouseClient, issuer: string, subject: string) =>
  findUser(client, 'oidc_issuer = {issuer:String} AND oidc_subject = {subject:String}', { issuer, subject }, 'auth:user-by-oidc');

export async function listUsers(client: ClickHouseClient): Promise<User[]> {
  return selectAccountRows(client, userRow, `SELECT ${USER_COLUMNS} FROM users FINAL ORDER BY email`, {}, 'auth:users');
}

/** Writes the account as given (a new one, or a new version of an existing one). */
export async function saveUser(client: ClickHouseClient, user: User): Promise<void> {
  await client.insert({
    table: 'users',
    format: 'JSONEachRow',
    values: [
      {
        id: user.id,
        email: normalizeEmail(user.email),
        name: user.name,
        password_hash: user.passwordHash,
        oidc_issuer: user.oidcIssuer,
        oidc_subject: user.oidcSubject,
        disabled: user.disabled ? 1 : 0,
        created_at: toStoreMillis(user.createdAt),
        version: nextVersion(),
      },
    ],
  });
}

export class AccountError extends Error {
  override name = 'AccountError';
}

/** A new account; refused when the email is taken. */
export async function createUser(
  client: ClickHouseClient,
  input: { email: string; name: string; passwordHash?: string; oidcIssuer?: string; oidcSubject?: string },
): Promise<User> {
  const email = normalizeEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new AccountError(`"${input.email}" is not an email address`);
  if (await findUserByEmail(client, email)) throw new AccountError(`an account with the email ${email} already exists`);
  const user: User = {
    id: newId(),
    email,
    name: input.name.trim() || email,
    passwordHash: input.passwordHash ?? '',
    oidcIssuer: input.oidcIssuer ?? '',
    oidcSubject: input.oidcSubject ?? '',
    disabled: false,
    createdAt: new Date().toISOString(),
  };
  await saveUser(client, user);
  return user;
}

export async function membershipsOf(client: ClickHouseClient, userId: string): Promise<Membership[]> {
  return selectAccountRows(
    client,
    membershipRow,
    'SELECT project, role FROM memberships FINAL WHERE user_id = {userId:String} AND removed = 0 ORDER BY project',
    { userId },
    'auth:memberships',
  );
}

/** Gives the person this role in the project (replacing any other), or removes them from it. */
export async function setMembership(client: ClickHouseClient, userId: string, project: string, role: Role | 'none'): Promise<void> {
  await client.insert({
    table: 'memberships',
    format: 'JSONEachRow',
    values: [{ user_id: userId, project, role: role === 'none' ? 'viewer' : role, removed: role === 'none' ? 1 : 0, version: nextVersion() }],
  });
}
