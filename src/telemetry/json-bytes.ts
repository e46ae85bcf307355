/**
 * JSON text written straight as UTF-8 bytes into one reused buffer: the encoder's payloads are mostly fixed
 * fragments, small integers and names it has already seen, so writing their bytes skips building (and later
 * flattening, collecting and UTF-8 encoding) a string of a megabyte a tick. `take` copies a finished line out.
 */
export class JsonBytes {
  buf: Buffer;
  pos = 0;

  constructor(bytes = 1 << 20) {
    this.buf = Buffer.allocUnsafeSlow(bytes);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.pos + n > this.buf.length) this.#grow(n);
  }

  #grow(n: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Bytes as they are (fragments: short, so a loop beats `set`'s call). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (this.pos + n > this.buf.length) this.#grow(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = b[i]!;
    this.pos = p;
  }

  /** One ASCII character by its code. */
  byte(c: number): void {
    if (this.pos + 1 > this.buf.length) this.#grow(1);
    this.buf[this.pos++] = c;
  }

  /** Any text (UTF-8). */
  text(s: string): void {
    this.reserve(s.length * 3);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** An integer (|n| < 2^53) as JSON writes it; -0 is written 0, as JSON does. */
  int(n: number): void {
    if (this.pos + 17 > this.buf.length) this.#grow(17);
    const buf = this.buf;
    if (n < 0) {
      buf[this.pos++] = 45;
      n = -n;
    }
    if (n < 10) {
      buf[this.pos++] = 48 + n;
      return;
    }
    if (n >= 2147483648) {
      this.text(String(n));
      return;
    }
    let m = n | 0;
    const digits = m < 100
      ? 2
      : m < 1000
        ? 3
        : m < 10000
          ? 4
          : m < 100000
            ? 5
            : m < 1000000
              ? 6
              : m < 10000000
                ? 7
                : m < 100000000 ? 8 : m < 1000000000 ? 9 : 10;
    const end = this.pos + digits;
    for (let p = end - 1; p > this.pos; p--) {
      const q = (m / 10) | 0;
      buf[p] = 48 + m - q * 10;
      m = q;
    }
    buf[this.pos] = 48 + m;
    this.pos = end;
  }

  /**
   * `k / 10^scale` as `String()` writes it, for an integer |k| < 10^15 (the caller checks): that decimal has at most
   * 15 significant digits, so it is the shortest text that reads back as the double nearest to it, which is what
   * `String` prints (no exponent: 10^-scale ≥ 1e-6 and the value < 1e21).
   */
  decimal(k: number, scale: number): void {
    if (k === 0) {
      this.byte(48);
      return;
    }
    if (k < 0) {
      this.byte(45);
      k = -k;
    }
    const unit = 10 ** scale;
    const whole = Math.floor(k / unit);
    let frac = k - whole * unit;
    this.int(whole);
    if (frac === 0) return;
    let width = scale;
    while (frac % 10 === 0) {
      frac /= 10;
      width--;
    }
    this.reserve(width + 1);
    const buf = this.buf;
    buf[this.pos] = 46;
    const end = this.pos + 1 + width;
    for (let p = end - 1; p > this.pos; p--) {
      const q = Math.floor(frac / 10);
      buf[p] = 48 + frac - q * 10;
      frac = q;
    }
    this.pos = end;
  }

  /**
   * A copy of the bytes from `from` to the end (a finished line, free to hand to a socket that keeps it), on a
   * buffer of its own (not zeroed first: every byte is written).
   */
  take(from: number): Buffer {
    const out = Buffer.allocUnsafeSlow(this.pos - from);
    this.buf.copy(out, 0, from, this.pos);
    return out;
  }
}

/** A fragment's bytes. */
export function utf8(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf8'));
}

/** Bytes as text. */
export function bytesText(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
}
