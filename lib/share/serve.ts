import type { HandoffDetail } from '@/lib/schemas/handoffs';
import type { TraceDetail } from '@/lib/schemas/api';
import { principalOf, type Principal } from '@/lib/auth/principal';
import type { Redaction } from './kinds';
import { redactHandoffDetail, redactTrace } from './redact';

/**
 * The API's answers as a share link may see them: a trace route answers a
 * share token only for the link's trace (or a trace of the link's session),
 * a handoff route only for a handoff of those, a session route only for the
 * link's session (others are `undefined`: the route answers 404, as for an
 * unknown id), redacted as the link says. Any other caller gets the answer
 * as it is.
 */

type Share = Extract<Principal, { kind: 'share' }>;

const shareOf = (request: Request): Share | undefined => {
  const p = principalOf(request.headers);
  return p.kind === 'share' ? p : undefined;
};

/** Whether a trace of this session (and id) belongs to the link. */
const covers = (p: Share, traceIds: string[], sessionId: string) =>
  p.resource === 'trace' ? traceIds.includes(p.target) : p.resource === 'session' && sessionId !== '' && sessionId === p.target;

export function traceForShare(request: Request, trace: TraceDetail): TraceDetail | undefined {
  const p = shareOf(request);
  if (!p) return trace;
  return covers(p, [trace.traceId], trace.sessionId) ? redactTrace(trace, p.redact) : undefined;
}

export function handoffForShare(request: Request, detail: HandoffDetail): HandoffDetail | undefined {
  const p = shareOf(request);
  if (!p) return detail;
  const h = detail.handoff;
  const mine = p.resource === 'handoff' ? h.id === p.target : covers(p, [h.traceId, h.fromTraceId, h.toTraceId], h.sessionId);
  return mine ? redactHandoffDetail(detail, p.redact) : undefined;
}

/** A session route's answer for a share link of that session, redacted with `redact`; undefined for any other link. */
export function sessionForShare<T>(request: Request, sessionId: string, answer: T, redact: (answer: T, mode: Redaction) => T): T | undefined {
  const p = shareOf(request);
  if (!p) return answer;
  return p.resource === 'session' && p.target === sessionId ? redact(answer, p.redact) : undefined;
}
