import { z } from 'zod';
import { parseApiTime, type Milliseconds } from '@/lib/domain/time';

/** Pieces shared by the API schemas: times, cursors, limits, text filters. */

/** Any JSON value: attribute values, fact values. */
export const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

export const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);

const DAY_MS = 86_400_000;

/** A list position: the sort time (ns) and id of the last item returned. */
const cursorSchema = z.object({ t: z.string().regex(/^\d{1,20}$/), id: z.string().max(512) });
export type Cursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export const cursorParam = z
  .string()
  .optional()
  .transform((v, ctx): Cursor | undefined => {
    if (!v) return undefined;
    try {
      return cursorSchema.parse(JSON.parse(Buffer.from(v, 'base64url').toString('utf8')));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'cursor is not one this API returned' });
      return z.NEVER;
    }
  });

export const listLimit = z.coerce.number().int().min(1, 'limit must be 1..200').max(200, 'limit must be 1..200').default(50);

export const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined));

/**
 * `from` / `to` as ISO-8601 or epoch milliseconds; the range defaults to the
 * 24 hours before `to` (itself defaulting to now).
 */
export function timeRange<T extends { from?: string; to?: string }>(p: T, ctx: z.RefinementCtx): Omit<T, 'from' | 'to'> & { from: Milliseconds; to: Milliseconds } {
  const parse = (name: 'from' | 'to') => {
    const v = p[name];
    if (v === undefined || v === '') return undefined;
    const t = parseApiTime(v);
    if (t === undefined) ctx.addIssue({ code: 'custom', message: `${name} must be ISO-8601 or epoch milliseconds` });
    return t;
  };
  const to = parse('to') ?? (Date.now() as Milliseconds);
  const from = parse('from') ?? ((to - DAY_MS) as Milliseconds);
  if (from > to) ctx.addIssue({ code: 'custom', message: 'from must not be after to' });
  return { ...p, from, to };
}

/** One page of rows fetched with limit + 1: the page, and the cursor to the next one if there is more. */
export function paginate<R>(rows: R[], limit: number, cursorOf: (last: R) => Cursor): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
