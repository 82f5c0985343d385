import type { FactValue } from './types';
import { asNumber } from './values';

/**
 * A fact value as text that two values share exactly when `sameValue` says
 * they are equal (docs/analysis.md, "Values"): numbers and numeric strings by
 * value, other strings trimmed, arrays in order, objects whatever their key
 * order. It lets stored state answer "did this session hold this value
 * before?" with a lookup instead of comparing against every observation.
 */
export function valueKey(v: FactValue): string {
  const n = asNumber(v);
  if (n !== undefined) return `n:${String(n)}`;
  if (typeof v === 'string') return `s:${v.trim()}`;
  if (typeof v === 'boolean') return `b:${v}`;
  if (v === null) return 'z';
  if (Array.isArray(v)) return `a:${JSON.stringify(v.map(valueKey))}`;
  if (typeof v !== 'object') return `n:${String(v)}`; // a number, handled above
  const o = v as Record<string, FactValue>;
  return `o:${JSON.stringify(Object.keys(o).sort().map((k) => [k, valueKey(o[k] as FactValue)]))}`;
}
