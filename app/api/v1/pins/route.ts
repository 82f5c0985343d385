import { createPinRoute, listPinsRoute } from '@/lib/api/pin-routes';

export const dynamic = 'force-dynamic';

/** Pins of the caller's projects, newest first; `?target=<id>`: the pins of one trace or session. */
export const GET = listPinsRoute;

/** Pins a trace or session past the retention period: `{ "resource": "trace" | "session", "target": "<id>" }` (editors and admins of its project). */
export const POST = createPinRoute;
