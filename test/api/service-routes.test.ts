// The service-hours and indicators routes over real HTTP (issue 15): a refusal is a French
// problem+json and writes nothing; the reads give hand-worked figures, for a partner too, and an
// asOf gives the same answer after more writes.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, P, setUpProgramme, startHarness, type Harness } from './helpers.ts';

const test = suite<{ h: Harness }>('service routes');
const B = `/api/programmes/${P}`;

test.before(async (ctx) => {
  ctx.h = await startHarness();
  await setUpProgramme(ctx.h);
  // A second site, run by asso; a second axis.
  await call(ctx.h.url, 'POST', `${B}/sites`, { token: ctx.h.tokens.coordinator, body: { id: 's2', name: 'Médiathèque', partnerId: 'asso' } });
  await call(ctx.h.url, 'POST', `${B}/axes`, { token: ctx.h.tokens.coordinator, body: { id: 'ax2', title: 'Accès libre' } });
});
test.after(async ({ h }) => {
  await h.stop();
});

test('a partner writing another partner’s site: 403 in French, nothing written', async ({ h }) => {
  const before = await h.socle.store.head();
  const a = await call(h.url, 'POST', `${B}/service/schedules`, { token: h.tokens.partner, body: { id: 'x', siteId: 's2', axisId: 'ax1', hoursPerWeek: '4', from: '2024-01-01' } });
  assert.is(a.status, 403);
  assert.ok(a.contentType.startsWith('application/problem+json'));
  assert.is(a.json.title, 'Accès refusé');
  assert.is(a.json.detail, 'le lieu s2 est tenu par le partenaire asso : un partenaire (ccas) n’enregistre les horaires que de ses propres lieux');
  const unknown = await call(h.url, 'POST', `${B}/service/schedules`, { token: h.tokens.coordinator, body: { id: 'x', siteId: 'nulle-part', axisId: 'ax1', hoursPerWeek: '4', from: '2024-01-01' } });
  assert.is(unknown.status, 400);
  assert.match(JSON.stringify(unknown.json.errors), /lieu inconnu : nulle-part/);
  const tooMany = await call(h.url, 'POST', `${B}/service/schedules`, { token: h.tokens.coordinator, body: { id: 'x', siteId: 's1', axisId: 'ax1', hoursPerWeek: '169', from: '2024-01-01' } });
  assert.is(tooMany.status, 400);
  assert.match(JSON.stringify(tooMany.json.errors), /au plus 168 heures par semaine/);
  assert.equal(await h.socle.store.head(), before);
});

