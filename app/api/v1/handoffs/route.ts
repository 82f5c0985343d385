import { parseInput, respond, searchParams } from '@/lib/api/respond';
import { listHandoffs } from '@/lib/queries/handoffs';
import { storeClient } from '@/lib/runtime';
import { handoffListParamsSchema, handoffListSchema } from '@/lib/schemas/handoffs';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return respond(request, handoffListSchema, async () => listHandoffs(storeClient(), parseInput(handoffListParamsSchema, searchParams(request))));
}
