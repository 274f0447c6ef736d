// French dates and decimals (src/exports/labels.ts) take short cuts for the common forms, for the
// journal's million rows: whatever the input, they must print what the plain way prints.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { frenchDate, frenchDecimal } from '../../src/exports/labels.ts';

/** The plain ways, as they were written before the short cuts. */
function plainFrenchDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

function plainFrenchDecimal(value: string): string {
  const negative = value.startsWith('-');
  const [whole, fraction] = (negative ? value.slice(1) : value).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `,${fraction}`}`;
}

test('examples', () => {
  assert.is(frenchDate('2024-03-04'), '04/03/2024');
  assert.is(frenchDecimal('12345.6'), '12\u202f345,6');
  assert.is(frenchDecimal('-1234567'), '−1\u202f234\u202f567');
  assert.is(frenchDecimal('999.25'), '999,25');
  assert.is(frenchDecimal('0'), '0');
  // Ten characters with dashes where a date has none: the plain way's answer.
  for (const odd of ['0000-0--00', '2024-0--04', '2024--3-04', '20240-3-04', '2024-03-0-', '-024-03-04']) assert.is(frenchDate(odd), plainFrenchDate(odd), odd);
});

const digitsAndDashes = fc.oneof(
  fc.string({ unit: fc.constantFrom('0', '1', '9', '-', '.', 'a'), maxLength: 14 }),
  // Ten characters of digits and dashes: dates' length, dashes anywhere.
  fc.string({ unit: fc.constantFrom('0', '-'), minLength: 10, maxLength: 10 }),
);

test('frenchDate prints what the plain way prints, dates or not', () => {
  const isoDate = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  fc.assert(
    fc.property(fc.oneof(isoDate, digitsAndDashes, fc.string()), (text) => {
      assert.is(frenchDate(text), plainFrenchDate(text));
    }),
    { numRuns: 5000 },
  );
});

test('frenchDecimal prints what the plain way prints, decimals or not', () => {
  const decimal = fc
    .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.option(fc.string({ unit: fc.constantFrom('0', '5', '9'), minLength: 1, maxLength: 4 })))
    .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}`);
  fc.assert(
    fc.property(fc.oneof(decimal, digitsAndDashes, fc.string()), (text) => {
      assert.is(frenchDecimal(text), plainFrenchDecimal(text));
    }),
    { numRuns: 2000 },
  );
});

test.run();
