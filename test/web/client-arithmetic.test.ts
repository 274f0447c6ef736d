// The pages compute the value a contribution will get before it is sent (web/js/decimal.js and
// web/js/valuation.js, plain browser modules). They must agree with the server to the cent: the same
// exact arithmetic (no binary float) and the same choice of rate. Checked here against the domain's
// own functions, on examples and on random inputs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { asCents, centsHalfAwayFromZero, dec, Decimal, DECIMAL_PATTERN, formatIntegerCents, productInCents, roundCentsHalfAwayFromZero } from '../../src/domain/money.ts';
import { frenchDecimal } from '../../src/domain/french-format.ts';
import { selectRate as domainSelectRate } from '../../src/domain/valuation.ts';
import type { Rate } from '../../src/domain/programme/state.ts';
import type { ContributionContent } from '../../src/domain/events.ts';

// The browser modules are plain JavaScript without declarations: imported through a computed URL
// and typed here by what the test uses.
interface DecimalModule {
  parseDecimal(text: string): { digits: bigint; scale: number } | null;
  normalizeDecimalInput(typed: string): string | null;
  multiplyToCents(quantity: string, rate: string): bigint;
  toCents(text: string): bigint;
  centsToDecimal(cents: bigint): string;
  formatEuros(amount: string | bigint): string;
  formatDecimalFr(text: string): string;
  sumCents(amounts: Iterable<string>): bigint;
}
interface ValuationModule {
  selectRate(rates: Rate[], draft: object): Rate | undefined;
  previewValue(draft: object, rates: Rate[]): { cents: bigint | null; reason?: string; own?: boolean };
}
const webModule = (name: string) => new URL(`../../web/js/${name}`, import.meta.url).href;
const web = (await import(webModule('decimal.js'))) as DecimalModule;
const valuation = (await import(webModule('valuation.js'))) as ValuationModule;

const serverCents = (quantity: string, rate: string) => roundCentsHalfAwayFromZero(new Decimal(quantity).times(rate)).toFixed(2);

test('2.5 h × 12.25 € = 30.63 €: rounded once, half away from zero', () => {
  assert.is(web.centsToDecimal(web.multiplyToCents('2.5', '12.25')), '30.63');
  assert.is(web.formatEuros(web.multiplyToCents('2.5', '12.25')), '30,63\u00a0€');
});

test('0.1 + 0.2 stays 0.30 (no binary float anywhere)', () => {
  assert.is(web.centsToDecimal(web.sumCents(['0.1', '0.2'])), '0.30');
});

test('what French users type becomes the server’s decimal string, or is refused', () => {
  assert.is(web.normalizeDecimalInput('2,5'), '2.5');
  assert.is(web.normalizeDecimalInput(' 1\u202f234,50 '), '1234.50');
  assert.is(web.normalizeDecimalInput('007'), '7');
  assert.is(web.normalizeDecimalInput('0,25'), '0.25');
  for (const bad of ['', 'abc', '1e3', '-2', '1,2,3', '1.1234567', '1234567890123456', 'NaN', '2,', ',5']) {
    assert.is(web.normalizeDecimalInput(bad), null, bad);
  }
});

test('French formatting keeps every digit: thin-space groups, decimal comma, sign', () => {
  assert.is(web.formatDecimalFr('1234567.891'), '1\u202f234\u202f567,891');
  assert.is(web.formatEuros('-1234.5'), '−1\u202f234,50\u00a0€');
  assert.is(web.formatEuros(5n), '0,05\u00a0€');
});

const decimalArb = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.integer({ min: 0, max: 6 }))
  .filter(([digits]) => digits > 0n)
  .map(([digits, scale]) => {
    const text = digits.toString().padStart(scale + 1, '0');
    return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
  });

test('quantity × rate in cents equals the server’s (decimal.js, rounded half away from zero)', () => {
  fc.assert(
    fc.property(decimalArb, decimalArb, (quantity, rate) => {
      assert.is(web.centsToDecimal(web.multiplyToCents(quantity, rate)), serverCents(quantity, rate));
    }),
    { numRuns: 2000 },
  );
});

