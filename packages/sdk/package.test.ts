import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDrift } from '@/lib/analysis/drift';
import { parseSnapshot } from '@/lib/analysis/snapshot';
import type { AttrValue } from '@/lib/domain/attributes';

/**
 * The SDK as a user gets it: `npm pack` builds it (prepare → tsc) into a
 * tarball holding dist/ only; the tarball installs into an empty app with
 * npm, offline (@opentelemetry/api, its one peer dependency, comes from this
 * repository's node_modules as a local folder, so no registry is asked);
 * the app imports the built ESM, records snapshots on real spans of the
 * OpenTelemetry SDK, and type-checks against the shipped declarations. The
 * folder installs too (`npm install path/to/packages/sdk`).
 */

const run = promisify(execFile);
const pkgDir = path.dirname(fileURLToPath(import.meta.url));
const resolve = createRequire(import.meta.url).resolve;
/** The folder of an installed package, from its entry point. */
function packageDir(name: string): string {
  let dir = path.dirname(realpathSync(resolve(name)));
  while (!existsSync(path.join(dir, 'package.json')) || (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== name) dir = path.dirname(dir);
  return dir;
}
const apiDir = packageDir('@opentelemetry/api');
const traceBase = pathToFileURL(resolve('@opentelemetry/sdk-trace-base')).href;
const tsc = resolve('typescript/bin/tsc');

let tmp = '';
let tarball = '';
let packed: { path: string }[] = [];

const npm = (cwd: string, args: string[]) =>
  run('npm', [...args, '--offline', '--no-audit', '--no-fund', '--no-update-notifier', '--cache', path.join(tmp, 'npm-cache')], { cwd, timeout: 120_000 });

/** An empty app whose only dependency is @opentelemetry/api, from a local folder. */
function newApp(name: string): string {
  const dir = path.join(tmp, name);
  const manifest = { name, private: true, type: 'module', dependencies: { '@opentelemetry/api': `file:${apiDir}` } };
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(dir, 'app.mjs'), APP);
  return dir;
}

/** What an app does with the built package: a handoff between two agents' real spans, baggage, digests, a bad call. */
const APP = `
import { ROOT_CONTEXT } from '@opentelemetry/api';
import * as sdk from '@baton/sdk';
const base = await import(process.env.SDK_TRACE_BASE).then((m) => m.default ?? m);
const exporter = new base.InMemorySpanExporter();
const provider = new base.BasicTracerProvider({ spanProcessors: [new base.SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('packed-sdk');
const triage = tracer.startSpan('invoke_agent triage', { attributes: { 'gen_ai.agent.name': 'triage' } });
const { id, carrier } = sdk.sendHandoff(triage, {
  to: 'billing',
  facts: { customer: { id: 'C-42' }, order: 48213, budget: 300 },
  constraints: [{ id: 'refund-cap', text: 'Never refund above the budget' }],
  contract: { required: ['customer.id', 'order', 'refund-cap'], preserve: ['budget'] },
});
triage.end();
const billing = tracer.startSpan('invoke_agent billing', { attributes: { 'gen_ai.agent.name': 'billing' } });
sdk.receiveHandoff(billing, { carrier: JSON.parse(JSON.stringify(carrier)), facts: { customer: { id: 'C-42' }, budget: 300 }, tokens: 640, tokenLimit: 8000 });
let typeError = '';
try { sdk.sendHandoff(billing, { to: '' }); } catch (e) { typeError = e.constructor.name + ': ' + e.message; }
billing.end();
console.log(JSON.stringify({
  exports: Object.keys(sdk).sort(),
  id,
  spans: exporter.getFinishedSpans().map((s) => ({ name: s.name, events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })) })),
  typeError,
  baggage: sdk.handoffIdFromBaggage(sdk.withHandoffBaggage(ROOT_CONTEXT, id)),
  digests: await sdk.digestFacts({ order: 48213 }),
}));
`;

/** Type-checked against dist/*.d.ts as a strict NodeNext app with no DOM or Node types. */
const APP_TS = `
import { trace } from '@opentelemetry/api';
import { receiveHandoff, sendHandoff, type HandoffCarrier, type SendHandoffInput } from '@baton/sdk';
const input: SendHandoffInput = { to: 'billing', facts: { order: 48213 }, contract: { required: ['order'] } };
const span = trace.getTracer('t').startSpan('invoke_agent triage');
const carrier: HandoffCarrier = sendHandoff(span, input).carrier;
export const id: string = receiveHandoff(span, { carrier });
// @ts-expect-error: the receiving agent is required
sendHandoff(span, { facts: {} });
`;

interface AppOutput {
  exports: string[];
  id: string;
  spans: { name: string; events: { name: string; attributes: Record<string, AttrValue> }[] }[];
  typeError: string;
  baggage: string;
  digests: Record<string, string>;
}

