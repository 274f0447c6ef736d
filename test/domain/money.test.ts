// Exact money: shares by largest remainder, rounding, formatting, integer cents.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  Decimal,
  DECIMAL_PATTERN,
  dec,
  formatCents,
  formatIntegerCents,
  fromIntegerCents,
  roundCentsHalfAwayFromZero,
  roundEurosHalfAwayFromZero,
  sharesByLargestRemainder,
  sum,
  toIntegerCents,
  productInCents,
  asCents,
  type Cents,
  addCents,
  centsHalfAwayFromZero,
  centsOf,
  eurosAndCentsLeft,
  eurosHalfAwayFromZero,
  maxCents,
  negateCents,
  percentOfCents,
  percentOfWhole,
  sharesOfCents,
  subtractCents,
  sumCents,
} from '../../src/domain/money.ts';

const shares = (amounts: string[]) => [...sharesByLargestRemainder(amounts.map((a, i) => [`p${i}`, dec(a)] as const)).values()];

// ---- shares: examples ----

test('shares of equal parts: the extra hundredth goes to the earlier key', () => {
  assert.equal(shares(['1', '1', '1']), ['33.34', '33.33', '33.33']);
  assert.equal(shares(['1', '1', '1', '1', '1', '1', '1']), ['14.29', '14.29', '14.29', '14.29', '14.28', '14.28', '14.28']);
});

test('shares: the largest remainder gets the hundredth, not the largest amount', () => {
  // exact: 66.6666…, 16.6666…, 16.6666… → floors 66.66, 16.66, 16.66 = 99.98; two hundredths to hand out.
  assert.equal(shares(['4', '1', '1']), ['66.67', '16.67', '16.66']);
  // exact: 99.985, 0.015 → 99.98 + 0.01 (remainders .5 and .5: the earlier key first) → 99.99, 0.01.
  assert.equal(shares(['19997', '3']), ['99.99', '0.01']);
  assert.equal(shares(['300', '0', '12345.67']), ['2.37', '0.00', '97.63']);
});

test('shares: one partner holds 100.00; zero totals give all 0.00; keys keep their order', () => {
  assert.equal(shares(['12.5']), ['100.00']);
  assert.equal(shares(['0', '0']), ['0.00', '0.00']);
  assert.equal(shares([]), []);
  const m = sharesByLargestRemainder([
    ['zeta', dec('1')],
    ['alpha', dec('3')],
  ]);
  assert.equal([...m.entries()], [
    ['zeta', '25.00'],
    ['alpha', '75.00'],
  ]);
});

// ---- shares: properties ----

/** Non-negative amounts in cents, as the totals hand them over. */
const centsArb = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.constant(0));

test('property: shares add up to exactly 100.00, each within 0.01 of the exact percentage', () => {
  fc.assert(
    fc.property(fc.array(centsArb, { minLength: 1, maxLength: 60 }).filter((xs) => xs.some((x) => x > 0)), (cents) => {
      const amounts = cents.map((c) => fromIntegerCents(asCents(c)));
      const result = [...sharesByLargestRemainder(amounts.map((a, i) => [`k${i}`, a] as const)).values()];
      assert.is(result.length, cents.length);
      for (const s of result) assert.match(s, /^\d{1,3}\.\d{2}$/);
      assert.is(sum(result.map((s) => dec(s))).toFixed(2), '100.00');
      const total = sum(amounts);
      result.forEach((s, i) => {
        const exact = amounts[i]!.times(100).dividedBy(total);
        const gap = dec(s).minus(exact).abs();
        assert.ok(gap.lessThan('0.01'), `share ${s} is ${gap.toString()} away from ${exact.toString()}`);
        if (amounts[i]!.isZero()) assert.is(s, '0.00', 'a zero amount has a zero share');
      });
    }),
    { numRuns: 3000 },
  );
});

test('property: all shares are 0.00 when the total is zero', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 50 }), (n) => {
      const result = [...sharesByLargestRemainder(Array.from({ length: n }, (_, i) => [`k${i}`, dec('0.00')] as const)).values()];
      assert.equal(result, Array(n).fill('0.00'));
    }),
  );
});