test('amounts round to the cent like the server, sums are exact', () => {
  fc.assert(
    fc.property(fc.array(decimalArb, { minLength: 1, maxLength: 30 }), (amounts) => {
      const expected = amounts.reduce((sum, a) => sum.plus(roundCentsHalfAwayFromZero(new Decimal(a))), new Decimal(0));
      assert.is(web.centsToDecimal(web.sumCents(amounts)), expected.toFixed(2));
    }),
  );
});

// ---- the same rules as src/domain/money.ts, on random inputs ----
// The pages keep their own copy of the arithmetic (BigInt on decimal strings; docs/architecture.md,
// "Money"): these properties hold it to money.ts and french-format.ts function by function.

/** A literal the server accepts (DECIMAL_PATTERN): up to 15 integer digits, up to 6 decimals, signed or not. */
const literalArb = (signed: boolean, maxWhole = 10n ** 15n - 1n) =>
  fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: maxWhole }), fc.integer({ min: 0, max: 6 }), fc.bigInt({ min: 0n, max: 999_999n }))
    .map(([negative, whole, scale, fraction]) => {
      const decimals = scale === 0 ? '' : `.${fraction.toString().padStart(6, '0').slice(0, scale)}`;
      const text = `${whole}${decimals}`;
      return signed && negative && /[1-9]/.test(text) ? `-${text}` : text;
    });

test('property: parsing reads every literal the server accepts as the same value', () => {
  fc.assert(
    fc.property(literalArb(true), (text) => {
      assert.ok(DECIMAL_PATTERN.test(text), text);
      const parsed = web.parseDecimal(text)!;
      assert.ok(new Decimal(parsed.digits.toString()).dividedBy(new Decimal(10).pow(parsed.scale)).equals(dec(text)), text);
    }),
    { numRuns: 2000 },
  );
});

test('property: what is typed the French way becomes the literal the server accepts, or is refused', () => {
  fc.assert(
    fc.property(literalArb(false), fc.boolean(), (text, grouped) => {
      // "1234567.5" typed as "1 234 567,5" (narrow no-break spaces), or just with its comma.
      const [whole, fraction] = text.split('.') as [string, string?];
      const typed = `${grouped ? frenchDecimal(whole) : whole}${fraction === undefined ? '' : `,${fraction}`}`;
      assert.is(web.normalizeDecimalInput(typed), text);
    }),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 24 }), (typed) => {
      const normalized = web.normalizeDecimalInput(typed);
      if (normalized !== null) assert.ok(DECIMAL_PATTERN.test(normalized) && !normalized.startsWith('-'), `${typed} → ${normalized}`);
    }),
    { numRuns: 2000 },
  );
});