async function runApp(dir: string): Promise<AppOutput> {
  const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: dir, env: { ...process.env, SDK_TRACE_BASE: traceBase }, timeout: 60_000 });
  return JSON.parse(stdout) as AppOutput;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'baton-sdk-pack-'));
  const { stdout } = await npm(pkgDir, ['pack', '--json', '--pack-destination', tmp]);
  const [result] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(tmp, result!.filename);
  packed = result!.files;
}, 180_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed SDK', () => {
  it('ships the built ESM, its declarations, package.json and README, and no sources or tests', () => {
    const modules = ['digest', 'handoff', 'index', 'snapshot', 'types', 'validate'];
    const expected = [...modules.flatMap((m) => [`dist/${m}.d.ts`, `dist/${m}.js`]), 'README.md', 'package.json'];
    expect(packed.map((f) => f.path).sort()).toEqual(expected.sort());
    const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ type: 'module', exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } }, peerDependencies: { '@opentelemetry/api': expect.any(String) } });
    expect(manifest.dependencies).toBeUndefined();
  });

  it('installs from the tarball with npm, offline, and records snapshots Baton reads as a handoff that dropped a fact', async () => {
    const app = newApp('tarball-app');
    await npm(app, ['install', tarball]);
    expect(lstatSync(path.join(app, 'node_modules/@baton/sdk')).isSymbolicLink()).toBe(false);
    const out = await runApp(app);

    expect(out.exports).toEqual(['HANDOFF_ID_KEY', 'SNAPSHOT_EVENT', 'compaction', 'digestFacts', 'handoffIdFromBaggage', 'newHandoffId', 'receiveHandoff', 'recordSnapshot', 'sendHandoff', 'snapshotAttributes', 'withHandoffBaggage']);
    expect(out.typeError).toBe('TypeError: sendHandoff: to must be a non-empty string, got an empty string');
    expect(out.baggage).toBe(out.id);
    expect(out.digests).toEqual({ order: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    const [triage, billing] = out.spans;
    expect(triage?.events).toEqual([
      {
        name: 'baton.context.snapshot',
        attributes: {
          'baton.snapshot.phase': 'sent',
          'baton.snapshot.facts': '{"customer":{"id":"C-42"},"order":48213,"budget":300}',
          'baton.snapshot.constraints': '[{"id":"refund-cap","text":"Never refund above the budget"}]',
          'baton.handoff.id': out.id,
          'baton.handoff.to': 'billing',
          'baton.handoff.contract': '{"required":["customer.id","order","refund-cap"],"preserve":["budget"]}',
        },
      },
    ]);
    expect(billing?.events).toEqual([
      {
        name: 'baton.context.snapshot',
        attributes: {
          'baton.snapshot.phase': 'received',
          'baton.snapshot.facts': '{"customer":{"id":"C-42"},"budget":300}',
          'baton.snapshot.tokens': 640,
          'baton.snapshot.token_limit': 8000,
          'baton.handoff.id': out.id,
        },
      },
    ]);

    // Baton's own parser and drift read these events as the docs say.
    const origin = (agent: string) => ({ traceId: 't', spanId: agent, time: '1', agent, sessionId: '' });
    const sender = parseSnapshot(triage!.events[0]!.attributes, origin('triage'));
    const receiver = parseSnapshot(billing!.events[0]!.attributes, origin('billing'));
    expect([sender.invalid, receiver.invalid]).toEqual([[], []]);
    expect(snapshotDrift({ sender, receiver, contract: sender.contract, grounded: () => false })).toMatchObject({
      method: 'snapshot',
      dropped: ['order'],
      contractMissing: ['order', 'refund-cap'],
      constraintsDropped: ['refund-cap'],
      severity: 'critical',
    });
  }, 120_000);

  it('type-checks an app against the shipped declarations (strict, NodeNext, no DOM or Node types)', async () => {
    const app = newApp('typed-app');
    await npm(app, ['install', tarball]);
    writeFileSync(path.join(app, 'app.ts'), APP_TS);
    // @opentelemetry/api's own declarations name `console` (from the DOM or Node types); ours must need nothing.
    writeFileSync(path.join(app, 'console.d.ts'), 'declare var console: { log(...data: unknown[]): void };\n');
    const options = { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022'], types: [], strict: true, noEmit: true, skipLibCheck: false };
    writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['app.ts', 'console.d.ts'] }));
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, timeout: 120_000 }).then(
      () => '',
      (err: { stdout?: string }) => err.stdout ?? String(err),
    );
    expect(result).toBe('');
  }, 120_000);

  it('installs from the folder (npm install path/to/packages/sdk), which builds it', async () => {
    const app = newApp('folder-app');
    await npm(app, ['install', pkgDir]);
    expect(realpathSync(path.join(app, 'node_modules/@baton/sdk'))).toBe(realpathSync(pkgDir));
    const out = await runApp(app);
    expect(out.spans.map((s) => s.events.map((e) => e.attributes['baton.snapshot.phase']))).toEqual([['sent'], ['received']]);
  }, 120_000);
});
