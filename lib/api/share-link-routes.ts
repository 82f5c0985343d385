import { recordAudit } from '@/lib/auth/audit';
import { findAuthRuntime } from '@/lib/auth/auth-runtime';
import { clientIpOf, principalOf, type Principal } from '@/lib/auth/principal';
import { atLeast, projectsWithRole, roleIn } from '@/lib/auth/roles';
import { linkPinTargets } from '@/lib/pins/links';
import { createPins, pinsOfLink, removePins } from '@/lib/pins/store';
import { createShareLink, findShareLink, listShareLinks, revokeShareLink, type ShareLink, type ShareLinkListed } from '@/lib/share/links';
import { freezePanel } from '@/lib/share/panel-serve';
import { handoffForLink, sessionForLink, traceForLink } from '@/lib/share/resource';
import { storeClient } from '@/lib/runtime';
import { traceIdSchema } from '@/lib/schemas/api';
import { handoffIdSchema } from '@/lib/schemas/handoffs';
import { sessionIdSchema } from '@/lib/schemas/sessions';
import { createShareLinkBody, shareLinkCreatedSchema, shareLinkListSchema, shareLinkRevokedSchema, type ShareLinkView } from '@/lib/schemas/share-links';
import { panelForLink } from './panel-link';
import { ApiError, notFound, parseInput, respond } from './respond';

/**
 * `/api/v1/share-links` (docs/api.md, "Access"; docs/security.md, "Share
 * links"): editors make links to what their project holds, admins may make
 * links that never expire; a link's maker or a project admin revokes it;
 * editors and admins list their projects' links. Every creation and
 * revocation is in the audit log. A link pins what it shows (a trace, a
 * session, a handoff's traces; docs/security.md, "Pins") from its creation
 * until it is revoked or, once it has expired, until the links are next listed.
 */

const iso = (ms: number) => new Date(ms).toISOString();

export function linkView(link: ShareLink | ShareLinkListed, now = Date.now()): ShareLinkView {
  return {
    id: link.id,
    resource: link.resource,
    target: link.target,
    project: link.project,
    from: iso(link.fromMs),
    to: iso(link.toMs),
    redact: link.redact,
    expiresAt: link.expiresMs === 0 ? null : iso(link.expiresMs),
    createdBy: link.createdBy,
    createdAt: link.createdAt,
    state: link.revoked ? 'revoked' : link.expiresMs !== 0 && link.expiresMs <= now ? 'expired' : 'active',
    views: 'views' in link ? link.views : 0,
    lastViewedAt: 'lastViewedAt' in link ? link.lastViewedAt : null,
  };
}

const who = (p: Principal) => (p.kind === 'user' ? { actorId: p.id, actor: p.email } : { actor: p.kind === 'open' ? 'no sign-in' : p.kind });
const meta = (request: Request) => ({ ip: clientIpOf(request.headers), userAgent: request.headers.get('user-agent') ?? '' });

/** Removes the pins a link holds, if it still holds any (revoked, or found expired). */
async function releasePin(client: ReturnType<typeof storeClient>, request: Request, linkId: string, why: 'revoked' | 'expired', actor: ReturnType<typeof who> = { actor: 'baton' }): Promise<void> {
  const pins = await pinsOfLink(client, linkId);
  if (pins.length === 0) return;
  await removePins(client, pins);
  for (const pin of pins) {
    await recordAudit(client, { action: 'pin.remove', outcome: 'ok', ...actor, ...meta(request), project: pin.project, target: `${pin.resource} ${pin.target}`, detail: `pin ${pin.id}, share link ${linkId} ${why}` });
  }
}

export function listLinks(request: Request) {
  return respond(request, shareLinkListSchema, async () => {
    const principal = principalOf(request.headers);
    if (principal.kind === 'anonymous') throw new ApiError(401, 'unauthorized', 'sign in first');
    const projects = projectsWithRole(principal, 'editor');
    const client = storeClient();
    const links = projects === 'all' || projects.length > 0 ? await listShareLinks(client, projects) : [];
    const views = links.map((l) => linkView(l));
    for (const v of views) if (v.state === 'expired') await releasePin(client, request, v.id, 'expired');
    return { links: views };
  });
}

