import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestFacts, snapshotAttributes } from '@baton/sdk';
import type { TraceDetail } from '@/lib/schemas/api';
import type { Handoff } from '@/lib/schemas/handoffs';
import { eventually } from '@/tests/helpers/eventually';
import { startBaton, type BatonProcess } from '@/tests/helpers/server';

/**
 * docs/instrumentation.md is what a newcomer has. Its examples are files in
 * docs/examples/, included in the page verbatim, and run here as a user runs
 * them against a real Baton: the TypeScript one with the SDK's sources (the
 * package itself is tested in packages/sdk/package.test.ts), the Python one
 * with a stand-in for the OpenTelemetry Python SDK (tests/helpers/
 * fake_opentelemetry.py: no Python package index is reachable here), which
 * sends what the real exporter would. Both must show the critical handoff the
 * page describes. The Python digest helper must match the SDK byte for byte,
 * and every attribute the SDK writes must be in the page's table.
 */

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const DOC = read('docs/instrumentation.md');

let baton: BatonProcess;

beforeAll(async () => {
  baton = await startBaton();
});
afterAll(async () => {
  await baton?.stop();
  baton?.cleanup();
});

/** The environment an app runs in: the exporter pointed at this Baton, nothing else of the tests'. */
function appEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: baton.otlpUrl };
  for (const key of Object.keys(env)) if (key.startsWith('OTEL_') && key !== 'OTEL_EXPORTER_OTLP_ENDPOINT') delete env[key];
  return env;
}

/** The ids the examples print, and the link. */
function printed(stdout: string): { sessionId: string; traceId: string; handoffId: string; link: string } {
  const m = /^session (\S+), trace ([0-9a-f]{32}), handoff (\S+)\n(\S+)\n$/.exec(stdout);
  if (!m) throw new Error(`unexpected output: ${stdout}`);
  return { sessionId: m[1]!, traceId: m[2]!, handoffId: m[3]!, link: m[4]! };
}

/** What the quick start says Baton shows, through the API. */
async function expectCriticalHandoff(out: ReturnType<typeof printed>): Promise<void> {
  expect(out.link).toBe(`http://localhost:3000/traces/${out.traceId}?handoff=${encodeURIComponent(out.handoffId)}`);
  const { value: handoff } = await eventually('the example handoff', 10_000, async () => {
    const res = await baton.api<{ handoff: Handoff }>(`/api/v1/handoffs/${encodeURIComponent(out.handoffId)}`);
    return res.status === 200 && res.body.handoff.status === 'complete' ? res.body.handoff : undefined;
  });
  expect(handoff).toMatchObject({
    source: 'explicit',
    sessionId: out.sessionId,
    fromAgent: 'triage',
    toAgent: 'billing',
    traceId: out.traceId,
    contract: { required: ['customer.id', 'order', 'refund-cap'], preserve: ['budget'], forbidden: [] },
    drift: {
      method: 'snapshot',
      dropped: ['order'],
      changed: [],
      added: [],
      contractMissing: ['order', 'refund-cap'],
      preserveViolated: [],
      constraintsDropped: ['refund-cap'],
      fidelity: 0.5,
      severity: 'critical',
    },
  });
  // One trace, the chain triage → billing, and that one handoff (not also a delegation).
  const { body } = await baton.api<TraceDetail>(`/api/v1/traces/${out.traceId}`);
  expect(body.sessionId).toBe(out.sessionId);
  expect(body.spans.filter((s) => s.type === 'agent').map((s) => s.agent).sort()).toEqual(['billing', 'triage']);
  expect(body.handoffs.map((h) => h.id)).toEqual([out.handoffId]);
}

describe('docs/instrumentation.md', () => {
  it('holds its examples verbatim', () => {
    expect(DOC).toContain('```ts\n' + read('docs/examples/two-agents.ts') + '```');
    expect(DOC).toContain('```python\n' + read('docs/examples/two_agents.py') + '```');
    expect(DOC).toContain('```python\n' + read('docs/examples/baton_digest.py') + '```');
  });

  it('the TypeScript example, run as the page says, shows the critical handoff', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'docs/examples/two-agents.ts'], { cwd: ROOT, env: appEnv(), timeout: 60_000 });
    await expectCriticalHandoff(printed(stdout));
  });

  it('the Python example, with the plain OpenTelemetry API, shows the same handoff', async () => {
    const stub = path.join(ROOT, 'tests/helpers/fake_opentelemetry.py');
    const { stdout } = await run('python3', [stub, path.join(ROOT, 'docs/examples/two_agents.py')], { cwd: ROOT, env: appEnv(), timeout: 60_000 });
    await expectCriticalHandoff(printed(stdout));
  });

  it('the Python digest helper computes the digests of the SDK (and so of Baton), byte for byte', async () => {
    const facts = {
      customer: { id: '  C-42 \n', address: { city: 'Zürich — 北京 — ключ — 🚀', zip: '8001' }, tags: ['vip', ' eu '] },
      'a.b': 1,
      order: 48213,
      budget: 300.5,
      negative: -12.5,
      zero: -0,
      tiny: 1e-7,
      huge: 1e21,
      sum: 0.1 + 0.2,
      big: 123456789012345680000,
      flags: [true, false, null],
      empty: {},
      none: [],
      escapes: 'say "hi"\\ \u0007\t\u007f',
      accents: 'é / e\u0301',
      lone: 'x\ud800y',
      trimmed: '\u00a0\ufeff value \u2028',
      kept: '\u001c value \u0085',
      nested: [{ z: 1, a: ' x ', m: { y: [1], b: 'é' } }, {}],
      // Key order matters inside arrays (objects elsewhere are flattened): JavaScript sorts by UTF-16 code units.
      keys: [{ '\uff21': 1, '\ud83d\ude80': 2, b: 3, B: 4 }],
    };
    const script = 'import json, sys\nfrom baton_digest import digest_facts\nprint(json.dumps(digest_facts(json.load(sys.stdin))))';
    const child = execFile('python3', ['-c', script], { cwd: path.join(ROOT, 'docs/examples'), timeout: 30_000 });
    child.stdin?.end(JSON.stringify(facts));
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(await digestFacts(facts));
  });

  it('documents every attribute the SDK writes, and every phase', () => {
    const attributes = Object.keys(
      snapshotAttributes({
        phase: 'sent',
        handoffId: 'h',
        to: 'billing',
        contract: ['order'],
        facts: { order: 1 },
        constraints: ['c'],
        text: 't',
        tokens: 1,
        tokenLimit: 2,
        truncated: true,
        updates: ['order'],
        agent: 'a',
      }),
    );
    const withDigests = Object.keys(snapshotAttributes({ phase: 'checkpoint', factDigests: {} }));
    for (const key of [...attributes, ...withDigests]) expect(DOC, key).toMatch(new RegExp(`^\\| \`${key.replaceAll('.', '\\.')}\` \\|`, 'm'));
    for (const phase of ['received', 'sent', 'checkpoint', 'compaction_before', 'compaction_after']) expect(DOC, phase).toContain(`\`${phase}\``);
  });
});
