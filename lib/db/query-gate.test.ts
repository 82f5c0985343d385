import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { select, tempStore } from '@/tests/helpers/temp-store';
import type { Store } from './store';
import { currentPriority, prioritySettings, QueryGate, runAs } from './query-gate';

/** A query that takes `ms` and records when it ran. */
function work(log: string[], name: string, ms = 5) {
  return async () => {
    log.push(`start ${name}`);
    await new Promise((r) => setTimeout(r, ms));
    log.push(`end ${name}`);
    return name;
  };
}

describe('the query gate', () => {
  it('runs one query at a time, the most urgent waiting one first', async () => {
    const gate = new QueryGate(1);
    const log: string[] = [];
    const done = [
      gate.run(work(log, 'bg1', 20), 'background'),
      gate.run(work(log, 'bg2'), 'background'),
      gate.run(work(log, 'ingest'), 'ingest'),
      gate.run(work(log, 'read'), 'interactive'),
    ];
    await Promise.all(done);
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start bg1', 'start read', 'start ingest', 'start bg2']);
    // Never two at once.
    for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(log[i]!.replace('start', 'end'));
  });

  it('lets a background query that waited long go ahead of ingest work', async () => {
    const gate = new QueryGate(1);
    const log: string[] = [];
    const blocker = gate.run(work(log, 'long', 2_200), 'ingest');
    const bg = gate.run(work(log, 'bg'), 'background');
    const ingest = gate.run(work(log, 'ingest'), 'ingest');
    await Promise.all([blocker, bg, ingest]);
    expect(log.filter((l) => l.startsWith('start'))).toEqual(['start long', 'start bg', 'start ingest']);
  });

  it('passes failures through and keeps going', async () => {
    const gate = new QueryGate(1);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      gate.run(() => {
        throw new Error('at once');
      }),
    ).rejects.toThrow('at once');
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });

  it('carries the priority through async work, and bounds background queries in time', async () => {
    expect(currentPriority()).toBe('interactive');
    const seen = await runAs('background', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return [currentPriority(), prioritySettings()] as const;
    });
    expect(seen).toEqual(['background', { max_execution_time: 10 }]);
    expect(prioritySettings()).toEqual({});
  });
});

describe('on the embedded store', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await tempStore());
  });
  afterAll(() => cleanup());

  it('answers a read before the analysis queries queued ahead of it', async () => {
    const heavy = 'SELECT count() FROM numbers(30000000) WHERE sipHash64(number) % 7 = {m:UInt8}';
    const order: string[] = [];
    const background = runAs('background', () =>
      Promise.all(Array.from({ length: 4 }, (_, i) => select(store, heavy, { m: i }).then(() => order.push(`analysis ${i}`)))),
    );
    await new Promise((r) => setTimeout(r, 20));
    await select(store, 'SELECT {x:UInt8} AS x', { x: 1 }).then(() => order.push('read'));
    await background;
    // The read waited for the query already running at most, not for the whole backlog.
    expect(order.indexOf('read')).toBeLessThanOrEqual(1);
  });
});
