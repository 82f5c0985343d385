import { z } from 'zod';
import { CURSOR_MESSAGE, cursorParam, listLimit, type Cursor } from './common';

/**
 * Parameters of the session's paged lists (`/api/v1/sessions/{id}` and its
 * `/turns`, `/handoffs`, `/facts`, `/contradictions`). Cursors are keyset
 * positions on each list's order: the last item's sort time and id. The fact
 * ledger's position also names the observation's trace, span and place in
 * its snapshot, carried in the cursor's id as a JSON array.
 */

/** The first pages of the session detail: `limit` items of each list. */
export const sessionDetailParamsSchema = z.object({ limit: listLimit });

/** A page of turns or handoffs. */
export const sessionPageParamsSchema = z.object({ limit: listLimit, cursor: cursorParam });

/** A place in the fact ledger: (time, trace, span, seq), its sort order. */
export interface LedgerPosition {
  timeNs: string;
  traceId: string;
  spanId: string;
  seq: number;
}

const ledgerId = z.tuple([z.string().max(128), z.string().max(128), z.number().int().min(0).max(65_535)]);

export function ledgerCursor(p: LedgerPosition): Cursor {
  return { t: p.timeNs, id: JSON.stringify([p.traceId, p.spanId, p.seq]) };
}

/** A page of the fact ledger or of its contradictions. */
export const ledgerPageParamsSchema = z.object({
  limit: listLimit,
  cursor: cursorParam.transform((c, ctx): LedgerPosition | undefined => {
    if (!c) return undefined;
    try {
      const [traceId, spanId, seq] = ledgerId.parse(JSON.parse(c.id));
      return { timeNs: c.t, traceId, spanId, seq };
    } catch {
      ctx.addIssue({ code: 'custom', message: CURSOR_MESSAGE });
      return z.NEVER;
    }
  }),
});

export type SessionPageParams = z.output<typeof sessionPageParamsSchema>;
export type LedgerPageParams = z.output<typeof ledgerPageParamsSchema>;
