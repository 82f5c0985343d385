import { parseInput, respond, searchParams } from '@/lib/api/respond';
import { overviewStats } from '@/lib/queries/stats';
import { storeClient } from '@/lib/runtime';
import { statsParamsSchema, statsSchema } from '@/lib/schemas/stats';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return respond(request, statsSchema, async () => overviewStats(storeClient(), parseInput(statsParamsSchema, searchParams(request))));
}