test('weekly hours, targets and indicators read back; asOf reproduces an earlier answer', async ({ h }) => {
  const t = h.tokens;
  const post = async (path: string, token: string, body: object, status = 201) => {
    const a = await call(h.url, 'POST', `${B}${path}`, { token, body });
    assert.is(a.status, status, `${path}: ${a.text}`);
    return a;
  };
  await post('/service/schedules', t.partner, { id: 'ccas-1', siteId: 's1', axisId: 'ax1', hoursPerWeek: '6', from: '2023-01-01', until: '2024-08-31' });
  await post('/service/schedules', t.otherPartner, { id: 'asso-1', siteId: 's2', axisId: 'ax2', hoursPerWeek: '4.5', from: '2023-01-01' });
  const target = await post('/service/targets', t.coordinator, { id: 'double', label: 'Doubler', unit: 'hours_per_week', baselineOn: '2023-12-31', multiplier: '2', dueOn: '2026-12-31' });
  const asOf = Number(target.headers.get('x-socle-position'));
  const earlier = await call(h.url, 'GET', `${B}/service?date=2024-10-01&from=2024-08-26&to=2024-09-08&siteId=s1`, { token: t.auditor });
  // Then s1 goes to 9 h from 2024-09-01.
  await post('/service/schedules', t.partner, { id: 'ccas-2', siteId: 's1', axisId: 'ax1', hoursPerWeek: '9', from: '2024-09-01' });
  const now = await call(h.url, 'GET', `${B}/service?date=2024-10-01&from=2024-08-26&to=2024-09-08&siteId=s1`, { token: t.auditor });
  // Baseline 2023-12-31: 6 + 4.5 = 10.5, doubled 21. On 2024-10-01, after the change: 9 + 4.5 = 13.5, 13.5/21 = 64.28… → 64.3 %.
  assert.is(now.json.hours.total, '13.5');
  assert.equal(now.json.weekly, [{ week: '2024-08-26', hours: '6' }, { week: '2024-09-02', hours: '9' }]);
  assert.equal([now.json.targets[0].baseline, now.json.targets[0].target, now.json.targets[0].value, now.json.targets[0].percentOfTarget], ['10.5', '21', '13.5', '64.3']);
  // Before it, s1 had nothing on 2024-10-01: 4.5 in all, 4.5/21 = 21.4 %.
  assert.is(earlier.json.hours.total, '4.5');
  assert.is(earlier.json.targets[0].percentOfTarget, '21.4');
  const replayed = await call(h.url, 'GET', `${B}/service?date=2024-10-01&from=2024-08-26&to=2024-09-08&siteId=s1&asOf=${asOf}`, { token: t.auditor });
  assert.equal(replayed.json, earlier.json);
  // A partner reads the programme's service hours too (they are public to its partners), its own and the others'.
  const partner = await call(h.url, 'GET', `${B}/service?date=2024-10-01`, { token: t.otherPartner });
  assert.is(partner.status, 200);
  assert.is(partner.json.hours.total, '13.5');
  // Indicators: a1 is ccas's; 12 workshops against 40 (from 0) by 2026.
  await post('/indicators', t.partner, { id: 'i1', actionId: 'a1', label: 'Ateliers', unit: 'ateliers', baseline: '0', baselineOn: '2023-12-31', target: '40', dueOn: '2026-12-31', direction: 'increase' });
  await post('/measurements', t.partner, { id: 'm1', indicatorId: 'i1', value: '12', periodFrom: '2024-01-01', periodTo: '2024-12-31' });
  const indicators = await call(h.url, 'GET', `${B}/indicators?date=2025-01-31&actionId=a1`, { token: t.treasurer });
  const [i1] = indicators.json.indicators;
  // 12/40 = 30 %; the line on 2024-12-31: 40 × 366/1096 = 13.357… → 13.36, and 12 is below: behind.
  assert.equal([i1.latest.value, i1.percentOfTarget, i1.expected, i1.status], ['12', '30', '13.36', 'behind']);
  // A first-half measurement (5 workshops to 2024-06-30), then the year's 12 withdrawn: the latest is the half-year's again.
  await post('/measurements', t.partner, { id: 'm0', indicatorId: 'i1', value: '5', periodFrom: '2024-01-01', periodTo: '2024-06-30' });
  const before = Number((await post('/measurements', t.partner, { id: 'm0', indicatorId: 'i1', value: '5', periodFrom: '2024-01-01', periodTo: '2024-06-30' })).headers.get('x-socle-position'));
  const refused = await post('/measurements/m1/withdrawal', t.otherPartner, { reason: 'pas la mienne' }, 403);
  assert.match(refused.json.detail, /pilotée par le partenaire/);
  await post('/measurements/m1/withdrawal', t.partner, { reason: '' }, 400);
  await post('/measurements/m1/withdrawal', t.partner, { reason: 'compté deux fois' }, 200);
  const twice = await post('/measurements/m1/withdrawal', t.partner, { reason: 'encore' }, 409);
  assert.match(twice.json.detail, /la mesure m1 est retirée/);
  await post('/measurements/m1/corrections', t.partner, { reason: 'x', indicatorId: 'i1', value: '13', periodFrom: '2024-01-01', periodTo: '2024-12-31' }, 409);
  const after = (await call(h.url, 'GET', `${B}/indicators?date=2025-01-31&actionId=a1`, { token: t.treasurer })).json.indicators[0];
  // 5/40 = 12.5 %, the series holds m0 alone.
  assert.equal([after.latest.measurementId, after.latest.value, after.percentOfTarget, after.series.length], ['m0', '5', '12.5', 1]);
  const then = (await call(h.url, 'GET', `${B}/indicators?date=2025-01-31&actionId=a1&asOf=${before}`, { token: t.treasurer })).json.indicators[0];
  assert.equal([then.latest.measurementId, then.series.length], ['m1', 2], 'as of before the withdrawal, m1 counts');
});

test.run();
