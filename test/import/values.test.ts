// Reading French cells: decimals, dates, natures, statuses, units. Expected values written by hand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readDate, readDecimal, readKind, readStatus, readUnit } from '../../src/import/values.ts';

const value = <T>(read: { ok: true; value: T } | { ok: false; reason: string }) => (read.ok ? read.value : `refusé: ${read.reason}`);

test('decimals: comma, spaces and thousands as French spreadsheets write them, numbers as typed', () => {
  assert.is(value(readDecimal('12,5')), '12.5');
  assert.is(value(readDecimal('1 234,50')), '1234.50');
  assert.is(value(readDecimal('1\u202f234,50 €')), '1234.50');
  assert.is(value(readDecimal('1.234,50')), '1234.50');
  assert.is(value(readDecimal('7.5')), '7.5');
  assert.is(value(readDecimal('3 h')), '3');
  assert.is(value(readDecimal(12.5)), '12.5');
  assert.is(value(readDecimal(0.1)), '0.1');
  assert.match(value(readDecimal('douze')), /^refusé: « douze » n’est pas un nombre/);
  assert.match(value(readDecimal('1,2,3')), /^refusé/);
  assert.match(value(readDecimal(1e21)), /^refusé/);
});

test('dates: JJ/MM/AAAA, ISO, date cells and day numbers; impossible days refused', () => {
  assert.is(value(readDate('03/02/2024')), '2024-02-03');
  assert.is(value(readDate('3/2/2024')), '2024-02-03');
  assert.is(value(readDate('03.02.2024')), '2024-02-03');
  assert.is(value(readDate('2024-02-03')), '2024-02-03');
  assert.is(value(readDate(new Date(Date.UTC(2024, 1, 3)))), '2024-02-03');
  // 45325 days after 1899-12-30 is 2024-02-03 (Excel's count): 45292 is 2024-01-01, +33 days.
  assert.is(value(readDate(45325)), '2024-02-03');
  assert.match(value(readDate('31/02/2024')), /^refusé: « 31\/02\/2024 » n’est pas une date/);
  assert.match(value(readDate('février 2024')), /^refusé/);
  assert.match(value(readDate(12.5)), /^refusé/);
});

test('natures, statuses and units from the words of the seeds’ spreadsheets', () => {
  assert.is(value(readKind('Bénévolat')), 'volunteer_time');
  assert.is(value(readKind('bénévoles')), 'volunteer_time');
  assert.is(value(readKind('Temps salarié')), 'staff_time');
  assert.is(value(readKind('Mise à disposition de salle')), 'premises');
  assert.is(value(readKind('Bornes interactives')), 'kiosk');
  assert.is(value(readKind('Subvention')), 'cash');
  assert.is(value(readKind('Don en nature')), 'donation_in_kind');
  assert.is(value(readKind('volunteer_time')), 'volunteer_time');
  assert.is(value(readKind('Ordinateurs reconditionnés', { 'ordinateurs reconditionnés': 'donation_in_kind' })), 'donation_in_kind');
  assert.match(value(readKind('Café offert')), /^refusé: nature inconnue : « Café offert »/);
  assert.is(value(readStatus('Prévu')), 'planned');
  assert.is(value(readStatus('réalisé')), 'actual');
  assert.is(value(readStatus('Prévisionnel')), 'planned');
  assert.match(value(readStatus('peut-être')), /^refusé/);
  assert.is(value(readUnit('heures')), 'hour');
  assert.is(value(readUnit('demi-journée')), 'half_day');
  assert.is(value(readUnit('€')), 'eur');
  assert.is(value(readUnit('mois')), 'month');
});

test.run();
