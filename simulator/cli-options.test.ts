import { describe, expect, it } from 'vitest';
import { faultRates, parseOptions } from './cli-options';
import { DEFAULT_FAULT_RATES } from './plan';

/** `npm run simulate` options: defaults, checks with clear messages, fault rates. */

const options = (argv: string[]) => {
  const parsed = parseOptions(argv);
  if (!('options' in parsed)) throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
};
const error = (argv: string[]) => {
  const parsed = parseOptions(argv);
  return 'error' in parsed ? parsed.error : undefined;
};

describe('simulate options', () => {
  it('has the documented defaults', () => {
    expect(options([])).toEqual({
      endpoint: 'http://localhost:4318',
      protocol: 'http/protobuf',
      sessions: 40,
      days: 7,
      rate: 0,
      seed: 1,
      faults: {},
      'fault-scale': 1,
      concurrency: 4,
    });
  });

  it('reads every option', () => {
    const argv = ['--endpoint', 'https://baton.example:4318', '--protocol', 'http/json', '--sessions', '3', '--days', '0.5', '--rate', '2.5', '--seed', '4000000000'];
    argv.push('--users', '2', '--faults', 'dropped_fact=0.1, timeout=0', '--fault-scale', '2', '--key', 'k1', '--concurrency', '8');
    expect(options(argv)).toEqual({
      endpoint: 'https://baton.example:4318',
      protocol: 'http/json',
      sessions: 3,
      days: 0.5,
      rate: 2.5,
      seed: 4_000_000_000,
      users: 2,
      faults: { dropped_fact: 0.1, timeout: 0 },
      'fault-scale': 2,
      key: 'k1',
      concurrency: 8,
    });
    expect(parseOptions(['-h'])).toEqual({ help: true });
  });

  it('refuses bad options with a message that names them', () => {
    expect(error(['--sessoins', '3'])).toMatch(/sessoins/);
    expect(error(['--sessions'])).toMatch(/sessions/);
    expect(error(['extra'])).toMatch(/extra/);
    expect(error(['--sessions=-1'])).toBe('--sessions must be a whole number');
    expect(error(['--sessions', 'many'])).toBe('--sessions must be a whole number');
    expect(error(['--days', '0'])).toBe('--days must be more than 0');
    expect(error(['--protocol', 'grpc'])).toBe('--protocol must be http/protobuf or http/json');
    expect(error(['--endpoint', 'localhost:4318'])).toBe('--endpoint must be an http:// or https:// URL');
    expect(error(['--faults', 'dropped=0.1'])).toBe('--faults: "dropped=0.1" is not TYPE=RATE with a known fault type');
    expect(error(['--faults', 'timeout=2'])).toBe('--faults: the rate of timeout must be between 0 and 1 (got 2)');
    expect(error(['--concurrency', '0'])).toBe('--concurrency must be at least 1');
    expect(error(['--seed', String(2 ** 32)])).toBe(`--seed must be at most ${2 ** 32 - 1}`);
  });

  it('overrides, then scales every fault rate, at most 1', () => {
    const rates = faultRates(options(['--faults', 'timeout=0,dropped_fact=0.6', '--fault-scale', '2']));
    expect(rates.timeout).toBe(0);
    expect(rates.dropped_fact).toBe(1);
    expect(rates.changed_value).toBeCloseTo(DEFAULT_FAULT_RATES.changed_value * 2);
    expect(faultRates(options(['--fault-scale', '0']))).toEqual(Object.fromEntries(Object.keys(DEFAULT_FAULT_RATES).map((k) => [k, 0])));
  });
});
