import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { Principal } from '@/lib/auth/principal';
import { atLeast, roleIn } from '@/lib/auth/roles';
import { withScope } from '@/lib/db/read-scope';
import { inScope } from '@/lib/db/scope-sql';
import { selectRows } from '@/lib/db/select';
import type { MetricsResponse } from '@/lib/schemas/metrics';
import { panelTarget, panelWindow, parsePanelTarget } from '@/lib/share/panel';
import { readPanel } from '@/lib/share/panel-serve';
import { ApiError, notFound } from './respond';

/**
 * What a metric panel's share link records (docs/security.md, "Share links"):
 * its project, its panel in canonical form, the window it showed when it was
 * made, and, when frozen, the series themselves. A panel shows one project:
 * the one asked for, or the only one the caller may edit or the store holds.
 */

export interface PanelForLink {
  project: string;
  target: string;
  fromMs: number;
  toMs: number;
  /** A frozen panel's series, read in the project alone. */
  frozen?: MetricsResponse;
}

/** Projects of the caller's scope that hold traces (at most 100). */
async function storedProjects(client: ClickHouseClient): Promise<string[]> {
  const rows = await selectRows(client, z.object({ stored_project: z.string() }), `SELECT DISTINCT project AS stored_project FROM traces WHERE ${inScope()} ORDER BY stored_project LIMIT 100`, {}, 'share:projects');
  return rows.map((r) => r.stored_project);
}

async function projectOf(client: ClickHouseClient, principal: Principal, asked: string | undefined): Promise<string> {
  const stored = await storedProjects(client);
  if (asked !== undefined) {
    // A project the caller cannot read answers as one that does not exist.
    if (roleIn(principal, asked) === undefined || !stored.includes(asked)) throw notFound(`no project “${asked}” holds any trace you may see`);
    return asked;
  }
  // The one project the caller may share, or else the one they may read (and are then told they may not share).
  const readable = stored.filter((p) => roleIn(principal, p) !== undefined);
  const editable = readable.filter((p) => atLeast(roleIn(principal, p), 'editor'));
  const candidates = editable.length > 0 ? editable : readable;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw notFound('no project you may see holds any trace yet');
  throw new ApiError(400, 'bad_request', `project is required: a panel shows one project (one of ${candidates.slice(0, 10).join(', ')}${candidates.length > 10 ? ', …' : ''})`);
}

export async function panelForLink(client: ClickHouseClient, principal: Principal, target: string, asked: string | undefined, nowMs = Date.now()): Promise<PanelForLink> {
  const parsed = parsePanelTarget(target);
  if (!parsed.ok) throw new ApiError(400, 'bad_request', `target: ${parsed.message}`);
  const project = await projectOf(client, principal, asked);
  const spec = parsed.spec;
  const { fromMs, toMs } = panelWindow(spec, nowMs);
  const frozen = spec.range.kind === 'frozen' ? await withScope({ all: false, projects: [project] }, () => readPanel(client, spec, nowMs)) : undefined;
  return { project, target: panelTarget(spec), fromMs, toMs, frozen };
}
