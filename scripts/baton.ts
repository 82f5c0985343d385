// `npm run baton -- <command>`: administration from the command line
// (docs/security.md, "Local accounts", "API tokens", "Ingest keys"). Opens the store the server uses
// (BATON_DATA_DIR or CLICKHOUSE_URL); an embedded store must not be held by a
// running Baton at the same time.
import { parseArgs } from 'node:util';
import { CREDENTIAL_USAGE, runCredentialCommand } from '@/lib/auth/credential-cli';
import { readPassword } from '@/lib/auth/read-password';
import { needsPassword, runUserCommand, USER_USAGE } from '@/lib/auth/user-cli';
import { migrate } from '@/lib/db/migrate';
import { DataDirInUseError, openStore } from '@/lib/db/store';
import { ConfigError, parseEnv } from '@/lib/env';

const USAGE = `usage: npm run baton -- user|token|key <command> [options]\n\n${USER_USAGE}\n\n${CREDENTIAL_USAGE}`;

const GROUPS = { user: 'user', token: 'api-token', key: 'ingest-key' } as const;

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (!group || !(group in GROUPS) || !command || command === 'help') {
    process.stderr.write(`${USAGE}\n`);
    return group === 'help' || command === 'help' ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      project: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      id: { type: 'string' },
    },
    strict: true,
  });
  const env = parseEnv();
  // Read before the store opens: the embedded engine must not find unread data on standard input.
  const kind = GROUPS[group as keyof typeof GROUPS];
  const password = kind === 'user' && needsPassword(command, values) ? await readPassword(process.stdin, process.stderr) : undefined;
  const store = openStore(env);
  try {
    await migrate(store.client, { retentionDays: env.BATON_RETENTION_DAYS });
    const out = kind === 'user' ? await runUserCommand(store.client, command, values, password) : await runCredentialCommand(store.client, kind, command, values);
    process.stdout.write(`${out}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof DataDirInUseError || (err instanceof Error && ['AccountError', 'CredentialError', 'UsageError', 'TypeError'].includes(err.name));
    process.stderr.write(`baton: ${known && err instanceof Error ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    if (err instanceof DataDirInUseError) process.stderr.write('baton: these commands open the store themselves: stop Baton first, then run the command again.\n');
    process.exit(1);
  },
);
