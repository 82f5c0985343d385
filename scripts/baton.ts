// `npm run baton -- <command>`: administration from the command line
// (docs/security.md, "Local accounts"). Opens the store the server uses
// (BATON_DATA_DIR or CLICKHOUSE_URL); an embedded store must not be held by a
// running Baton at the same time.
import { parseArgs } from 'node:util';
import { readPassword } from '@/lib/auth/read-password';
import { needsPassword, runUserCommand, USER_USAGE } from '@/lib/auth/user-cli';
import { migrate } from '@/lib/db/migrate';
import { DataDirInUseError, openStore } from '@/lib/db/store';
import { ConfigError, parseEnv } from '@/lib/env';

const USAGE = `usage: npm run baton -- user <command> [options]\n\n${USER_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group !== 'user' || !command || command === 'help') {
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
    },
    strict: true,
  });
  const env = parseEnv();
  // Read before the store opens: the embedded engine must not find unread data on standard input.
  const password = needsPassword(command, values) ? await readPassword(process.stdin, process.stderr) : undefined;
  const store = openStore(env);
  try {
    await migrate(store.client, { retentionDays: env.BATON_RETENTION_DAYS });
    const out = await runUserCommand(store.client, command, values, password);
    process.stdout.write(`${out}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof DataDirInUseError || (err instanceof Error && ['AccountError', 'UsageError', 'TypeError'].includes(err.name));
    process.stderr.write(`baton: ${known && err instanceof Error ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    if (err instanceof DataDirInUseError) process.stderr.write('baton: user commands open the store themselves: stop Baton first, then run the command again.\n');
    process.exit(1);
  },
);
