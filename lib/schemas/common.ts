import { z } from 'zod';
import { MIN_API_TIME, readApiTime, type Milliseconds } from '@/lib/domain/time';

/** Pieces shared by the API schemas: times, cursors, limits, text filters. */

/** Any JSON value: attribute values, fact values. */
export const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

export const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);

const DAY_MS = 86_400_000;
/**
 * The longest cursor the API can make: `{"t":"<19 digits>","id":"<id>"}` in
 * base64url, the id's 512 characters taking at most 6 bytes each in JSON.
 */
const MAX_CURSOR_LENGTH = Math.ceil(((37 + 512 * 6) * 4) / 3);
const INT64_MAX = 9_223_372_036_854_775_807n;

/** A list position: the sort time (ns) and id of the last item returned. */
const cursorSchema = z.object({
  t: z.string().regex(/^\d{1,19}$/).refine((t) => BigInt(t) <= INT64_MAX),
  id: z.string().max(512),
});
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export const CURSOR_MESSAGE = 'cursor is not one this API returned (pass nextCursor on as it came)';

export const cursorParam = z
  .string()
  .optional()
  .transform((v, ctx): Cursor | undefined => {
    if (!v) return undefined;
    try {
      if (v.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+={0,2}$/.test(v)) throw new Error('not base64url');
      return cursorSchema.parse(JSON.parse(Buffer.from(v, 'base64url').toString('utf8')));
    } catch {
      ctx.addIssue({ code: 'custom', message: CURSOR_MESSAGE });
      return z.NEVER;
    }
  });

/** An optional whole number in [min, max], written in digits; empty means absent. */
export function wholeNumberParam(name: string, min: number, max: number) {
  const message = `${name} must be ${min}..${max}, a whole number`;
  return z
    .string()
    .optional()
    .transform((v, ctx): number | undefined => {
      if (v === undefined || v.trim() === '') return undefined;
      const n = /^\d{1,6}$/.test(v.trim()) ? Number(v.trim()) : NaN;
      if (n >= min && n <= max) return n;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    });
}

export const listLimit = wholeNumberParam('limit', 1, 200).transform((n) => n ?? 50);

/** True when the text holds a C0 control character or DEL: no id or filter does, so they mean a broken client. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** A text filter: trimmed, empty means absent, at most `max` characters, a single line. */
export const optionalText = (name: string, max: number) =>
  z
    .string()
    .max(max, `${name} must be at most ${max} characters`)
    .refine((v) => !hasControlCharacters(v), `${name} must not contain control characters`)
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined));

/**
 * `from` / `to` as ISO-8601 or epoch milliseconds, within MIN_API_TIME …
 * MAX_API_TIME; the range defaults to the 24 hours before `to` (itself
 * defaulting to now). Empty means absent.
 */
export function timeRange<T extends { from?: string; to?: string }>(p: T, ctx: z.RefinementCtx): Omit<T, 'from' | 'to'> & { from: Milliseconds; to: Milliseconds } {
  const read = (name: 'from' | 'to') => {
    const v = p[name];
    if (v === undefined || v.trim() === '') return undefined;
    const t = readApiTime(v);
    if (t.ok) return t.ms;
    ctx.addIssue({ code: 'custom', path: [name], message: `${name} ${t.problem}` });
    return undefined;
  };
  const to = read('to') ?? (Date.now() as Milliseconds);
  const from = read('from') ?? (Math.max(MIN_API_TIME, to - DAY_MS) as Milliseconds);
  if (from > to) ctx.addIssue({ code: 'custom', message: 'from must not be after to' });
  return { ...p, from, to };
}

/** One page of rows fetched with limit + 1: the page, and the cursor to the next one if there is more. */
export function paginate<R>(rows: R[], limit: number, cursorOf: (last: R) => Cursor): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