test('property: rounding to the cent, half away from zero, signed, ties included', () => {
  const tieArb = fc.tuple(fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), fc.integer({ min: 3, max: 6 })).map(([tenths, scale]) => {
    // …5 at the third decimal, then zeros: exactly half a cent.
    const digits = (tenths < 0n ? -tenths : tenths).toString() + '5' + '0'.repeat(scale - 3);
    const padded = digits.padStart(scale + 1, '0');
    return `${tenths < 0n ? '-' : ''}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  });
  fc.assert(
    // Below 10^13 €: the server refuses cents beyond 2^53 (money.ts), the pages' BigInt has no bound.
    fc.property(fc.oneof(literalArb(true, 10n ** 13n), tieArb), (text) => {
      assert.is(web.toCents(text), BigInt(centsHalfAwayFromZero(dec(text))), text);
    }),
    { numRuns: 3000 },
  );
});

test('property: quantity × rate in cents is the read model’s productInCents and decimal.js’s product', () => {
  // Up to 10^7 units at up to 10^6 € keeps the product within the range of exact cents.
  fc.assert(
    fc.property(literalArb(false, 10n ** 7n), literalArb(false, 10n ** 6n), (quantity, rate) => {
      const cents = web.multiplyToCents(quantity, rate);
      assert.is(cents, BigInt(productInCents(quantity, rate)), `${quantity} × ${rate}`);
      assert.is(cents, BigInt(centsHalfAwayFromZero(dec(quantity).times(rate))), `${quantity} × ${rate}`);
    }),
    { numRuns: 3000 },
  );
});

test('property: cents print as the server’s decimal string, and French figures as the workbooks’', () => {
  fc.assert(
    fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (cents) => {
      const text = formatIntegerCents(asCents(cents));
      assert.is(web.centsToDecimal(BigInt(cents)), text);
      // The pages put a no-break space before the euro sign; the digits are the workbooks' own.
      assert.is(web.formatEuros(BigInt(cents)), `${frenchDecimal(text)}\u00a0€`);
    }),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(literalArb(true), (text) => assert.is(web.formatDecimalFr(text), frenchDecimal(text))),
    { numRuns: 2000 },
  );
});

// ---- the rate that applies ----

const KINDS = ['staff_time', 'volunteer_time'] as const;
const DATES = ['2024-01-01', '2024-06-01', '2024-11-01', '2025-01-01'];
const rateArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  amount: decimalArb,
  validFrom: fc.constantFrom(...DATES),
  until: fc.option(fc.constantFrom(...DATES), { nil: undefined }),
  partnerId: fc.option(fc.constantFrom('ccas', 'janze'), { nil: undefined }),
  role: fc.option(fc.constantFrom('médiateur', 'animateur'), { nil: undefined }),
});

test('the pages choose the same rate as the server (partner and role first, latest start, set last)', () => {
  fc.assert(
    fc.property(
      fc.array(rateArb, { maxLength: 12 }),
      fc.constantFrom(...KINDS),
      fc.constantFrom('2023-12-31', ...DATES, '2024-08-15'),
      fc.constantFrom('ccas', 'janze', 'orditous'),
      fc.option(fc.constantFrom('médiateur', 'animateur'), { nil: undefined }),
      decimalArb,
      (raw, kind, date, partnerId, role, quantity) => {
        const rates: Rate[] = raw
          .filter((r) => r.until === undefined || r.until >= r.validFrom)
          .map((r, i) => ({
            rateId: `r${i}`,
            kind: r.kind,
            unit: 'hour',
            amount: r.amount,
            validFrom: r.validFrom,
            ...(r.until !== undefined && { validUntil: r.until }),
            ...(r.partnerId !== undefined && { partnerId: r.partnerId }),
            ...(r.role !== undefined && { role: r.role }),
            basis: 'test',
            sequence: i,
          }));
        const content: ContributionContent = { partnerId, kind, status: 'actual', date, quantity, unit: 'hour', ...(role !== undefined && { role }) };
        const expected = domainSelectRate(rates, content);
        assert.is(valuation.selectRate(rates, content)?.rateId, expected?.rateId);
        const preview = valuation.previewValue(content, rates);
        if (expected) assert.is(web.centsToDecimal(preview.cents!), serverCents(quantity, expected.amount));
        else assert.is(preview.cents, null);
      },
    ),
    { numRuns: 1500 },
  );
});

test('money kinds are their amount; an own rate wins over every programme rate', () => {
  const rates: Rate[] = [{ rateId: 'p', kind: 'staff_time', unit: 'hour', amount: '17.226', validFrom: '2024-01-01', basis: 'SMIC', sequence: 0 }];
  assert.is(valuation.previewValue({ partnerId: 'x', kind: 'cash', unit: 'eur', date: '2024-03-01', amount: '1250.005' }, rates).cents, 125001n);
  const own = valuation.previewValue({ partnerId: 'x', kind: 'staff_time', unit: 'hour', date: '2024-03-01', quantity: '3', rate: '20.005' }, rates);
  assert.is(own.cents, 6002n);
  assert.ok(own.own);
  assert.is(valuation.previewValue({ partnerId: 'x', kind: 'staff_time', unit: 'hour', date: '2023-03-01', quantity: '3' }, rates).reason, 'no-rate');
});

test.run();
