import type { AttrValue } from '@/lib/domain/attributes';
import type { Constraint, Contract, Facts, Snapshot } from './types';
import { flattenFacts } from './values';
import { dict, MAX_JSON_DEPTH, parseJson } from '@/lib/domain/json';

/**
 * A `baton.context.snapshot` event's attributes (docs/instrumentation.md) read into a
 * Snapshot. Nothing here throws: a field that cannot be read is left absent
 * and the reason recorded in `invalid`, so a bad snapshot is still stored and
 * shown, saying what was wrong with it.
 */

export interface SnapshotOrigin {
  traceId: string;
  spanId: string;
  time: string;
  agent: string;
  sessionId: string;
}

type Attrs = Record<string, AttrValue>;

/** A value that may arrive as JSON text (the convention) or already structured (kvlist / array attributes). */
function structured(attrs: Attrs, key: string, invalid: string[]): AttrValue | undefined {
  const v = attrs[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return v;
  const parsed = parseJson(v);
  if (parsed.ok) return parsed.value as AttrValue;
  invalid.push(parsed.reason === 'too-deep' ? `${key} nests more than ${MAX_JSON_DEPTH} levels deep` : `${key} is not valid JSON`);
  return undefined;
}

function isObject(v: AttrValue | undefined): v is Record<string, AttrValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readFacts(attrs: Attrs, invalid: string[]): Facts | null {
  const v = structured(attrs, 'baton.snapshot.facts', invalid);
  if (v === undefined) return null;
  if (!isObject(v)) {
    invalid.push('baton.snapshot.facts is not a JSON object');
    return null;
  }
  return flattenFacts(v);
}

function readDigests(attrs: Attrs, invalid: string[]): Record<string, string> | null {
  const v = structured(attrs, 'baton.snapshot.fact_digests', invalid);
  if (v === undefined) return null;
  if (!isObject(v)) {
    invalid.push('baton.snapshot.fact_digests is not a JSON object');
    return null;
  }
  const out = dict<string>();
  for (const [key, digest] of Object.entries(flattenFacts(v))) {
    if (typeof digest === 'string') out[key] = digest;
    else invalid.push(`baton.snapshot.fact_digests["${key}"] is not a string`);
  }
  return out;
}

function readConstraints(attrs: Attrs, invalid: string[]): Constraint[] | null {
  const v = structured(attrs, 'baton.snapshot.constraints', invalid);
  if (v === undefined) return null;
  if (!Array.isArray(v)) {
    invalid.push('baton.snapshot.constraints is not a JSON array');
    return null;
  }
  const out: Constraint[] = [];
  for (const item of v) {
    if (typeof item === 'string') out.push({ text: item });
    else if (isObject(item) && typeof item.text === 'string') {
      out.push(typeof item.id === 'string' || typeof item.id === 'number' ? { id: String(item.id), text: item.text } : { text: item.text });
    } else invalid.push('baton.snapshot.constraints has an item that is neither a string nor { id, text }');
  }
  return out;
}

function stringList(v: AttrValue | undefined): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

function readContract(attrs: Attrs, invalid: string[]): Contract | null {
  const v = structured(attrs, 'baton.handoff.contract', invalid);
  if (v === undefined) return null;
  const list = stringList(v);
  if (list) return { required: list, preserve: [], forbidden: [] };
  if (isObject(v)) {
    const part = (name: 'required' | 'preserve' | 'forbidden'): string[] => {
      if (v[name] === undefined) return [];
      const items = stringList(v[name]);
      if (!items) invalid.push(`baton.handoff.contract.${name} is not an array of strings`);
      return items ?? [];
    };
    return { required: part('required'), preserve: part('preserve'), forbidden: part('forbidden') };
  }
  invalid.push('baton.handoff.contract is neither an array of keys nor { required, preserve, forbidden }');
  return null;
}

function readUpdates(attrs: Attrs, invalid: string[]): string[] {
  const v = structured(attrs, 'baton.snapshot.updates', invalid);
  if (v === undefined) return [];
  const list = stringList(v);
  if (!list) invalid.push('baton.snapshot.updates is not an array of strings');
  return list ?? [];
}

function readCount(attrs: Attrs, key: string, invalid: string[]): number | null {
  const v = attrs[key];
  if (v === undefined || v === null) return null;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n === 'number' && Number.isFinite(n) && n >= 0) return Math.round(n);
  invalid.push(`${key} is not a non-negative number`);
  return null;
}

function readBool(attrs: Attrs, key: string): boolean {
  const v = attrs[key];
  return v === true || v === 'true';
}

function readString(attrs: Attrs, key: string): string {
  const v = attrs[key];
  return typeof v === 'string' ? v.trim() : '';
}

export function parseSnapshot(attrs: Attrs, origin: SnapshotOrigin): Snapshot {
  const invalid: string[] = [];
  const text = attrs['baton.snapshot.text'];
  return {
    ...origin,
    agent: readString(attrs, 'baton.agent.name') || origin.agent,
    phase: readString(attrs, 'baton.snapshot.phase'),
    facts: readFacts(attrs, invalid),
    digests: readDigests(attrs, invalid),
    constraints: readConstraints(attrs, invalid),
    text: typeof text === 'string' && text.trim() !== '' ? text : null,
    tokens: readCount(attrs, 'baton.snapshot.tokens', invalid),
    tokenLimit: readCount(attrs, 'baton.snapshot.token_limit', invalid),
    truncated: readBool(attrs, 'baton.snapshot.truncated'),
    updates: readUpdates(attrs, invalid),
    handoffId: readString(attrs, 'baton.handoff.id'),
    handoffTo: readString(attrs, 'baton.handoff.to'),
    contract: readContract(attrs, invalid),
    invalid,
  };
}
