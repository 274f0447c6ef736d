// A small seeded generator (mulberry32) so the demo ledger is the same on every machine and every run.
import { asCents, formatIntegerCents } from '../domain/money.ts';
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform integer in [min, max]. */
  int(min: number, max: number): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return min + Math.floor(unit * (max - min + 1));
  }

  /** True with probability percent/100. */
  chance(percent: number): boolean {
    return this.int(1, 100) <= percent;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
}

/** Quarter-hours as a decimal string, built from integers only: 10 → "2.5". */
export function quarters(n: number): string {
  const whole = Math.floor(n / 4);
  const fraction = ['', '.25', '.5', '.75'][n % 4];
  return `${whole}${fraction}`;
}

/** Cents as a decimal string: 123450 → "1234.50" (money.ts formats, as everywhere). */
export function cents(n: number): string {
  return formatIntegerCents(asCents(n));
}

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
