import { parseInput, respond, searchParams } from '@/lib/api/respond';
import { listSessions } from '@/lib/queries/sessions';
import { storeClient } from '@/lib/runtime';
import { sessionListParamsSchema, sessionListSchema } from '@/lib/schemas/sessions';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return respond(request, sessionListSchema, async () => listSessions(storeClient(), parseInput(sessionListParamsSchema, searchParams(request))));
}
