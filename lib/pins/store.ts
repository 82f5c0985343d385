import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { selectAccountRows } from '@/lib/auth/account-reads';
import { newId, nextVersion } from '@/lib/auth/users';
import { unscoped } from '@/lib/db/read-scope';
import { inScope } from '@/lib/db/scope-sql';
import { selectRows } from '@/lib/db/select';
import { fromStoreMillis, toStoreMillis } from '@/lib/domain/time';
import { PIN_RESOURCES } from '@/lib/schemas/pins';
import { copyShared, flagStatements, releaseShared, runMutations, SESSION_TABLES, TRACE_TABLES, unflagStatements, type Coverage, type FlagTable } from './flags';

/**
 * Pins (docs/security.md, "Pins"): a pinned trace or session outlives
 * BATON_RETENTION_DAYS until its last pin is removed. The `pins` table says
 * who pinned what and why; the rows carry the effect (lib/pins/flags.ts):
 * a trace's spans, rollup, snapshots and handoffs; a session's traces as
 * a trace's, its handoffs and its analysed state (summary, turns, ledger,
 * keys, values).
 */

export { PINNED_LAST_SEEN } from './flags';

export type PinResource = (typeof PIN_RESOURCES)[number];

export interface Pin {
  id: string;
  resource: PinResource;
  target: string;
  project: string;
  pinnedBy: string;
  /** 'manual', or 'share link <id>'. */
  reason: string;
  createdAt: string;
  removed: boolean;
}

const pinRow = z
  .object({ id: z.string(), resource: z.enum(PIN_RESOURCES), target: z.string(), project: z.string(), pinned_by: z.string(), reason: z.string(), created_at: z.string(), removed: z.coerce.number() })
  .transform(
    (r): Pin => ({ id: r.id, resource: r.resource, target: r.target, project: r.project, pinnedBy: r.pinned_by, reason: r.reason, createdAt: fromStoreMillis(r.created_at), removed: r.removed === 1 }),
  );

const COLUMNS = 'id, resource, target, project, pinned_by, reason, toString(created_at) AS created_at, removed';

async function write(client: ClickHouseClient, pin: Pin): Promise<void> {
  await client.insert({
    table: 'pins',
    format: 'JSONEachRow',
    values: [
      {
        id: pin.id,
        resource: pin.resource,
        target: pin.target,
        project: pin.project,
        pinned_by: pin.pinnedBy,
        reason: pin.reason,
        created_at: toStoreMillis(pin.createdAt),
        removed: pin.removed ? 1 : 0,
        version: nextVersion(),
      },
    ],
  });
}

/** Pins not removed: of these projects ('all': every project), or of one trace or session. */
export async function listPins(client: ClickHouseClient, filter: { projects: 'all' | string[] } | { project: string; target: string }): Promise<Pin[]> {
  const where = 'target' in filter ? 'project = {project:String} AND target = {target:String}' : filter.projects === 'all' ? '1' : 'has({projects:Array(String)}, project)';
  const params = 'target' in filter ? filter : filter.projects === 'all' ? {} : { projects: filter.projects };
  return selectAccountRows(client, pinRow, `SELECT ${COLUMNS} FROM pins FINAL WHERE removed = 0 AND ${where} ORDER BY created_at DESC LIMIT 1000`, params, 'pins:list');
}

export async function findPin(client: ClickHouseClient, id: string): Promise<Pin | undefined> {
  return (await selectAccountRows(client, pinRow, `SELECT ${COLUMNS} FROM pins FINAL WHERE id = {id:String}`, { id }, 'pins:by-id'))[0];
}

/** The pins a share link holds (a trace's or session's one, a handoff's one per trace), while it holds them. */
export async function pinsOfLink(client: ClickHouseClient, linkId: string): Promise<Pin[]> {
  return selectAccountRows(client, pinRow, `SELECT ${COLUMNS} FROM pins FINAL WHERE removed = 0 AND reason = {reason:String} ORDER BY created_at, id`, { reason: `share link ${linkId}` }, 'pins:of-link');
}

const targetRow = z.object({ project: z.string(), resource: z.enum(PIN_RESOURCES), target: z.string() });
export type PinTarget = Pick<Pin, 'resource' | 'target'>;

/** What the pins not removed hold, by project: each pinned trace and session once (all of them, where listPins stops at 1000). */
export async function pinnedTargets(client: ClickHouseClient, projects: 'all' | string[]): Promise<Map<string, PinTarget[]>> {
  const where = projects === 'all' ? '1' : 'has({projects:Array(String)}, project)';
  const rows = await selectAccountRows(client, targetRow, `SELECT DISTINCT project, resource, target FROM pins FINAL WHERE removed = 0 AND ${where} ORDER BY project, resource, target`, projects === 'all' ? {} : { projects }, 'pins:targets');
  const out = new Map<string, PinTarget[]>();
  for (const r of rows) out.set(r.project, [...(out.get(r.project) ?? []), { resource: r.resource, target: r.target }]);
  return out;
}

