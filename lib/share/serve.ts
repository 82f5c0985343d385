import type { HandoffDetail } from '@/lib/schemas/handoffs';
import type { TraceDetail } from '@/lib/schemas/api';
import { principalOf } from '@/lib/auth/principal';
import { redactHandoffDetail, redactTrace } from './redact';

/**
 * The API's answers as a share link may see them: a trace route answers a
 * share token only for the link's trace, a handoff route only for a handoff
 * of that trace (others are `undefined`: the route answers 404, as for an
 * unknown id), redacted as the link says. Any other caller gets the answer
 * as it is.
 */

export function traceForShare(request: Request, trace: TraceDetail): TraceDetail | undefined {
  const p = principalOf(request.headers);
  if (p.kind !== 'share') return trace;
  if (p.resource !== 'trace' || trace.traceId !== p.target) return undefined;
  return redactTrace(trace, p.redact);
}

export function handoffForShare(request: Request, detail: HandoffDetail): HandoffDetail | undefined {
  const p = principalOf(request.headers);
  if (p.kind !== 'share') return detail;
  const h = detail.handoff;
  if (p.resource !== 'trace' || ![h.traceId, h.fromTraceId, h.toTraceId].includes(p.target)) return undefined;
  return redactHandoffDetail(detail, p.redact);
}