test('property: shares depend only on the amounts in order, never on their scale', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 1000 }), (cents, factor) => {
      const a = shares(cents.map((c) => fromIntegerCents(asCents(c)).toFixed(2)));
      const b = shares(cents.map((c) => fromIntegerCents(asCents(c * factor)).toFixed(2)));
      assert.equal(a, b);
    }),
  );
});

// ---- rounding and formatting ----

test('rounding to the cent is half away from zero, on both signs', () => {
  const cases: [string, string][] = [
    ['30.625', '30.63'],
    ['0.005', '0.01'],
    ['0.0049999', '0.00'],
    ['-0.005', '-0.01'],
    ['-30.625', '-30.63'],
    ['2.675', '2.68'], // a binary float would say 2.67
    ['1.015', '1.02'],
    ['999999999999999.995', '1000000000000000.00'],
  ];
  for (const [value, expected] of cases) assert.is(formatCents(roundCentsHalfAwayFromZero(dec(value))), expected, value);
});

test('rounding to the euro is half away from zero', () => {
  const cases: [string, string][] = [
    ['2.5', '3'],
    ['-2.5', '-3'],
    ['2.49', '2'],
    ['1234.50', '1235'],
  ];
  for (const [value, expected] of cases) assert.is(roundEurosHalfAwayFromZero(dec(value)).toFixed(0), expected, value);
});

test('amounts leave as strings with two decimals, never with an exponent', () => {
  assert.is(formatCents(dec('1234.5')), '1234.50');
  assert.is(formatCents(dec('0')), '0.00');
  assert.is(formatCents(dec('100000000000000000000')), '100000000000000000000.00');
  assert.is(formatCents(dec('0.000001').times(100)), '0.00');
  assert.is(new Decimal('1e-30').toString(), '0.000000000000000000000000000001');
});

test('decimal arithmetic is exact where a float is not', () => {
  assert.is(dec('0.1').plus('0.2').toString(), '0.3');
  assert.is(sum(['0.10', '0.20', '0.30'].map(dec)).toFixed(2), '0.60');
  // Products of the largest catalogue values keep every digit (40 significant digits).
  assert.is(dec('999999.999999').times('999999.999999').toString(), '999999999998.000000000001');
});

test('integer cents round-trip and refuse what they cannot hold', () => {
  assert.is(toIntegerCents(dec('1234.50')), 123450);
  assert.is(toIntegerCents(dec('-0.05')), -5);
  assert.is(formatIntegerCents(asCents(123450)), '1234.50');
  assert.is(formatIntegerCents(asCents(-5)), '-0.05');
  assert.is(formatIntegerCents(asCents(0)), '0.00');
  assert.throws(() => toIntegerCents(dec('1.005')), /whole number of cents/);
  assert.throws(() => toIntegerCents(dec('100000000000000')), /out of range/); // 10^16 cents > 2^53
  assert.throws(() => fromIntegerCents(0.5 as Cents), /out of range/);
  fc.assert(
    fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (cents) => {
      assert.is(toIntegerCents(dec(formatIntegerCents(asCents(cents)))), cents);
    }),
  );
});

test('the decimal pattern: plain literals only', () => {
  for (const ok of ['0', '1', '-1', '1234.50', '0.000001', '999999999999999.999999']) assert.ok(DECIMAL_PATTERN.test(ok), ok);
  for (const bad of ['', '01', '1.', '.5', '1e3', '1.1234567', '+1', '1 000', '1,5', '1000000000000000', 'NaN'])
    assert.not.ok(DECIMAL_PATTERN.test(bad), bad);
});

// ---- products in integer cents (the read model's valuation) ----

/** Any plain non-negative literal DECIMAL_PATTERN accepts: up to 15 integer and 6 decimal digits. */
const literalArb = fc
  .tuple(fc.oneof(fc.constant('0'), fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }).map(String), fc.integer({ min: 1, max: 99 }).map(String)), fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }))
  .map(([int, frac]) => (frac === undefined ? int : `${int}.${frac}`));

const byDecimal = (a: string, b: string) => toIntegerCents(roundCentsHalfAwayFromZero(dec(a).times(b)));

test('property: a product in integer cents is exactly what decimal.js gives, rounded once half away from zero', () => {
  fc.assert(
    fc.property(literalArb, literalArb, (a, b) => {
      assert.ok(DECIMAL_PATTERN.test(a) && DECIMAL_PATTERN.test(b));
      let expected: number | Error;
      try {
        expected = byDecimal(a, b);
      } catch (error) {
        expected = error as Error;
      }
      if (expected instanceof Error) assert.throws(() => productInCents(a, b));
      else assert.is(productInCents(a, b), expected, `${a} × ${b}`);
    }),
    { numRuns: 20_000 },
  );
});

