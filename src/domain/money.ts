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

// ---- Cents: every computed amount ----
//
// Aggregates add millions of values, so they live as integer cents in a JavaScript number: exact
// as long as the magnitude stays below 2^53 cents (90 trillion euros). The brand makes the type
// checker refuse a bare number where cents are meant; a value only becomes Cents through the
// functions below, each of which checks it is a safe integer (so a sum that would leave the exact
// range fails loudly, never rounds silently).

export type Cents = number & { readonly __brand: 'Cents' };

export const ZERO_CENTS = 0 as Cents;

/** A whole number already counted in cents (a stored figure, a literal in a test). */
export function asCents(value: number): Cents {
  if (!Number.isSafeInteger(value)) throw new Error(`cents out of range: ${value}`);
  return value as Cents;
}

/** An exact whole number of cents; throws when the value has a fraction of a cent. */
export function toIntegerCents(value: Decimal): Cents {
  const cents = value.times(100);
  if (!cents.isInteger()) throw new Error(`not a whole number of cents: ${value.toString()}`);
  const n = cents.toNumber();
  if (!Number.isSafeInteger(n)) throw new Error(`amount out of range: ${value.toString()}`);
  return n as Cents;
}

/** Any decimal, rounded to the cent half away from zero. */
export function centsHalfAwayFromZero(value: Decimal): Cents {
  return toIntegerCents(roundCentsHalfAwayFromZero(value));
}

/** A decimal string with at most two decimals ("1234.50", "-3", absent = 0), exactly. */
export function centsOf(amount: string | undefined): Cents {
  return amount === undefined ? ZERO_CENTS : toIntegerCents(dec(amount));
}

export function addCents(a: Cents, b: Cents): Cents {
  return asCents(a + b);
}

export function subtractCents(a: Cents, b: Cents): Cents {
  return asCents(a - b);
}

export function sumCents(values: Iterable<Cents>): Cents {
  let total = 0;
  for (const v of values) total += v;
  return asCents(total);
}

/** The larger of the two (a balancing figure never below zero). */
export function maxCents(a: Cents, b: Cents): Cents {
  return a >= b ? a : b;
}

export function negateCents(value: Cents): Cents {
  // 0 − x, not −x: a zero stays +0, never the −0 that Object.is tells apart.
  return (0 - value) as Cents;
}

export function absCents(value: Cents): Cents {
  return Math.abs(value) as Cents;
}

export function fromIntegerCents(cents: Cents): Decimal {
  if (!Number.isSafeInteger(cents)) throw new Error(`cents out of range: ${cents}`);
  return new Decimal(cents).dividedBy(100);
}

/** Cents as the edges' decimal string: 123450 → "1234.50". */
export function formatIntegerCents(cents: Cents): string {
  return fromIntegerCents(cents).toFixed(2);
}

/** sharesByLargestRemainder of amounts held in cents. */
export function sharesOfCents(entries: ReadonlyArray<readonly [string, Cents]>): Map<string, string> {
  return sharesByLargestRemainder(entries.map(([key, c]) => [key, fromIntegerCents(c)] as const));
}

/** base × percent / 100 in cents, rounded towards the direction named (a ceiling rounds down, a floor up). */
export function percentOfCents(base: Cents, percent: string, direction: 'floor' | 'ceil'): Cents {
  const exact = new Decimal(base).times(dec(percent)).dividedBy(100);
  return asCents((direction === 'floor' ? exact.floor() : exact.ceil()).toNumber());
}

/**
 * part / whole in percent with two decimals ("12.34"), rounded half up on integers (no float);
 * null when whole is not positive.
 */
export function percentOfWhole(part: Cents, whole: Cents): string | null {
  if (whole <= 0) return null;
  const tenThousandths = Math.floor((part * 10000 * 2 + whole) / (2 * whole));
  return fromIntegerCents(asCents(tenThousandths)).toFixed(2);
}

/**
 * part / whole as a spreadsheet number: the cached result of a share formula, which the reader's
 * spreadsheet recomputes (the API's shares are percentOfWhole and sharesOfCents strings). Divided
 * in decimal; a binary number only at the end, since a cell holds one. Callers rule out whole = 0.
 */
export function ratioAsCellNumber(part: Cents, whole: Cents): number {
  return fromIntegerCents(part).dividedBy(fromIntegerCents(whole)).toNumber();
}

/** Whole euros, rounded half away from zero (a Cerfa total). */
export function eurosHalfAwayFromZero(cents: Cents): number {
  const magnitude = Math.abs(cents);
  const euros = Math.floor(magnitude / 100) + (magnitude % 100 >= 50 ? 1 : 0);
  return cents < 0 ? -euros : euros;
}

/** Non-negative cents as whole euros rounded down and the cents left over (1234 → 12 € and 34). */
export function eurosAndCentsLeft(cents: Cents): { euros: number; left: number } {
  if (cents < 0) throw new Error(`euros and cents left need non-negative cents, not ${cents}`);
  return { euros: Math.floor(cents / 100), left: cents % 100 };
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
export function productInCents(a: string, b: string): Cents {
  const x = scaledDigits(a);
  const y = scaledDigits(b);
  if (x !== undefined && y !== undefined) {
    const product = x.digits * y.digits;
    const scale = x.scale + y.scale;
    if (product < TWO_POW_52) {
      if (scale <= 2) {
        const cents = product * POWERS_OF_TEN[2 - scale]!;
        if (cents < TWO_POW_52) return cents as Cents;
      } else {
        const divisor = POWERS_OF_TEN[scale - 2]!;
        const remainder = product % divisor;
        const cents = (product - remainder) / divisor;
        return (remainder * 2 >= divisor ? cents + 1 : cents) as Cents;
      }
    }
  }
  return centsHalfAwayFromZero(dec(a).times(b));
}

/** "12.50" → 1250 at scale 2; undefined for anything but a plain non-negative literal of ≤ 15 digits. */
function scaledDigits(literal: string): { digits: number; scale: number } | undefined {
  if (!DECIMAL_PATTERN.test(literal) || literal.charCodeAt(0) === 45 /* - */) return undefined;
  const point = literal.indexOf('.');
  const text = point === -1 ? literal : literal.slice(0, point) + literal.slice(point + 1);
  if (text.length > 15) return undefined;
  return { digits: Number(text), scale: point === -1 ? 0 : literal.length - point - 1 };
}
