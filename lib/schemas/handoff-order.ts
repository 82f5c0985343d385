import { z } from 'zod';
import { CURSOR_MESSAGE } from './common';

/**
 * How the handoffs list is ordered (docs/api.md, "Handoffs: sort and order"),
 * and its cursors. Each sort lists by a key, then newest first: `time` by the
 * handoff's time; `severity` critical → warning → info → none (descending),
 * pending ones last either way; `fidelity` the share of the sender's facts
 * that arrived unchanged, least faithful first (ascending), handoffs without
 * a fact-level fidelity (pending, compared as text) last either way. A cursor
 * names its place in one sort and order: given to another, it is refused. Pure.
 */

export const HANDOFF_SORTS = ['time', 'severity', 'fidelity'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type HandoffSort = (typeof HANDOFF_SORTS)[number];
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Without `order`: newest, most severe and least faithful first. */
export const DEFAULT_ORDER: Record<HandoffSort, SortOrder> = { time: 'desc', severity: 'desc', fidelity: 'asc' };

/** The place after the last handoff of a page: its sort key (`k`, none for time), time (ns) and id, and which sort and order (`s`, none for the default). */
export interface HandoffCursor {
  t: string;
  id: string;
  k?: string;
  s?: string;
}

const cursorSchema = z
  .object({
    t: z.string().regex(/^\d{1,19}$/).refine((t) => BigInt(t) <= 9_223_372_036_854_775_807n),
    id: z.string().max(512),
    k: z.string().regex(/^-?\d{1,5}$/).optional(),
    s: z.string().max(16).optional(),
  })
  .strict();

/** What a cursor's `s` says: nothing for the default list (newest first), which keeps the cursors made before sorts existed valid. */
export const sortTag = (sort: HandoffSort, order: SortOrder): string | undefined => (sort === 'time' && order === 'desc' ? undefined : `${sort}-${order}`);

/** Base64url JSON, as every list's cursor. */
export function encodeHandoffCursor(c: HandoffCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

const MAX_LENGTH = Math.ceil(((80 + 512 * 6) * 4) / 3);

/** The cursor, or undefined when it is none this API made. */
export function decodeHandoffCursor(text: string): HandoffCursor | undefined {
  if (text.length > MAX_LENGTH || !/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Why this cursor cannot continue the list asked for, or undefined when it can: a sorted list's cursor carries its key, and belongs to its sort and order. */
export function cursorMismatch(c: HandoffCursor, sort: HandoffSort, order: SortOrder): string | undefined {
  if (c.s !== sortTag(sort, order)) return `cursor belongs to another sort or order of this list (it was made for ${c.s ?? 'time-desc'}, not ${sortTag(sort, order) ?? 'time-desc'}): start again without it`;
  if ((sort === 'time') !== (c.k === undefined)) return CURSOR_MESSAGE;
  return undefined;
}

/** An empty value (`sort=`) is the same as leaving the parameter out. */
const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);
export const sortParam = z.preprocess(blankIsAbsent, z.enum(HANDOFF_SORTS, { message: `sort must be one of ${HANDOFF_SORTS.join(', ')}` }).optional());
export const orderParam = z.preprocess(blankIsAbsent, z.enum(SORT_ORDERS, { message: `order must be one of ${SORT_ORDERS.join(', ')}` }).optional());

/** The list's cursor parameter: undefined when absent, else a cursor or an issue naming it. */
export const handoffCursorParam = z
  .string()
  .optional()
  .transform((v, ctx): HandoffCursor | undefined => {
    if (!v) return undefined;
    const c = decodeHandoffCursor(v);
    if (c) return c;
    ctx.addIssue({ code: 'custom', message: CURSOR_MESSAGE });
    return z.NEVER;
  });
