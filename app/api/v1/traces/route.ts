import { parseInput, respond, searchParams } from '@/lib/api/respond';
import { listTraces } from '@/lib/queries/traces';
import { storeClient } from '@/lib/runtime';
import { traceListParamsSchema, traceListSchema } from '@/lib/schemas/api';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return respond(request, traceListSchema, async () =>
    listTraces(storeClient(), parseInput(traceListParamsSchema, searchParams(request))),
  );
}