export function createLink(request: Request) {
  return respond(request, shareLinkCreatedSchema, async () => {
    const principal = principalOf(request.headers);
    if (principal.kind === 'anonymous') throw new ApiError(401, 'unauthorized', 'sign in first');
    const body = parseInput(createShareLinkBody, await request.json().catch(() => ({ invalid: true })));
    const client = storeClient();
    const panel = body.resource === 'panel' ? await panelForLink(client, principal, body.target, body.project) : undefined;
    const target = panel ? panel.target : parseInput(body.resource === 'trace' ? traceIdSchema : body.resource === 'session' ? sessionIdSchema : handoffIdSchema, body.target);
    const found = panel ?? (await (body.resource === 'trace' ? traceForLink : body.resource === 'session' ? sessionForLink : handoffForLink)(client, target));
    const role = found ? roleIn(principal, found.project) : undefined;
    // A resource of a project the caller cannot read answers as an unknown one.
    if (!found || role === undefined) throw notFound(`no ${body.resource} ${target} is stored (it may be older than the retention period)`);
    if (!atLeast(role, 'editor')) throw new ApiError(403, 'forbidden', `only an editor or admin of project "${found.project}" may share its ${body.resource}s`);
    if (body.expiresInDays === null && role !== 'admin') throw new ApiError(403, 'forbidden', 'only an admin may make a link that never expires');
    const expiresMs = body.expiresInDays === null ? 0 : Date.now() + body.expiresInDays * 86_400_000;
    const actor = who(principal);
    const { link, token } = await createShareLink(client, { resource: body.resource, target, project: found.project, fromMs: found.fromMs, toMs: found.toMs, redact: body.redact, expiresMs, createdBy: actor.actor });
    if (panel?.frozen) await freezePanel(client, link.id, panel.frozen);
    // What a link shows outlives retention while the link lasts (docs/security.md, "Pins").
    const pins = await createPins(client, (await linkPinTargets(client, link)).map((t) => ({ ...t, project: link.project, pinnedBy: actor.actor, reason: `share link ${link.id}` })));
    for (const pin of pins) {
      await recordAudit(client, { action: 'pin.create', outcome: 'ok', ...actor, ...meta(request), project: link.project, target: `${pin.resource} ${pin.target}`, detail: `pin ${pin.id}, share link ${link.id}` });
    }
    await recordAudit(client, { action: 'share.create', outcome: 'ok', ...actor, ...meta(request), project: link.project, target: `${link.resource} ${target}`, detail: `link ${link.id}, redact ${link.redact}, ${expiresMs === 0 ? 'never expires' : `expires ${iso(expiresMs)}`}` });
    return { link: linkView(link), url: `${findAuthRuntime()?.publicUrl ?? ''}/s/${token}` };
  });
}

export function revokeLink(request: Request, id: string) {
  return respond(request, shareLinkRevokedSchema, async () => {
    const principal = principalOf(request.headers);
    if (principal.kind === 'anonymous') throw new ApiError(401, 'unauthorized', 'sign in first');
    const client = storeClient();
    const found = await findShareLink(client, id);
    const role = found ? roleIn(principal, found.link.project) : undefined;
    if (!found || role === undefined) throw notFound(`no share link ${id}`);
    const actor = who(principal);
    if (role !== 'admin' && found.link.createdBy !== actor.actor) throw new ApiError(403, 'forbidden', 'only the link’s maker or an admin of its project may revoke it');
    const link = (await revokeShareLink(client, id))!;
    await recordAudit(client, { action: 'share.revoke', outcome: 'ok', ...actor, ...meta(request), project: link.project, target: `${link.resource} ${link.target}`, detail: `link ${link.id}` });
    await releasePin(client, request, link.id, 'revoked', actor);
    return { link: linkView(link) };
  });
}
