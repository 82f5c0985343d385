/**
 * Process log: one JSON object per line on stdout/stderr, so a log shipper
 * can parse it and a person can still read it.
 */

type Fields = Record<string, unknown>;

function line(level: string, msg: string, fields?: Fields): string {
  return JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
}

export const log = {
  info(msg: string, fields?: Fields): void {
    process.stdout.write(`${line('info', msg, fields)}\n`);
  },
  warn(msg: string, fields?: Fields): void {
    process.stderr.write(`${line('warn', msg, fields)}\n`);
  },
  error(msg: string, fields?: Fields): void {
    process.stderr.write(`${line('error', msg, fields)}\n`);
  },
};
