import { parseInput, respond, searchParams } from '@/lib/api/respond';
import { metricSeries } from '@/lib/queries/metrics';
import { storeClient } from '@/lib/runtime';
import { metricParamsSchema, metricsResponseSchema } from '@/lib/schemas/metrics';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return respond(request, metricsResponseSchema, async () => metricSeries(storeClient(), parseInput(metricParamsSchema, searchParams(request))));
}
