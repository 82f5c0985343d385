/**
 * What a failed ClickHouse call says, without what it carried. ClickHouse
 * error messages quote the input they choked on ("Cannot parse input:
 * expected … before: '<the next row of someone's spans>'"), so a message is
 * never shown to a client or written to the log: only its error code, the
 * code's name, and the column it names. Both the HTTP client's ClickHouseError
 * and chDB's errors carry the code; chDB only in its message text.
 */

/**
 * Codes that mean "this data cannot be stored" (parsing or range errors)
 * rather than "the store cannot write now": a request whose rows fail alone
 * with one of these is refused (not retried), the others are retryable.
 */
const DATA_ERRORS: Readonly<Record<number, string>> = {
  6: 'CANNOT_PARSE_TEXT',
  25: 'CANNOT_PARSE_ESCAPE_SEQUENCE',
  26: 'CANNOT_PARSE_QUOTED_STRING',
  27: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
  32: 'ATTEMPT_TO_READ_AFTER_EOF',
  38: 'CANNOT_PARSE_DATE',
  41: 'CANNOT_PARSE_DATETIME',
  53: 'TYPE_MISMATCH',
  69: 'ARGUMENT_OUT_OF_BOUND',
  70: 'CANNOT_CONVERT_TYPE',
  72: 'CANNOT_PARSE_NUMBER',
  117: 'INCORRECT_DATA',
  131: 'TOO_LARGE_STRING_SIZE',
  321: 'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
  349: 'CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN',
  407: 'DECIMAL_OVERFLOW',
};

export interface StoreErrorInfo {
  /** ClickHouse error code, when the error has one. */
  code: number | undefined;
  /** Its symbolic name (NOT_ENOUGH_SPACE, CANNOT_PARSE_DATETIME…), when known. */
  name: string | undefined;
  /** The column being read when parsing failed (Baton's own column names only). */
  column: string | undefined;
  /** `data`: the rows cannot be stored; `unavailable`: the store cannot write now. */
  kind: 'data' | 'unavailable';
  /** A one-line description that carries no data: safe for clients and logs. */
  summary: string;
}

const COLUMN_NAME = /^[a-z_][a-z0-9_]{0,63}$/;

function codeOf(err: unknown, message: string): number | undefined {
  const own = (err as { code?: unknown } | null)?.code;
  if (typeof own === 'string' && /^\d+$/.test(own)) return Number(own);
  if (typeof own === 'number') return own;
  const match = /^Code: (\d+)\./.exec(message);
  return match ? Number(match[1]) : undefined;
}

function nameOf(err: unknown, message: string, code: number | undefined): string | undefined {
  const type = (err as { type?: unknown } | null)?.type;
  if (typeof type === 'string' && /^[A-Z_]+$/.test(type)) return type;
  // chDB ends most messages with the code's name in parentheses: "… (NOT_ENOUGH_SPACE)".
  const tail = /\(([A-Z][A-Z0-9_]{2,63})\)\s*(?:\(version [^)]*\))?\s*$/.exec(message.split('\n')[0] ?? '');
  if (tail) return tail[1];
  return code !== undefined ? DATA_ERRORS[code] : undefined;
}

function columnOf(message: string): string | undefined {
  const match = /while reading the value of key ([A-Za-z0-9_]+)/.exec(message);
  return match && COLUMN_NAME.test(match[1] as string) ? match[1] : undefined;
}

/** A Node system error code (ECONNREFUSED, ETIMEDOUT…) of a connection to a ClickHouse server. */
function systemCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]{2,20}$/.test(code) ? code : undefined;
}

export function describeStoreError(err: unknown): StoreErrorInfo {
  const message = err instanceof Error ? err.message : String(err);
  const code = codeOf(err, message);
  const name = nameOf(err, message, code);
  const column = columnOf(message);
  const kind = code !== undefined && code in DATA_ERRORS ? 'data' : 'unavailable';
  const what = code !== undefined ? `ClickHouse error ${code}${name ? ` ${name}` : ''}` : `store unreachable (${systemCode(err) ?? (err instanceof Error ? err.name : 'unknown error')})`;
  return { code, name, column, kind, summary: column ? `${what} (column ${column})` : what };
}
