import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { unscoped } from '@/lib/db/read-scope';
import { inScope } from '@/lib/db/scope-sql';
import { selectRows } from '@/lib/db/select';
import type { PinResource } from './store';

/**
 * What a share link pins (docs/security.md, "Pins"): a trace's link its
 * trace, a session's link its session (with its traces), a handoff's link
 * the traces its detail is read from (the handoff's own trace and the two
 * it joins), each as a trace pin.
 */

const handoffRow = z.object({ trace_id: z.string(), from_trace_id: z.string(), to_trace_id: z.string() });

export async function linkPinTargets(client: ClickHouseClient, link: { resource: string; target: string; project: string }): Promise<{ resource: PinResource; target: string }[]> {
  if (link.resource === 'trace' || link.resource === 'session') return [{ resource: link.resource, target: link.target }];
  if (link.resource !== 'handoff') return [];
  const [h] = await unscoped('a handoff link pins the traces of its handoff, in its project', () =>
    selectRows(client, handoffRow, `SELECT trace_id, from_trace_id, to_trace_id FROM handoffs FINAL WHERE ${inScope()} AND project = {project:String} AND id = {id:String} LIMIT 1`, { project: link.project, id: link.target }, 'pins:handoff-traces'),
  );
  if (!h) return [];
  return [...new Set([h.trace_id, h.from_trace_id, h.to_trace_id].filter(Boolean))].map((target) => ({ resource: 'trace' as const, target }));
}
