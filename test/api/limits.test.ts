// The limits on every figure (src/domain/limits.ts) at the API edge: each figure at its bound is
// recorded, one step past it is a 400 naming the field with a French message, and nothing is written.
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { call, headHash, P, setUpProgramme, startHarness, type Harness } from './helpers.ts';

const limits = suite<{ h: Harness }>('API limits on quantities, rates and amounts');

loudHooks(limits);
limits.before(async (ctx) => {
  ctx.h = await startHarness();
  await setUpProgramme(ctx.h);
});
limits.after(async (ctx) => {
  await ctx.h.stop();
});

const C = `/api/programmes/${P}/contributions`;
const R = `/api/programmes/${P}/rates`;
const staff = { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-01' };
const cash = { partnerId: 'caf', kind: 'cash', status: 'planned', date: '2024-06-01' };
const rate = { kind: 'volunteer_time', unit: 'hour', validFrom: '2024-01-01', basis: 'SMIC' };

limits('figures at their bounds are recorded, valued by hand', async ({ h }) => {
  const post = (path: string, body: object) => call(h.url, 'POST', path, { token: h.tokens.coordinator, body });
  // 10 000 hours at the programme's 12.25 € = 122 500.00 €.
  const many = await post(C, { ...staff, id: 'max-hours', quantity: '10000' });
  assert.is(many.status, 201, many.text);
  assert.is(many.json.value, '122500.00');
  // 10 000 hours at an own rate of 1 000 € = 10 000 000.00 €, the most a contribution can be worth.
  const dearest = await post(C, { ...staff, id: 'dearest', quantity: '10000.00', rate: '1000.0000', rateBasis: 'tarif plafond' });
  assert.is(dearest.status, 201, dearest.text);
  assert.is(dearest.json.value, '10000000.00');
  const grant = await post(C, { ...cash, id: 'max-grant', amount: '10000000.00' });
  assert.is(grant.status, 201, grant.text);
  assert.is(grant.json.value, '10000000.00');
  // 2.25 h at 16.8925 € = 38.008125 → 38.01 €: four decimals for a rate, two for a quantity.
  const fine = await post(C, { ...staff, id: 'fine', quantity: '2.25', rate: '16.8925', rateBasis: 'SMIC 11,65 € + 45 %' });
  assert.is(fine.status, 201, fine.text);
  assert.is(fine.json.value, '38.01');
  const top = await post(R, { ...rate, id: 'top-rate', amount: '1000' });
  assert.is(top.status, 201, top.text);
});

limits('beyond a bound: 400, the field named, a French message, nothing written', async ({ h }) => {
  const cases: [string, string, object, string, string][] = [
    ['quantity above 10 000', C, { ...staff, id: 'q1', quantity: '10000.01' }, 'quantity', 'au plus 10 000 unités'],
    ['quantity with 3 decimals', C, { ...staff, id: 'q2', quantity: '2.125' }, 'quantity', 'au plus 2 décimales'],
    ['quantity zero', C, { ...staff, id: 'q3', quantity: '0.00' }, 'quantity', 'doit être strictement positif'],
    ['own rate above 1 000 €', C, { ...staff, id: 'r1', quantity: '1', rate: '1000.01', rateBasis: 'x' }, 'rate', 'au plus 1 000 € par unité'],
    ['own rate with 5 decimals', C, { ...staff, id: 'r2', quantity: '1', rate: '16.89251', rateBasis: 'x' }, 'rate', 'au plus 4 décimales'],
    ['amount above 10 000 000 €', C, { ...cash, id: 'a1', amount: '10000000.01' }, 'amount', 'au plus 10 000 000 €'],
    ['amount with 3 decimals', C, { ...cash, id: 'a2', amount: '1500.005' }, 'amount', 'au plus 2 décimales'],
    ['programme rate above 1 000 €', R, { ...rate, id: 'r3', amount: '1000.0001' }, 'amount', 'au plus 1 000 € par unité'],
    ['programme rate with 5 decimals', R, { ...rate, id: 'r4', amount: '11.65001' }, 'amount', 'au plus 4 décimales'],
    ['programme rate negative', R, { ...rate, id: 'r5', amount: '-11.65' }, 'amount', 'doit être strictement positif'],
  ];
  const before = await headHash(h);
  for (const [name, path, body, field, message] of cases) {
    const a = await call(h.url, 'POST', path, { token: h.tokens.coordinator, body });
    assert.is(a.status, 400, `${name}: ${a.text}`);
    assert.equal(a.json.errors, [{ path: field, message }], name);
  }
  // A correction carries the same bounds.
  const correction = await call(h.url, 'POST', `${C}/max-hours/corrections`, {
    token: h.tokens.coordinator,
    body: { ...staff, quantity: '10001', expectedVersion: 1, reason: 'saisie' },
  });
  assert.is(correction.status, 400, correction.text);
  assert.equal(correction.json.errors, [{ path: 'quantity', message: 'au plus 10 000 unités' }]);
  assert.is(await headHash(h), before, 'nothing written');
});

limits.run();