const traceRow = z.object({ trace_id: z.string() });

/** What these pins (of one project) cover: their traces, and their sessions with every trace that names one. */
export async function coverageOf(client: ClickHouseClient, project: string, pins: readonly PinTarget[]): Promise<Coverage> {
  const sessions = [...new Set(pins.filter((p) => p.resource === 'session').map((p) => p.target))];
  const own = pins.filter((p) => p.resource === 'trace').map((p) => p.target);
  const ofSessions =
    sessions.length === 0
      ? []
      : await unscoped('pins read the traces of one project’s pinned sessions', () =>
          selectRows(client, traceRow, `SELECT DISTINCT trace_id FROM traces WHERE ${inScope()} AND project = {project:String} AND hasAny(session_ids, {sessions:Array(String)})`, { project, sessions }, 'pins:session-traces'),
        );
  return { traces: [...new Set([...own, ...ofSessions.map((r) => r.trace_id)])].sort(), sessions: sessions.sort() };
}

export const ALL_FLAG_TABLES: readonly FlagTable[] = [...TRACE_TABLES, 'handoffs', ...SESSION_TABLES];

/** Keeps what a coverage holds past retention (in these tables; all by default). Idempotent: it flags only rows not flagged yet. */
export async function pinRows(client: ClickHouseClient, project: string, cover: Coverage, tables: readonly FlagTable[] = ALL_FLAG_TABLES): Promise<void> {
  await runMutations(client, flagStatements(project, cover, tables));
  await copyShared(client, project, cover.traces);
}

/** Lets what `released` holds expire again, except what `kept` (the pins left in the project) holds. */
export async function unpinRows(client: ClickHouseClient, project: string, released: Coverage, kept: Coverage): Promise<void> {
  await runMutations(client, unflagStatements(project, released, kept));
  const keptTraces = new Set(kept.traces);
  await releaseShared(client, project, released.traces.filter((t) => !keptTraces.has(t)), kept.traces);
}

/**
 * Pins, removals and the periodic pass (lib/pins/keeper.ts) run one at a
 * time in this process: a removal that finds no pin left must not unflag
 * rows a pin made meanwhile has just flagged. (Only the process serving the
 * UI and API pins.) Next.js bundles its own copy of this module, so the
 * queue lives on globalThis under a registered symbol.
 */
const KEY = Symbol.for('baton.pins.queue');
type Holder = { [KEY]?: Promise<unknown> };
export function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const holder = globalThis as Holder;
  const run = (holder[KEY] ?? Promise.resolve()).then(work, work);
  holder[KEY] = run.catch(() => undefined);
  return run;
}

export type PinInput = { resource?: PinResource; target: string; project: string; pinnedBy: string; reason: string };

/** Records pins (of one project) and pins their traces' and sessions' rows, all in one pass. */
export function createPins(client: ClickHouseClient, inputs: readonly PinInput[]): Promise<Pin[]> {
  return oneAtATime(async () => {
    const pins = inputs.map((input): Pin => ({ resource: 'trace', ...input, id: newId(), createdAt: new Date().toISOString(), removed: false }));
    const project = pins[0]?.project;
    if (project === undefined) return [];
    if (pins.some((p) => p.project !== project)) throw new Error('pins made together are of one project');
    await pinRows(client, project, await coverageOf(client, project, pins));
    for (const pin of pins) await write(client, pin);
    return pins;
  });
}

/** Records a pin and pins its trace's or session's rows. */
export async function createPin(client: ClickHouseClient, input: PinInput): Promise<Pin> {
  return (await createPins(client, [input]))[0]!;
}

/** Removes pins (of one project); their rows expire again, except those another pin of the project still covers. */
export function removePins(client: ClickHouseClient, pins: readonly Pin[]): Promise<Pin[]> {
  return oneAtATime(async () => {
    const project = pins[0]?.project;
    if (project === undefined) return [];
    if (pins.some((p) => p.project !== project)) throw new Error('pins removed together are of one project');
    const removed = pins.map((p) => ({ ...p, removed: true }));
    for (const r of removed) await write(client, r);
    const left = (await pinnedTargets(client, [project])).get(project) ?? [];
    await unpinRows(client, project, await coverageOf(client, project, pins), await coverageOf(client, project, left));
    return removed;
  });
}

/** Removes a pin; its rows expire again, except those another pin of the project still covers. */
export async function removePin(client: ClickHouseClient, pin: Pin): Promise<Pin> {
  return (await removePins(client, [pin]))[0]!;
}