test('products in integer cents: ties, the integer path\'s edges, and the decimal fallback', () => {
  const cases: [string, string][] = [
    ['2.5', '12.25'], // 30.625 → 30.63 (a tie, away from zero)
    ['7.5', '11.88'], // 89.10
    ['0.333333', '0.015'], // 0.004999995 → 0.00
    ['1', '0.005'], // 0.005 → 0.01
    ['3', '1234.5'], // scale 1: multiplied, not divided
    ['1440.00', '1'], // an amount, as money kinds are valued
    ['50000000000000', '1'], // 5e15 cents: past 2^52, falls back to decimal.js
    ['40000000000000', '1'], // 4e15 cents: still on integers
    ['123.123456', '987.654321'], // a product of 18 digits: decimal.js
    ['0', '17.5'],
  ];
  for (const [a, b] of cases) assert.is(productInCents(a, b), byDecimal(a, b), `${a} × ${b}`);
  assert.is(productInCents('2.5', '12.25'), 3063);
  assert.is(productInCents('0.333333', '0.015'), 0);
});

// ---- Cents: the one form of a computed amount ----

test('cents are built only from safe integers, and every sum stays one', () => {
  assert.is(asCents(123450), 123450);
  assert.throws(() => asCents(0.5), /out of range/);
  assert.throws(() => asCents(Number.MAX_SAFE_INTEGER + 1), /out of range/);
  assert.is(addCents(asCents(1999), asCents(1)), 2000);
  assert.is(subtractCents(asCents(5), asCents(12)), -7);
  assert.is(sumCents([10, 20, 30].map(asCents)), 60);
  assert.is(sumCents([]), 0);
  assert.is(maxCents(asCents(0), asCents(-3)), 0);
  assert.is(negateCents(asCents(250)), -250);
  assert.ok(Object.is(negateCents(asCents(0)), 0));
  // 2^53 − 1 is the largest exact one: one more cent must fail, never round.
  assert.throws(() => addCents(asCents(Number.MAX_SAFE_INTEGER), asCents(1)), /out of range/);
});

test('from a decimal: exact two-decimal strings, or rounded half away from zero by name', () => {
  assert.is(centsOf('1234.50'), 123450);
  assert.is(centsOf('-3'), -300);
  assert.is(centsOf(undefined), 0);
  assert.throws(() => centsOf('0.125'), /whole number of cents/);
  assert.is(centsHalfAwayFromZero(dec('0.125')), 13);
  assert.is(centsHalfAwayFromZero(dec('-0.125')), -13);
  assert.is(centsHalfAwayFromZero(dec('0.1249')), 12);
});

test('percent of a base in cents, rounded the way the check asks', () => {
  // 30 % of 10.01 € = 3.003 € → 300 cents down, 301 up.
  assert.is(percentOfCents(asCents(1001), '30', 'floor'), 300);
  assert.is(percentOfCents(asCents(1001), '30', 'ceil'), 301);
  assert.is(percentOfWhole(asCents(1), asCents(3)), '33.33');
  assert.is(percentOfWhole(asCents(2), asCents(3)), '66.67');
  assert.is(percentOfWhole(asCents(1), asCents(0)), null);
});

test('whole euros: half away from zero, and down with the cents left over', () => {
  assert.is(eurosHalfAwayFromZero(asCents(1249)), 12);
  assert.is(eurosHalfAwayFromZero(asCents(1250)), 13);
  assert.is(eurosHalfAwayFromZero(asCents(-1250)), -13);
  assert.is(eurosHalfAwayFromZero(asCents(-1249)), -12);
  assert.equal(eurosAndCentsLeft(asCents(1234)), { euros: 12, left: 34 });
  assert.throws(() => eurosAndCentsLeft(asCents(-1)), /non-negative/);
});

test('shares of cents are the shares of the same amounts in euros', () => {
  assert.equal([...sharesOfCents([['a', asCents(100)], ['b', asCents(100)], ['c', asCents(100)]]).values()], ['33.34', '33.33', '33.33']);
});

test.run();
