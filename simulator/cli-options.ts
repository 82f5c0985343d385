import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_CONCURRENCY } from './emit';
import { PROTOCOLS } from './export-queue';
import { DEFAULT_FAULT_RATES } from './plan';
import { FAULT_TYPES, type FaultRates, type FaultType } from './types';

/** The options of `npm run simulate` (simulator/cli.ts): parsed, checked, with defaults. */

export const USAGE = `Usage: npm run simulate -- [options]

Sends simulated multi-agent sessions with labelled faults to an OTLP/HTTP
receiver (Baton), through the OpenTelemetry SDK and exporters.

Options:
  --endpoint URL       OTLP/HTTP base URL; spans go to URL/v1/traces (default http://localhost:4318)
  --protocol P         http/protobuf or http/json (default http/protobuf)
  --sessions N         sessions of history to send (default 40)
  --days D             spread over the last D days (default 7)
  --rate R             then send R traces/s of live traffic until Ctrl-C (default 0: history only)
  --seed S             same seed, same traffic (default 1)
  --users N            distinct users (default: about a third of the sessions)
  --faults LIST        fault rates to override, e.g. dropped_fact=0.1,timeout=0
  --fault-scale X      multiply every fault rate by X, capped at 1 (default 1)
  --key KEY            ingest key, sent as "Authorization: Bearer KEY"
                       (OTEL_EXPORTER_OTLP_HEADERS is honoured as by any OpenTelemetry SDK)
  --concurrency N      OTLP requests in flight at once (default ${DEFAULT_CONCURRENCY})
  -h, --help           show this help

Fault types: ${FAULT_TYPES.join(', ')}`;

const count = (name: string, min: number, max = 1_000_000) =>
  z
    .string()
    .regex(/^\d+$/, `--${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `--${name} must be at least ${min}`).max(max, `--${name} must be at most ${max}`));
const decimal = (name: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `--${name} must be a non-negative number`)
    .transform(Number);

const faultsSchema = z.string().transform((text, ctx) => {
  const rates: Partial<FaultRates> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z_]+)=(\d+(?:\.\d+)?)$/.exec(part);
    const type = match?.[1] as FaultType | undefined;
    const rate = Number(match?.[2]);
    if (!match || !type || !(FAULT_TYPES as readonly string[]).includes(type)) {
      ctx.addIssue({ code: 'custom', message: `--faults: "${part}" is not TYPE=RATE with a known fault type` });
    } else if (rate > 1) {
      ctx.addIssue({ code: 'custom', message: `--faults: the rate of ${type} must be between 0 and 1 (got ${rate})` });
    } else rates[type] = rate;
  }
  return rates;
});

const optionsSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/, error: '--endpoint must be an http:// or https:// URL' }).default('http://localhost:4318'),
  protocol: z.enum(PROTOCOLS, { error: `--protocol must be ${PROTOCOLS.join(' or ')}` }).default('http/protobuf'),
  sessions: count('sessions', 0).default(40),
  days: decimal('days').pipe(z.number().positive('--days must be more than 0').max(365, '--days must be at most 365')).default(7),
  rate: decimal('rate').pipe(z.number().max(10_000, '--rate must be at most 10000 traces/s')).default(0),
  seed: count('seed', 0, 2 ** 32 - 1).default(1),
  users: count('users', 1).optional(),
  faults: faultsSchema.default({}),
  'fault-scale': decimal('fault-scale').default(1),
  key: z.string().min(1, '--key must not be empty').optional(),
  concurrency: count('concurrency', 1, 256).default(DEFAULT_CONCURRENCY),
});
export type Options = z.output<typeof optionsSchema>;

export type Parsed = { help: true } | { help: false; options: Options } | { help: false; error: string };

/** Parses and checks the command line; never exits (the CLI decides). */
export function parseOptions(argv: string[]): Parsed {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        endpoint: { type: 'string' },
        protocol: { type: 'string' },
        sessions: { type: 'string' },
        days: { type: 'string' },
        rate: { type: 'string' },
        seed: { type: 'string' },
        users: { type: 'string' },
        faults: { type: 'string' },
        'fault-scale': { type: 'string' },
        key: { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { help: false, error: err instanceof Error ? err.message : String(err) };
  }
  if (values.help) return { help: true };
  const { help: _help, ...rest } = values;
  const parsed = optionsSchema.safeParse(rest);
  if (!parsed.success) return { help: false, error: parsed.error.issues.map((i) => i.message).join('\n') };
  return { help: false, options: parsed.data };
}

/** The defaults, with the overrides of --faults, all multiplied by --fault-scale (at most 1). */
export function faultRates(options: Pick<Options, 'faults' | 'fault-scale'>): FaultRates {
  const rates = { ...DEFAULT_FAULT_RATES, ...options.faults };
  const scale = options['fault-scale'];
  return Object.fromEntries(FAULT_TYPES.map((t) => [t, Math.min(1, rates[t] * scale)])) as FaultRates;
}
