import type { HandoffSort, SortOrder } from '@/lib/schemas/handoff-order';

/**
 * The SQL of the handoffs list's orders (lib/schemas/handoff-order.ts). Every
 * order is one descending keyset over (key, time, id), the key chosen so that
 * larger comes first: severity's rank (critical 3 … none 0) or fidelity in
 * thousandths, negated for the other direction, with the handoffs a sort
 * cannot rank (pending ones; for fidelity also those compared as text) given
 * a key below every other so they come last either way; ties newest first.
 * Time ascending is the one order read the other way round. Fixed fragments,
 * chosen by the parsed sort: no value of a request reaches the SQL text.
 */

const RANK = `multiIf(severity = 'critical', 3, severity = 'warning', 2, severity = 'info', 1, 0)`;
const PENDING = `status = 'pending'`;
const MEASURED = `(status = 'complete' AND method != 'text')`;
const FIDELITY = `toInt64(round(fidelity * 1000))`;

const KEYS: Record<Exclude<HandoffSort, 'time'>, Record<SortOrder, string>> = {
  severity: { desc: `if(${PENDING}, -1, ${RANK})`, asc: `if(${PENDING}, -4, -${RANK})` },
  fidelity: { desc: `if(${MEASURED}, ${FIDELITY}, -1)`, asc: `if(${MEASURED}, -${FIDELITY}, -1001)` },
};

export interface OrderSql {
  /** The key as a column (`sort_k`), '' for time. */
  keyColumn: string;
  /** The keyset condition after the cursor (parameters cursorK, cursorNs, cursorId). */
  after: string;
  orderBy: string;
}

const NS = 'toUnixTimestamp64Nano(time)';
const CURSOR_NS = 'toInt64OrZero({cursorNs:String})';

export function orderSql(sort: HandoffSort, order: SortOrder): OrderSql {
  if (sort === 'time') {
    return order === 'desc'
      ? { keyColumn: '', after: `(${NS}, id) < (${CURSOR_NS}, {cursorId:String})`, orderBy: 'time DESC, id DESC' }
      : { keyColumn: '', after: `(${NS}, id) > (${CURSOR_NS}, {cursorId:String})`, orderBy: 'time ASC, id ASC' };
  }
  const key = KEYS[sort][order];
  return {
    keyColumn: `, toString(${key}) AS sort_k`,
    after: `(${key}, ${NS}, id) < (toInt64OrZero({cursorK:String}), ${CURSOR_NS}, {cursorId:String})`,
    orderBy: `${key} DESC, time DESC, id DESC`,
  };
}
