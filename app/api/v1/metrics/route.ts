import { parseInput, respond, searchParams } from '@/lib/api/respond';
import { metricSeries } from '@/lib/queries/metrics';
import { storeClient } from '@/lib/runtime';
import { metricParamsSchema, metricsResponseSchema } from '@/lib/schemas/metrics';
import { metricsForShare } from '@/lib/share/panel-serve';

export const dynamic = 'force-dynamic';

/** One metric's series; a metric panel's share link gets its own panel, whatever it asks. */
export function GET(request: Request) {
  return respond(request, metricsResponseSchema, async () => (await metricsForShare(storeClient(), request)) ?? metricSeries(storeClient(), parseInput(metricParamsSchema, searchParams(request))));
}
