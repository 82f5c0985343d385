/**
 * Process log: one JSON object per line on stdout/stderr, so a log shipper
 * can parse it and a person can still read it.
 *
 * Warnings and errors that repeat (a store that cannot write fails every
 * insert the same way) are written once; identical lines within the next
 * minute are counted, and the count is written as one line when the minute
 * is up (or at shutdown, by `log.flush()`).
 */

type Fields = Record<string, unknown>;

const REPEAT_WINDOW_MS = 60_000;
/** Distinct lines being counted at once; past it, lines are written as they come. */
const MAX_TRACKED = 1_000;

function line(level: string, msg: string, fields?: Fields): string {
  return JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
}

interface Repeats {
  level: 'warn' | 'error';
  msg: string;
  fields: Fields | undefined;
  count: number;
  timer: NodeJS.Timeout;
}

const repeating = new Map<string, Repeats>();

function writeSummary(key: string): void {
  const r = repeating.get(key);
  if (!r) return;
  repeating.delete(key);
  clearTimeout(r.timer);
  if (r.count > 0) process.stderr.write(`${line(r.level, r.msg, { ...r.fields, repeated: r.count, repeatedWithinMs: REPEAT_WINDOW_MS })}\n`);
}

function writeLimited(level: 'warn' | 'error', msg: string, fields?: Fields): void {
  const key = `${level}\u0000${msg}\u0000${JSON.stringify(fields ?? {})}`;
  const seen = repeating.get(key);
  if (seen) {
    seen.count++;
    return;
  }
  process.stderr.write(`${line(level, msg, fields)}\n`);
  if (repeating.size >= MAX_TRACKED) return;
  const timer = setTimeout(() => writeSummary(key), REPEAT_WINDOW_MS);
  timer.unref();
  repeating.set(key, { level, msg, fields, count: 0, timer });
}

export const log = {
  info(msg: string, fields?: Fields): void {
    process.stdout.write(`${line('info', msg, fields)}\n`);
  },
  warn(msg: string, fields?: Fields): void {
    writeLimited('warn', msg, fields);
  },
  error(msg: string, fields?: Fields): void {
    writeLimited('error', msg, fields);
  },
  /** Writes the counts of repeated lines still being counted (at shutdown). */
  flush(): void {
    for (const key of [...repeating.keys()]) writeSummary(key);
  },
};
