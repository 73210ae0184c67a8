/**
 * Seeded randomness for the demo clinic: the same seed (and the same clock)
 * gives the same clinic, byte for byte, ids included. sfc32 is small, fast and
 * statistically good enough for seed data; Math.random is never used here.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads a small integer seed over the 128-bit state.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4_294_967_296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('pick from an empty list');
    return xs[Math.floor(this.next() * xs.length)]!;
  }

  /** A fresh generator whose sequence depends only on this one's next draw. */
  fork(): Random {
    return new Random(this.nextUint32());
  }

  /** Digits 0-9 as a string of the given length. */
  digits(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }

  /**
   * A UUIDv7-shaped id (RFC 9562 layout: 48-bit ms timestamp, version 7,
   * variant 10) whose random bits come from this generator, so demo ids are
   * reproducible and still sort by creation time like the app's own ids.
   */
  uuidV7(atMs: number): string {
    const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
    const ms = Math.max(0, Math.floor(atMs));
    const high = Math.floor(ms / 0x10000); // upper 32 bits of the 48-bit timestamp
    const low = ms % 0x10000;
    const randA = this.nextUint32() & 0x0fff;
    const variant = 0x8000 | (this.nextUint32() & 0x3fff);
    const tail1 = this.nextUint32() & 0xffff;
    const tail2 = this.nextUint32();
    return `${hex(high, 8)}-${hex(low, 4)}-${hex(0x7000 | randA, 4)}-${hex(variant, 4)}-${hex(tail1, 4)}${hex(tail2, 8)}`;
  }
}

/**
 * Draws items with Zipf-like weights (weight of rank r ∝ 1 / r^exponent):
 * a cumulative table and a binary search, O(log n) per draw.
 */
export class ZipfPicker<T> {
  private readonly cumulative: number[];

  constructor(
    private readonly items: readonly T[],
    exponent = 0.9,
  ) {
    if (items.length === 0) throw new RangeError('ZipfPicker needs at least one item');
    let sum = 0;
    this.cumulative = items.map((_, i) => (sum += 1 / Math.pow(i + 1, exponent)));
  }

  pick(rng: Random): T {
    const total = this.cumulative[this.cumulative.length - 1]!;
    const x = rng.next() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
