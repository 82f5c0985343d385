import { MalformedPayloadError } from './types';
import { int64ToDecimal, uint64ToDecimal } from './values';

/**
 * A minimal protobuf wire-format reader: varints, fixed 32/64-bit values and
 * length-delimited fields, read in place from one buffer. Every read is
 * bounds-checked; malformed input throws MalformedPayloadError.
 */

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

export class ProtoReader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
    /** The request message being read, for error messages. */
    readonly request = 'ExportTraceServiceRequest',
  ) {
    this.pos = start;
  }

  private fail(what: string): never {
    throw new MalformedPayloadError(`body is not a valid ${this.request} protobuf: ${what} at byte ${this.pos}`);
  }

  /** A varint that fits in 32 bits (tags, lengths, enums, counts). Larger values wrap, as protobuf's uint32 does. */
  uint32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const b = this.buf[this.pos++] as number;
      if (shift < 32) result |= (b & 0x7f) << shift;
      if (b < 0x80) return result >>> 0;
      shift += 7;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A full 64-bit varint as its two 32-bit halves. */
  private varint64(): [low: number, high: number] {
    let low = 0;
    let high = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint');
      const b = this.buf[this.pos++] as number;
      if (i < 4) low |= (b & 0x7f) << (i * 7);
      else if (i === 4) {
        low |= (b & 0x0f) << 28;
        high |= (b & 0x7f) >> 4;
      } else high |= (b & 0x7f) << (i * 7 - 32);
      if (b < 0x80) return [low >>> 0, high >>> 0];
    }
    return this.fail('varint longer than 10 bytes');
  }

  int64Decimal(): string {
    const [low, high] = this.varint64();
    return int64ToDecimal(low, high);
  }

  bool(): boolean {
    const [low, high] = this.varint64();
    return low !== 0 || high !== 0;
  }

  fixed32(): number {
    if (this.pos + 4 > this.end) this.fail('truncated fixed32');
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  fixed64Decimal(): string {
    if (this.pos + 8 > this.end) this.fail('truncated fixed64');
    const low = this.buf.readUInt32LE(this.pos);
    const high = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    return uint64ToDecimal(low, high);
  }

  double(): number {
    if (this.pos + 8 > this.end) this.fail('truncated double');
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** The bounds of a length-delimited field; the reader moves past it. */
  span(): [start: number, end: number] {
    const length = this.uint32();
    const start = this.pos;
    if (length > this.end - start) this.fail('length past the end of its message');
    this.pos = start + length;
    return [start, start + length];
  }

  string(): string {
    const [start, end] = this.span();
    return start === end ? '' : this.buf.toString('utf8', start, end);
  }

  hex(): string {
    const [start, end] = this.span();
    return start === end ? '' : this.buf.toString('hex', start, end);
  }

  base64(): string {
    const [start, end] = this.span();
    return this.buf.toString('base64', start, end);
  }

  /** A reader over an embedded message. */
  message(): ProtoReader {
    const [start, end] = this.span();
    return new ProtoReader(this.buf, start, end, this.request);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint64();
        return;
      case WIRE_I64:
        if (this.pos + 8 > this.end) this.fail('truncated fixed64');
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.span();
        return;
      case WIRE_I32:
        if (this.pos + 4 > this.end) this.fail('truncated fixed32');
        this.pos += 4;
        return;
      default:
        this.fail(`unsupported wire type ${wireType}`);
    }
  }

  /** Fails unless the field has the wire type the schema gives it. */
  expect(wireType: number, expected: number, field: string): void {
    if (wireType !== expected) this.fail(`field ${field} has wire type ${wireType}, expected ${expected}`);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }
}
