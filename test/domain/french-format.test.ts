// French number formatting, by hand and as a property: the digits of an amount are never changed
// (no float on the way), only grouped by three with a narrow no-break space and given a comma.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { frenchCount, frenchDate, frenchEuros, frenchPercent, frenchPlural } from '../../src/domain/french-format.ts';

const NNBSP = '\u202f';

test('by hand', () => {
  assert.is(frenchEuros('123421.81'), `123${NNBSP}421,81 €`);
  assert.is(frenchEuros('0.05'), '0,05 €');
  assert.is(frenchEuros('1000.00'), `1${NNBSP}000,00 €`);
  assert.is(frenchEuros('-4321.10'), `−4${NNBSP}321,10 €`);
  assert.is(frenchPercent('55.95'), '55,95 %');
  assert.is(frenchPercent('100.00'), '100,00 %');
  assert.is(frenchCount(1157), `1${NNBSP}157`);
  assert.is(frenchCount(632), '632');
  assert.is(frenchDate('2024-01-16'), '16/01/2024');
  assert.is(frenchPlural(1, 'contribution'), '1 contribution');
  assert.is(frenchPlural(0, 'contribution'), '0 contribution');
  assert.is(frenchPlural(4, 'contribution'), '4 contributions');
});

test('property: an amount keeps every digit, exactly; only grouping and the comma differ', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (cents) => {
      const negative = cents < 0n;
      const abs = negative ? -cents : cents;
      const amount = `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
      const shown = frenchEuros(amount);
      assert.ok(shown.endsWith(' €'));
      const back = shown.slice(0, -2).replaceAll(NNBSP, '').replace(',', '.').replace('−', '-');
      assert.is(back, amount);
      // Groups of three digits left of the comma, the first of one to three.
      assert.match(shown.replace('−', ''), /^\d{1,3}(\u202f\d{3})*,\d{2} €$/);
    }),
  );
});

test.run();
