import { describe, expect, it } from 'vitest';
import { describeLink } from './describe';
import { shareAllows } from './allows';
import { liveFrom, liveLabel, panelTarget, panelWindow, parsePanelTarget, type PanelSpec } from './panel';

const FROM = Date.UTC(2026, 10, 1, 0, 0, 0);
const TO = Date.UTC(2026, 10, 2, 0, 0, 0);

function parsed(text: string): PanelSpec {
  const p = parsePanelTarget(text);
  if (!p.ok) throw new Error(p.message);
  return p.spec;
}

describe('panel targets', () => {
  it('read a frozen panel (epoch ms or ISO) and write it back in one canonical form', () => {
    const spec = parsed(`to=${new Date(TO).toISOString()}&metric=drift_rate&from=${FROM}&groupBy=agent_pair&step=1h`);
    expect(spec).toEqual({ metric: 'drift_rate', groupBy: 'agent_pair', step: 3600, range: { kind: 'frozen', fromMs: FROM, toMs: TO } });
    expect(panelTarget(spec)).toBe(`metric=drift_rate&groupBy=agent_pair&step=3600&from=${FROM}&to=${TO}`);
    expect(parsed(panelTarget(spec))).toEqual(spec);
    expect(panelWindow(spec, TO + 86_400_000)).toEqual({ fromMs: FROM, toMs: TO });
  });

  it('read a live panel as a window that ends now, with a round default step (at most 60 buckets)', () => {
    const spec = parsed('metric=errors&live=24h');
    expect(spec).toEqual({ metric: 'errors', step: 1800, range: { kind: 'live', seconds: 86_400 } });
    expect(panelTarget(spec)).toBe('metric=errors&step=1800&live=86400');
    expect(panelWindow(spec, TO)).toEqual({ fromMs: TO - 86_400_000, toMs: TO });
  });

  it.each([
    ['', /metric must be one of/],
    ['metric=latency&live=1h', /metric must be one of/],
    ['metric=spans&groupBy=model&live=1h', /groupBy must be one of/],
    ['metric=consistency&groupBy=agent_pair&live=1h', /groupBy=agent_pair works with/],
    ['metric=spans', /needs from and to .* or live/],
    [`metric=spans&from=${FROM}`, /needs from and to/],
    [`metric=spans&from=${TO}&to=${FROM}`, /from must be before to/],
    ['metric=spans&from=yesterday&to=now', /epoch milliseconds or ISO-8601/],
    [`metric=spans&live=1h&from=${FROM}&to=${TO}`, /not both/],
    ['metric=spans&live=10s', /between 1m and 90d/],
    ['metric=spans&live=91d', /between 1m and 90d/],
    ['metric=spans&live=24h&step=fast', /step must be whole seconds/],
    ['metric=spans&live=24h&step=10', /more than 1000 buckets/],
    ['metric=spans&live=24h&token=x', /“token” is none of these/],
  ])('refuse %j, saying why', (text, message) => {
    const p = parsePanelTarget(text);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.message).toMatch(message);
  });

  it('name live windows in words and as a relative range', () => {
    expect([liveLabel(86_400), liveLabel(7 * 86_400), liveLabel(5400), liveLabel(60)]).toEqual(['1 day', '7 days', '90 minutes', '1 minute']);
    expect([liveFrom(86_400), liveFrom(21_600), liveFrom(90)]).toEqual(['now-1d', 'now-6h', 'now-90s']);
  });

  it('describe each kind of link for the links page', () => {
    expect(describeLink('panel', `metric=spans&step=3600&from=${FROM}&to=${TO}`)).toEqual({
      label: expect.stringMatching(/^Spans, frozen: \d{4}-\d{2}-\d{2} \d{2}:\d{2} → /),
      href: `/embed/metrics?metric=spans&step=3600&from=${FROM}&to=${TO}`,
    });
    expect(describeLink('panel', 'metric=drift_rate&groupBy=agent&step=1440&live=86400')).toEqual({ label: 'Drift rate by agent, live: last 1 day', href: '/embed/metrics?metric=drift_rate&step=1440&groupBy=agent&from=now-1d&to=now' });
    expect(describeLink('handoff', 'h-123').href).toBe('/embed/handoffs/h-123');
    expect(describeLink('session', 's/1').href).toBe('/sessions/s%2F1');
  });
});

describe('a panel link', () => {
  const link = { resource: 'panel' as const, target: 'metric=spans&step=60&live=3600' };
  it('may read the metrics route and its own description, nothing else', () => {
    expect(shareAllows(link, 'GET', '/api/v1/metrics')).toBe(true);
    expect(shareAllows(link, 'GET', '/api/v1/shared')).toBe(true);
    expect(shareAllows(link, 'POST', '/api/v1/metrics')).toBe(false);
    for (const path of ['/api/v1/stats', '/api/v1/traces', `/api/v1/traces/${'a'.repeat(32)}`, '/api/v1/sessions', '/api/v1/handoffs', '/api/v1/agents']) expect(shareAllows(link, 'GET', path), path).toBe(false);
  });
});
