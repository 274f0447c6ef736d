// Exact decimal arithmetic for money, quantities and rates. Nothing here touches a binary float:
// values enter as decimal strings, live as Decimal, and leave as decimal strings.
import { Decimal as DecimalJs } from 'decimal.js';

/** Our own Decimal constructor: 40 significant digits, so no intermediate product is ever rounded. */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);

/** A plain decimal literal: optional minus, digits, optional fraction. No exponent, no NaN, no Infinity. */
export const DECIMAL_PATTERN = /^-?(0|[1-9]\d{0,14})(\.\d{1,6})?$/;

export function dec(value: string | Decimal): Decimal {
  return value instanceof Decimal ? value : new Decimal(value);
}

/** Round to the cent, half away from zero (decimal.js ROUND_HALF_UP rounds ties away from zero). */
export function roundCentsHalfAwayFromZero(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Round to the whole euro, half away from zero (Cerfa lines). */
export function roundEurosHalfAwayFromZero(value: Decimal): Decimal {
  return value.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
}

/** Amounts travel as strings with exactly two decimals: "1234.50". */
export function formatCents(value: Decimal): string {
  return value.toFixed(2);
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/**
 * Percentages with two decimals that add up to exactly 100.00 (largest remainder method).
 * Works in hundredths of a percent. Ties in remainders go to the earlier key, so the result
 * depends only on the input order, which callers keep sorted. All zero when the total is zero.
 */
export function sharesByLargestRemainder(entries: ReadonlyArray<readonly [string, Decimal]>): Map<string, string> {
  const total = sum(entries.map(([, v]) => v));
  const result = new Map<string, string>();
  if (total.isZero()) {
    for (const [key] of entries) result.set(key, '0.00');
    return result;
  }
  const HUNDREDTHS_OF_PERCENT = 10000;
  const floors: { key: string; units: Decimal; remainder: Decimal; index: number }[] = entries.map(([key, v], index) => {
    const exact = v.times(HUNDREDTHS_OF_PERCENT).dividedBy(total);
    const units = exact.floor();
    return { key, units, remainder: exact.minus(units), index };
  });
  let left = new Decimal(HUNDREDTHS_OF_PERCENT).minus(sum(floors.map((f) => f.units))).toNumber();
  const byRemainder = [...floors].sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  for (const f of byRemainder) {
    if (left <= 0) break;
    f.units = f.units.plus(1);
    left -= 1;
  }
  for (const f of floors) result.set(f.key, f.units.dividedBy(100).toFixed(2));
  return result;
}

/**
 * Integer cents for aggregates, where millions of additions must stay fast: exact as long as the
 * magnitude stays below 2^53 cents (90 trillion euros), which is asserted.
 */
export function toIntegerCents(value: Decimal): number {
  const cents = value.times(100);
  if (!cents.isInteger()) throw new Error(`not a whole number of cents: ${value.toString()}`);
  const n = cents.toNumber();
  if (!Number.isSafeInteger(n)) throw new Error(`amount out of range: ${value.toString()}`);
  return n;
}

const TWO_POW_52 = 2 ** 52;
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * a × b in integer cents, rounded once half away from zero: the same as
 * toIntegerCents(roundCentsHalfAwayFromZero(dec(a).times(b))) for two non-negative decimal
 * literals (DECIMAL_PATTERN). Valuing every contribution of a long log is the read model's hottest
 * arithmetic, so where the exact product fits below 2^52 (always, for the figures a network
 * records) it is computed on integers: each operand as its digits without the point, the product,
 * then a division by a power of ten whose remainder decides the rounding. Every step is an
 * operation on whole numbers below 2^53, where a JavaScript number is exact: no fraction is ever
 * represented in binary. Anything else goes through decimal.js.
 */
export function productInCents(a: string, b: string): number {
  const x = scaledDigits(a);
  const y = scaledDigits(b);
  if (x !== undefined && y !== undefined) {
    const product = x.digits * y.digits;
    const scale = x.scale + y.scale;
    if (product < TWO_POW_52) {
      if (scale <= 2) {
        const cents = product * POWERS_OF_TEN[2 - scale]!;
        if (cents < TWO_POW_52) return cents;
      } else {
        const divisor = POWERS_OF_TEN[scale - 2]!;
        const remainder = product % divisor;
        const cents = (product - remainder) / divisor;
        return remainder * 2 >= divisor ? cents + 1 : cents;
      }
    }
  }
  return toIntegerCents(roundCentsHalfAwayFromZero(dec(a).times(b)));
}

/** "12.50" → 1250 at scale 2; undefined for anything but a plain non-negative literal of ≤ 15 digits. */
function scaledDigits(literal: string): { digits: number; scale: number } | undefined {
  if (!DECIMAL_PATTERN.test(literal) || literal.charCodeAt(0) === 45 /* - */) return undefined;
  const point = literal.indexOf('.');
  const text = point === -1 ? literal : literal.slice(0, point) + literal.slice(point + 1);
  if (text.length > 15) return undefined;
  return { digits: Number(text), scale: point === -1 ? 0 : literal.length - point - 1 };
}

export function fromIntegerCents(cents: number): Decimal {
  if (!Number.isSafeInteger(cents)) throw new Error(`cents out of range: ${cents}`);
  return new Decimal(cents).dividedBy(100);
}

export function formatIntegerCents(cents: number): string {
  return fromIntegerCents(cents).toFixed(2);
}
