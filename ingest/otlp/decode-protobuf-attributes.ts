import type { EncodedAttrs } from '@/lib/domain/attributes';
import { ProtoReader, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './proto-reader';
import { MAX_VALUE_DEPTH, putAttr, tooDeep, TooDeepError, type Typed } from './values';

/**
 * OTLP KeyValue and AnyValue (opentelemetry.proto.common.v1) read from the
 * wire into an attribute set, for the hand-written trace and logs decoders.
 * Values nest at most MAX_VALUE_DEPTH levels: reading deeper throws
 * TooDeepError, which addAttribute turns into a reason for its owner.
 */

/** One AnyValue message (a log record's body, or an attribute's value) `depth` levels down. */
export function anyValue(r: ProtoReader, depth = 0): Typed {
  if (depth > MAX_VALUE_DEPTH) throw new TooDeepError();
  let value: Typed = { t: 'empty' };
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
        r.expect(wire, WIRE_LEN, 'AnyValue.string_value');
        value = { t: 'string', v: r.string() };
        break;
      case 2:
        r.expect(wire, WIRE_VARINT, 'AnyValue.bool_value');
        value = { t: 'bool', v: r.bool() };
        break;
      case 3:
        r.expect(wire, WIRE_VARINT, 'AnyValue.int_value');
        value = { t: 'int', v: r.int64Decimal() };
        break;
      case 4:
        r.expect(wire, WIRE_I64, 'AnyValue.double_value');
        value = { t: 'double', v: r.double() };
        break;
      case 5: {
        r.expect(wire, WIRE_LEN, 'AnyValue.array_value');
        const list = r.message();
        const items: Typed[] = [];
        while (!list.done) {
          const t = list.uint32();
          if (t >>> 3 === 1 && (t & 7) === WIRE_LEN) items.push(anyValue(list.message(), depth + 1));
          else list.skip(t & 7);
        }
        value = { t: 'array', v: items };
        break;
      }
      case 6: {
        r.expect(wire, WIRE_LEN, 'AnyValue.kvlist_value');
        const list = r.message();
        const entries: [string, Typed][] = [];
        while (!list.done) {
          const t = list.uint32();
          if (t >>> 3 === 1 && (t & 7) === WIRE_LEN) entries.push(keyValue(list.message(), depth + 1));
          else list.skip(t & 7);
        }
        value = { t: 'kvlist', v: entries };
        break;
      }
      case 7:
        r.expect(wire, WIRE_LEN, 'AnyValue.bytes_value');
        value = { t: 'bytes', v: r.base64() };
        break;
      default:
        r.skip(wire);
    }
  }
  return value;
}

function keyValue(r: ProtoReader, depth: number): [string, Typed] {
  let key = '';
  let value: Typed = { t: 'empty' };
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 1 && wire === WIRE_LEN) key = r.string();
    else if (tag >>> 3 === 2 && wire === WIRE_LEN) value = anyValue(r.message(), depth);
    else r.skip(wire);
  }
  return [key, value];
}

/**
 * Adds one KeyValue to a set; plain strings (most attributes) skip the
 * intermediate value. Returns why the attribute could not be read (a value
 * nested too deep), leaving it out, or undefined.
 */
export function addAttribute(attrs: EncodedAttrs, r: ProtoReader): string | undefined {
  let key = '';
  let valueAt: ProtoReader | undefined;
  while (!r.done) {
    const tag = r.uint32();
    const wire = tag & 7;
    if (tag >>> 3 === 1 && wire === WIRE_LEN) key = r.string();
    else if (tag >>> 3 === 2 && wire === WIRE_LEN) valueAt = r.message();
    else r.skip(wire);
  }
  if (!valueAt) {
    putAttr(attrs, key, { t: 'empty' });
    return undefined;
  }
  // Fast path: an AnyValue that is exactly one string_value field.
  const start = valueAt.pos;
  if (!valueAt.done && valueAt.buf[start] === 0x0a) {
    valueAt.uint32();
    const s = valueAt.string();
    if (valueAt.done) {
      attrs.values[key] = s;
      if (key in attrs.types) delete attrs.types[key];
      return undefined;
    }
    valueAt.pos = start;
  }
  try {
    putAttr(attrs, key, anyValue(valueAt));
  } catch (err) {
    if (err instanceof TooDeepError) return tooDeep(key);
    throw err;
  }
  return undefined;
}

