import { parseInput, respond, searchParams } from '@/lib/api/respond';
import { agentStats } from '@/lib/queries/agents';
import { storeClient } from '@/lib/runtime';
import { agentsParamsSchema, agentsResponseSchema } from '@/lib/schemas/agents';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return respond(request, agentsResponseSchema, async () => agentStats(storeClient(), parseInput(agentsParamsSchema, searchParams(request))));
}
