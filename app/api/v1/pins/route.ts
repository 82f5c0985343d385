import { createPinRoute, listPinsRoute } from '@/lib/api/pin-routes';

export const dynamic = 'force-dynamic';

/** Pins of the caller's projects, newest first; `?target=<trace id>`: the pins of one trace. */
export const GET = listPinsRoute;

/** Pins a trace past the retention period: `{ "resource": "trace", "target": "<trace id>" }` (editors and admins of its project). */
export const POST = createPinRoute;
