// A growable pair of arrays (UTF-16 code units + origin index) that each normalisation pass writes.
export class CodeBuffer {
  codes: Uint16Array;
  origin: Int32Array;
  length = 0;
  private bytes: Buffer = Buffer.alloc(0);

  constructor(capacity = 1024) {
    this.codes = new Uint16Array(capacity);
    this.origin = new Int32Array(capacity);
  }

  reset(capacity: number): void {
    if (this.codes.length < capacity) this.grow(capacity);
    this.length = 0;
  }

  /** Makes room for `capacity` code units, keeping what is written. */
  reserve(capacity: number): void {
    if (this.codes.length < capacity) this.grow(capacity);
  }

  push(code: number, origin: number): void {
    if (this.length === this.codes.length) this.grow(this.length * 2 + 16);
    this.codes[this.length] = code;
    this.origin[this.length++] = origin;
  }

  /** Last code unit, or -1 when empty. */
  last(): number {
    return this.length > 0 ? this.codes[this.length - 1] : -1;
  }

  private grow(capacity: number): void {
    const codes = new Uint16Array(capacity);
    const origin = new Int32Array(capacity);
    codes.set(this.codes.subarray(0, this.length));
    origin.set(this.origin.subarray(0, this.length));
    this.codes = codes;
    this.origin = origin;
  }

  text(from = 0, to = this.length): string {
    // A Buffer view decodes UTF-16 natively: several times faster than String.fromCharCode.apply.
    if (this.bytes.buffer !== this.codes.buffer) this.bytes = Buffer.from(this.codes.buffer);
    return this.bytes.toString('utf16le', from * 2, to * 2);
  }
}
