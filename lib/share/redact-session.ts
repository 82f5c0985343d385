import type { SessionContradictionPage, SessionDetail, SessionFactPage, SessionHandoffPage } from '@/lib/schemas/sessions';
import type { Redaction } from './kinds';
import { factDigest, redactDrift } from './redact';

/**
 * A session's answers as a redacted share link shows them (docs/security.md,
 * "Share links"). A session's lists hold no message contents (those are in
 * its traces, redacted by redact.ts); with `facts` hidden, every fact value,
 * contradicted value and changed handoff value becomes its digest.
 */

const hidesFacts = (mode: Redaction) => mode === 'facts' || mode === 'both';

type Fact = SessionFactPage['facts'][number];
type Contradiction = SessionContradictionPage['contradictions'][number];

const fact = (f: Fact): Fact => ({ ...f, value: factDigest(f.value), contradiction: f.contradiction && { ...f.contradiction, from: factDigest(f.contradiction.from) } });
const contradiction = (c: Contradiction): Contradiction => ({ ...c, from: factDigest(c.from), to: factDigest(c.to) });

export function redactSessionDetail(detail: SessionDetail, mode: Redaction): SessionDetail {
  if (!hidesFacts(mode)) return detail;
  return { ...detail, facts: detail.facts.map(fact), contradictions: detail.contradictions.map(contradiction), handoffs: detail.handoffs.map((h) => redactDrift(h, mode)) };
}

export const redactFactPage = (page: SessionFactPage, mode: Redaction): SessionFactPage => (hidesFacts(mode) ? { ...page, facts: page.facts.map(fact) } : page);
export const redactContradictionPage = (page: SessionContradictionPage, mode: Redaction): SessionContradictionPage =>
  hidesFacts(mode) ? { ...page, contradictions: page.contradictions.map(contradiction) } : page;
export const redactHandoffPage = (page: SessionHandoffPage, mode: Redaction): SessionHandoffPage => (hidesFacts(mode) ? { ...page, handoffs: page.handoffs.map((h) => redactDrift(h, mode)) } : page);
