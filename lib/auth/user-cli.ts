import type { ClickHouseClient } from '@clickhouse/client';
import { recordAudit } from './audit';
import { hashPassword, weakPassword } from './passwords';
import { revokeSessionsOf } from './sessions';
import { ALL_PROJECTS, AccountError, createUser, findUserByEmail, listUsers, membershipsOf, ROLES, saveUser, setMembership, type Role } from './users';

/**
 * The `user` commands of `npm run baton` (docs/security.md, "Local
 * accounts"): add, list, set a password, give a role, disable, enable.
 * Passwords are read from standard input, never from the command line
 * (which other users of the machine can see).
 */

export const USER_USAGE = `user commands:
  add --email <email> [--name <name>] [--role viewer|editor|admin] [--project <project>|'*'] [--password-stdin]
      a local account; the password is read from standard input (its first line), or
      asked for without echo at a terminal. Without
      --password-stdin the account can only sign in through the OpenID provider.
      --role defaults to viewer, --project to '*' (every project).
  list                                  accounts with their roles
  password --email <email>              a new password (read as for add); signs the account out everywhere
  role --email <email> --role viewer|editor|admin|none [--project <project>|'*']
  disable --email <email>               the account can no longer sign in; its sessions end now
  enable --email <email>`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface Options {
  email?: string;
  name?: string;
  role?: string;
  project?: string;
  'password-stdin'?: boolean;
}

/** The commands that read a password (before the store is opened: see scripts/baton.ts). */
export const needsPassword = (command: string, o: Options) => command === 'password' || (command === 'add' && o['password-stdin'] === true);

function checkedPassword(password: string | undefined): string {
  const weak = weakPassword(password ?? '');
  if (weak) throw new AccountError(weak);
  return password!;
}

function parseRole(role: string | undefined, allowNone: boolean): Role | 'none' {
  const value = role ?? 'viewer';
  if ((ROLES as readonly string[]).includes(value) || (allowNone && value === 'none')) return value as Role | 'none';
  throw new UsageError(`--role must be one of ${[...ROLES, ...(allowNone ? ['none'] : [])].join(', ')} (got "${value}")`);
}

const need = (value: string | undefined, flag: string) => {
  if (!value) throw new UsageError(`--${flag} is required`);
  return value;
};

async function existing(client: ClickHouseClient, email: string | undefined) {
  const user = await findUserByEmail(client, need(email, 'email'));
  if (!user) throw new AccountError(`no account has the email ${email}`);
  return user;
}

const cli = { action: 'user.update' as const, outcome: 'ok' as const, actor: 'cli', ip: 'cli' };

export async function runUserCommand(client: ClickHouseClient, command: string, o: Options, password?: string): Promise<string> {
  const project = o.project ?? ALL_PROJECTS;
  switch (command) {
    case 'add': {
      const role = parseRole(o.role, false) as Role;
      const passwordHash = o['password-stdin'] ? await hashPassword(checkedPassword(password)) : '';
      const user = await createUser(client, { email: need(o.email, 'email'), name: o.name ?? '', passwordHash });
      await setMembership(client, user.id, project, role);
      await recordAudit(client, { ...cli, action: 'user.create', target: user.email, project, detail: `role ${role}` });
      return `added ${user.email} (${role} of ${project === ALL_PROJECTS ? 'every project' : project})${passwordHash ? '' : '; no password: sign-in through the OpenID provider only'}`;
    }
    case 'list': {
      const lines = [];
      for (const u of await listUsers(client)) {
        const roles = (await membershipsOf(client, u.id)).map((m) => `${m.role}@${m.project}`).join(' ') || 'no role';
        const how = [u.passwordHash ? 'password' : '', u.oidcSubject ? 'oidc' : ''].filter(Boolean).join('+') || 'no sign-in';
        lines.push(`${u.email}\t${u.name}\t${roles}\t${how}${u.disabled ? '\tdisabled' : ''}`);
      }
      return lines.join('\n') || 'no accounts yet';
    }
    case 'password': {
      const user = await existing(client, o.email);
      await saveUser(client, { ...user, passwordHash: await hashPassword(checkedPassword(password)) });
      const ended = await revokeSessionsOf(client, user.id);
      await recordAudit(client, { ...cli, target: user.email, detail: 'password set' });
      return `password set for ${user.email}; ${ended} session(s) signed out`;
    }
    case 'role': {
      const user = await existing(client, o.email);
      const role = parseRole(need(o.role, 'role'), true);
      await setMembership(client, user.id, project, role);
      await recordAudit(client, { ...cli, action: 'membership.change', target: user.email, project, detail: `role ${role}` });
      return `${user.email}: ${role === 'none' ? 'removed from' : `${role} of`} ${project === ALL_PROJECTS ? 'every project' : project}`;
    }
    case 'disable':
    case 'enable': {
      const user = await existing(client, o.email);
      await saveUser(client, { ...user, disabled: command === 'disable' });
      const ended = command === 'disable' ? await revokeSessionsOf(client, user.id) : 0;
      await recordAudit(client, { ...cli, target: user.email, detail: command === 'disable' ? 'disabled' : 'enabled' });
      return `${user.email} ${command}d${command === 'disable' ? `; ${ended} session(s) signed out` : ''}`;
    }
    default:
      throw new UsageError(`unknown user command "${command}"\n\n${USER_USAGE}`);
  }
}
