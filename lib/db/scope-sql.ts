import type { ReadScope } from './read-scope';

/**
 * The project filter every read of project data carries, and the check that
 * it does (docs/security.md, "Roles"). The filter is SQL with two query
 * parameters that `selectRows` fills from the read scope, never a value
 * written into the text:
 *
 *   ({scope_all:Bool} OR has({scope_projects:Array(String)}, project))
 *
 * `project` is the first column of every such table's sort key, and the
 * engine turns `has(<constant array>, project)` into a primary-key condition
 * (`project in N-element set`), so a scoped read of one trace reads no more
 * granules than before. `selectRows` hands the engine the filter bound to
 * the scope (`boundQuery`): `true` for every project, the `has` alone otherwise.
 */

/** Tables whose rows belong to a project (they all have a `project` column). */
export const PROJECT_TABLES = [
  'spans',
  'traces',
  'snapshots',
  'handoffs',
  'sessions',
  'analysis_failures',
  'session_turns',
  'session_facts',
  'session_keys',
  'session_values',
] as const;

const PROJECTS_PLACEHOLDER = '{scope_projects:Array(String)}';

/** The filter on `column` (a project column, by default `project`; qualify it in a join: `t.project`). */
export function inScope(column = 'project'): string {
  if (!/^[a-z_][a-z0-9_.]*$/.test(column)) throw new Error(`inScope takes a column name, not ${JSON.stringify(column)}`);
  return `({scope_all:Bool} OR has(${PROJECTS_PLACEHOLDER}, ${column}))`;
}

const FILTER = /\(\{scope_all:Bool\} OR has\(\{scope_projects:Array\(String\)\}, ([a-z_][a-z0-9_.]*)\)\)/g;

/**
 * The query as the engine runs it within this scope: each `inScope` filter
 * becomes `true` for every project, and `has(<the projects>, column)`
 * otherwise. Both are fixed text (the projects stay a parameter); dropping
 * the `OR` saves the engine analysing it on every read (about a millisecond
 * for a trace read on the embedded engine, a tenth of it).
 */
export function boundQuery(query: string, read: ReadScope): string {
  return query.replace(FILTER, (_, column: string) => (read.scope.all ? 'true' : `has(${PROJECTS_PLACEHOLDER}, ${column})`));
}

/** The scope's query parameters (the names `inScope` uses). */
export function scopeParams(read: ReadScope): { scope_all: boolean; scope_projects: string[] } {
  return read.scope.all ? { scope_all: true, scope_projects: [] } : { scope_all: false, scope_projects: read.scope.projects };
}

const TABLE_READ = new RegExp(`\\b(?:FROM|JOIN)\\s+(?:\\w+\\.)?(${PROJECT_TABLES.join('|')})\\b`, 'gi');

/** How many times the query reads a project table, and how many scope filters it has. */
export function scopeUse(query: string): { tableReads: string[]; filters: number } {
  const tableReads = [...query.matchAll(TABLE_READ)].map((m) => (m[1] as string).toLowerCase());
  return { tableReads, filters: query.split(PROJECTS_PLACEHOLDER).length - 1 };
}

export class UnscopedReadError extends Error {
  override name = 'UnscopedReadError';
}

/**
 * Throws unless the read may run: it needs a scope, and one `inScope` filter
 * for each read of a project table, Baton's own unscoped work included (its
 * filter is then constant true), so that a query written for the analyzer
 * can be reused for a caller without leaking. Counting is coarse on purpose:
 * a query that reads a project table twice and filters once is refused, even
 * if the one filter happens to suffice.
 */
export function checkScoped(query: string, read: ReadScope | undefined, tag: string): ReadScope {
  if (!read) throw new UnscopedReadError(`read ${tag} ran outside any scope: enter the caller's (withScope) or run it as Baton's own work (unscoped)`);
  const use = scopeUse(query);
  if (use.filters < use.tableReads.length) {
    throw new UnscopedReadError(`read ${tag} reads ${use.tableReads.join(', ')} with ${use.filters} scope filter(s): each read of a project table needs inScope()`);
  }
  return read;
}
