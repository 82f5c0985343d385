import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Store } from '@/lib/db/store';
import { tempStore } from '@/tests/helpers/temp-store';
import { unscoped, withScope } from './read-scope';
import { boundQuery, inScope, scopeUse, UnscopedReadError } from './scope-sql';
import { selectBatch, selectRows } from './select';

/**
 * The one place every read is scoped (docs/security.md, "Roles"): against a
 * real embedded store holding spans of two projects, selectRows and
 * selectBatch refuse a read outside any scope and a read of a project table
 * without its filter, and a scope of one project reads that project only.
 */

let store: Store;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ store, cleanup } = await tempStore());
  const now = Date.now();
  await store.client.insert({
    table: 'spans',
    format: 'JSONEachRow',
    values: ['shop', 'billing', 'default'].map((project, i) => ({ project, trace_id: `t${i}`, span_id: `s${i}`, start_time: now * 1e6, end_time: now * 1e6, events: '[]', links: '[]' })),
  });
});
afterAll(() => cleanup());

const projectRow = z.object({ project: z.string() });
const SCOPED = `SELECT project FROM spans WHERE ${inScope()} ORDER BY project`;
const read = (query: string, tag = 'test.read') => selectRows(store.client, projectRow, query, {}, tag);
const projects = (rows: { project: string }[]) => rows.map((r) => r.project);

describe('the read scope', () => {
  it('refuses any read outside a scope, before it reaches the engine', async () => {
    await expect(read(SCOPED)).rejects.toThrow(UnscopedReadError);
    await expect(read('SELECT 1 AS project')).rejects.toThrow(/outside any scope/);
    await expect(selectBatch(store.client, { a: { schema: projectRow, query: SCOPED, params: {} } }, 'test.batch')).rejects.toThrow(/outside any scope/);
  });

  it('refuses a read of a project table without the filter, for a caller and for Baton itself', async () => {
    const unfiltered = 'SELECT project FROM spans ORDER BY project';
    await expect(withScope({ all: true }, () => read(unfiltered))).rejects.toThrow(/reads spans with 0 scope filter/);
    await expect(unscoped('test', () => read(unfiltered))).rejects.toThrow(UnscopedReadError);
    // Two reads of project tables, one filter: refused.
    const half = `SELECT project FROM spans WHERE ${inScope()} UNION ALL SELECT project FROM traces FINAL`;
    await expect(withScope({ all: true }, () => read(half))).rejects.toThrow(/reads spans, traces with 1 scope filter/);
    await expect(
      withScope({ all: true }, () => selectBatch(store.client, { ok: { schema: projectRow, query: SCOPED, params: {} }, bad: { schema: projectRow, query: unfiltered, params: {} } }, 'test.batch')),
    ).rejects.toThrow(/test\.batch\.bad reads spans/);
  });

  it('reads only the projects of the scope, and every project for Baton itself', async () => {
    expect(projects(await withScope({ all: false, projects: ['shop'] }, () => read(SCOPED)))).toEqual(['shop']);
    expect(projects(await withScope({ all: false, projects: ['shop', 'default'] }, () => read(SCOPED)))).toEqual(['default', 'shop']);
    expect(await withScope({ all: false, projects: [] }, () => read(SCOPED))).toEqual([]);
    expect(projects(await withScope({ all: true }, () => read(SCOPED)))).toEqual(['billing', 'default', 'shop']);
    expect(projects(await unscoped('test', () => read(SCOPED)))).toEqual(['billing', 'default', 'shop']);
    // Tables that hold no project data need no filter.
    expect(await withScope({ all: false, projects: ['shop'] }, () => read('SELECT hash AS project FROM resources'))).toEqual([]);
  });

  it('keeps the scope of each caller across concurrent reads, and in every read of a batch', async () => {
    const [shop, billing] = await Promise.all([
      withScope({ all: false, projects: ['shop'] }, () => read(SCOPED)),
      withScope({ all: false, projects: ['billing'] }, () => read(SCOPED)),
    ]);
    expect([projects(shop), projects(billing)]).toEqual([['shop'], ['billing']]);
    const batch = await withScope({ all: false, projects: ['billing'] }, () =>
      selectBatch(store.client, { a: { schema: projectRow, query: SCOPED, params: {} }, b: { schema: projectRow, query: `SELECT project FROM traces WHERE ${inScope()}`, params: {} } }, 'test.batch'),
    );
    expect(projects(batch.a)).toEqual(['billing']);
  });

  it('takes the scope from the context only: a parameter of the same name cannot widen it', async () => {
    const rows = await withScope({ all: false, projects: ['shop'] }, () =>
      selectRows(store.client, projectRow, SCOPED, { scope_all: true, scope_projects: ['billing'] }, 'test.override'),
    );
    expect(projects(rows)).toEqual(['shop']);
  });

  it('counts reads of project tables, not tables whose name only contains one', () => {
    expect(scopeUse('SELECT * FROM auth_sessions JOIN spans_x ON 1 WHERE fromUnixTimestamp64Milli(1) > 0')).toEqual({ tableReads: [], filters: 0 });
    expect(scopeUse(`SELECT * FROM sessions FINAL AS s LEFT JOIN session_turns FINAL AS d ON 1 WHERE ${inScope('s.project')}`)).toEqual({ tableReads: ['sessions', 'session_turns'], filters: 1 });
    expect(() => inScope('project) OR (1')).toThrow(/column name/);
  });

  it('hands the engine the filter bound to the scope, the projects still a parameter', () => {
    const query = `SELECT 1 FROM spans AS s WHERE ${inScope('s.project')} AND x IN (SELECT y FROM traces WHERE ${inScope()})`;
    expect(boundQuery(query, { scope: { all: true }, system: false })).toBe('SELECT 1 FROM spans AS s WHERE true AND x IN (SELECT y FROM traces WHERE true)');
    expect(boundQuery(query, { scope: { all: false, projects: ["shop') OR 1 --"] }, system: false })).toBe(
      'SELECT 1 FROM spans AS s WHERE has({scope_projects:Array(String)}, s.project) AND x IN (SELECT y FROM traces WHERE has({scope_projects:Array(String)}, project))',
    );
  });
});
