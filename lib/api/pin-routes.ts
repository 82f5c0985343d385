import { recordAudit } from '@/lib/auth/audit';
import { clientIpOf, principalOf, type Principal } from '@/lib/auth/principal';
import { atLeast, projectsWithRole, roleIn } from '@/lib/auth/roles';
import { createPin, findPin, listPins, removePin, type Pin } from '@/lib/pins/store';
import { storeClient } from '@/lib/runtime';
import { traceIdSchema } from '@/lib/schemas/api';
import { createPinBody, pinListSchema, pinOneSchema, type PinView } from '@/lib/schemas/pins';
import { sessionIdSchema } from '@/lib/schemas/sessions';
import { sessionForLink, traceForLink } from '@/lib/share/resource';
import { ApiError, notFound, parseInput, respond, searchParams } from './respond';

/**
 * `/api/v1/pins` (docs/security.md, "Pins"): editors and admins of a trace's
 * or session's project pin it past BATON_RETENTION_DAYS and remove pins;
 * everyone lists the pins of their projects (`?target=<id>`: of one trace or
 * session). Every pin and removal is in the audit log.
 */

export const pinView = ({ removed: _removed, ...pin }: Pin): PinView => pin;

const who = (p: Principal) => (p.kind === 'user' ? { actorId: p.id, actor: p.email } : { actor: p.kind === 'open' ? 'no sign-in' : p.kind });
const meta = (request: Request) => ({ ip: clientIpOf(request.headers), userAgent: request.headers.get('user-agent') ?? '' });

function signedIn(request: Request): Principal {
  const principal = principalOf(request.headers);
  if (principal.kind === 'anonymous') throw new ApiError(401, 'unauthorized', 'sign in first');
  return principal;
}

export function listPinsRoute(request: Request) {
  return respond(request, pinListSchema, async () => {
    const projects = projectsWithRole(signedIn(request), 'viewer');
    const target = searchParams(request).target;
    if (projects !== 'all' && projects.length === 0) return { pins: [] };
    const pins = await listPins(storeClient(), { projects });
    return { pins: pins.filter((p) => target === undefined || p.target === target).map(pinView) };
  });
}

export function createPinRoute(request: Request) {
  return respond(request, pinOneSchema, async () => {
    const principal = signedIn(request);
    const body = parseInput(createPinBody, await request.json().catch(() => ({ invalid: true })));
    const resource = body.resource;
    const target = parseInput(resource === 'trace' ? traceIdSchema : sessionIdSchema, body.target);
    const client = storeClient();
    const found = await (resource === 'trace' ? traceForLink : sessionForLink)(client, target);
    const role = found ? roleIn(principal, found.project) : undefined;
    // A trace or session of a project the caller cannot read answers as an unknown one.
    if (!found || role === undefined) throw notFound(`no ${resource} ${target} is stored (it may be older than the retention period)`);
    if (!atLeast(role, 'editor')) throw new ApiError(403, 'forbidden', `only an editor or admin of project "${found.project}" may pin its ${resource}s`);
    const actor = who(principal);
    const pin = await createPin(client, { resource, target, project: found.project, pinnedBy: actor.actor, reason: 'manual' });
    await recordAudit(client, { action: 'pin.create', outcome: 'ok', ...actor, ...meta(request), project: pin.project, target: `${resource} ${target}`, detail: `pin ${pin.id}, manual` });
    return { pin: pinView(pin) };
  });
}

export function removePinRoute(request: Request, id: string) {
  return respond(request, pinOneSchema, async () => {
    const principal = signedIn(request);
    const client = storeClient();
    const found = await findPin(client, id);
    const role = found && !found.removed ? roleIn(principal, found.project) : undefined;
    if (!found || role === undefined) throw notFound(`no pin ${id}`);
    if (!atLeast(role, 'editor')) throw new ApiError(403, 'forbidden', `only an editor or admin of project "${found.project}" may unpin its ${found.resource}s`);
    if (found.reason !== 'manual') throw new ApiError(409, 'conflict', `this pin is held by ${found.reason}: revoke the link to release it`);
    const pin = await removePin(client, found);
    await recordAudit(client, { action: 'pin.remove', outcome: 'ok', ...who(principal), ...meta(request), project: pin.project, target: `${pin.resource} ${pin.target}`, detail: `pin ${pin.id}` });
    return { pin: pinView(pin) };
  });
}
