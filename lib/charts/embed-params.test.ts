import { describe, expect, it } from 'vitest';
import { embedParams } from './embed-params';

const H = 3_600_000;
const read = (q: string, from = 0, to = 24 * H) => embedParams((k) => new URLSearchParams(q).get(k), from, to);

describe('embedParams', () => {
  it('reads a metric, its grouping and step, defaulting the step to a round width of at most 60 buckets', () => {
    expect(read('metric=drift_rate&groupBy=agent_pair&step=1h')).toEqual({ ok: true, metric: 'drift_rate', groupBy: 'agent_pair', step: 3600 });
    expect(read('metric=spans')).toEqual({ ok: true, metric: 'spans', groupBy: undefined, step: 1800 });
  });

  it('says what is wrong with a link', () => {
    expect(read('')).toMatchObject({ ok: false, title: 'No metric given' });
    expect(read('metric=latency')).toEqual({ ok: false, title: 'Unknown metric “latency”', message: 'The metric must be one of spans, errors, handoffs, drift_rate, fidelity, consistency, sessions.' });
    expect(read('metric=spans&groupBy=user')).toMatchObject({ ok: false, title: 'Unknown grouping “user”' });
    expect(read('metric=spans&groupBy=agent_pair')).toMatchObject({ ok: false, title: 'spans cannot be grouped by agent_pair' });
    expect(read('metric=spans&step=soon')).toMatchObject({ ok: false, title: 'Unreadable step “soon”' });
    expect(read('metric=spans&step=1s')).toMatchObject({ ok: false, title: 'Too many buckets' });
  });
});
