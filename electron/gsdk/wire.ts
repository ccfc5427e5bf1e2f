/**
 * Just enough of the protobuf wire format for google.rpc.Status, google.protobuf.Any and
 * gsdk.err.MultiErrorResponse. They travel as raw bytes in a trailer, outside proto-loader's
 * per-method codecs, and decoding them must never throw on a peer's garbage beyond ProtoError.
 */

export class ProtoError extends Error {}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];

  uint32(field: number, value: number): this {
    if (value === 0) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(BigInt(value >>> 0));
    return this;
  }

  /** Negative values take ten bytes, as protobuf sign-extends int32 to 64 bits. */
  int32(field: number, value: number): this {
    if (value === 0) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(BigInt.asUintN(64, BigInt(value | 0)));
    return this;
  }

  string(field: number, value: string): this {
    if (value === '') return this;
    return this.bytes(field, Buffer.from(value, 'utf8'));
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(BigInt(value.length));
    this.parts.push(value);
    return this;
  }

  finish(): Buffer {
    return Buffer.concat(this.parts);
  }

  private tag(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  private varint(value: bigint): void {
    const out: number[] = [];
    let rest = value;
    while (rest > 0x7fn) {
      out.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    out.push(Number(rest));
    this.parts.push(Uint8Array.from(out));
  }
}

export interface ProtoField {
  field: number;
  wireType: number;
}

export class ProtoReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  done(): boolean {
    return this.pos >= this.buf.length;
  }

  tag(): ProtoField {
    const key = this.varint();
    const field = Number(key >> 3n);
    if (field === 0) throw new ProtoError('field number 0');
    return { field, wireType: Number(key & 7n) };
  }

  uint32(): number {
    return Number(this.varint() & 0xffffffffn);
  }

  int32(): number {
    return Number(BigInt.asIntN(32, this.varint()));
  }

  bytes(): Uint8Array {
    const length = Number(this.varint());
    const end = this.pos + length;
    if (end > this.buf.length) throw new ProtoError('length past the end');
    const value = this.buf.subarray(this.pos, end);
    this.pos = end;
    return value;
  }

  string(): string {
    return Buffer.from(this.bytes()).toString('utf8');
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_LENGTH_DELIMITED:
        this.bytes();
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      default:
        throw new ProtoError(`unsupported wire type ${wireType}`);
    }
  }

  private advance(count: number): void {
    if (this.pos + count > this.buf.length) throw new ProtoError('truncated field');
    this.pos += count;
  }

  private varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.buf[this.pos];
      if (byte === undefined) throw new ProtoError('truncated varint');
      this.pos += 1;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new ProtoError('varint longer than 10 bytes');
  }
}
