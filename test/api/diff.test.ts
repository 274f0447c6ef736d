// GET /api/programmes/:p/diff on a real server: what changed since a stamp, for the readers; a
// partner refused; bad stamps are one 400 in French.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loudHooks } from '../support/loud-hooks.ts';
import { call, P, setUpProgramme, staffTime, startHarness, type Harness } from './helpers.ts';

const api = suite<{ h: Harness; stamp: number }>('diff over HTTP', {} as never);
loudHooks(api);
const BASE = `/api/programmes/${P}`;

api.before(async (context) => {
  context.h = await startHarness();
  await setUpProgramme(context.h);
  const t = context.h.tokens.coordinator;
  assert.is((await call(context.h.url, 'POST', `${BASE}/contributions`, { token: t, body: staffTime('c1') })).status, 201);
  context.stamp = (await context.h.socle.store.head()).position;
  // c1: 2.5 h × 12.25 = 30.625 → 30.63; corrected to 4 h: 4 × 12.25 = 49.00 (+18.37).
  const corrected = await call(context.h.url, 'POST', `${BASE}/contributions/c1/corrections`, { token: t, body: { ...staffTime('c1'), quantity: '4', expectedVersion: 1, reason: 'feuille recomptée' } });
  assert.is(corrected.status, 200, corrected.text);
  assert.is((await call(context.h.url, 'POST', `${BASE}/contributions`, { token: t, body: { id: 'g1', partnerId: 'caf', kind: 'cash', status: 'actual', date: '2024-05-02', amount: '150' } })).status, 201);
});
api.after(async ({ h }) => h.stop());

api('since a stamp: the figures that moved and the events, with who, why and the effect in euros', async ({ h, stamp }) => {
  const a = await call(h.url, 'GET', `${BASE}/diff?from=${stamp}`, { token: h.tokens.auditor });
  assert.is(a.status, 200, a.text);
  const total = a.json.totals.find((f: { key: string }) => f.key === 'actual:total');
  // 30.63 → 49.00 + 150.00 = 199.00.
  assert.equal(total, { key: 'actual:total', label: 'total réalisé', from: '30.63', to: '199.00', difference: '168.37', events: [stamp + 1, stamp + 2] });
  const [correction, grant] = a.json.events;
  assert.equal([correction.change, correction.contributionId, correction.partnerId, correction.reason, correction.effect.actual], ['correction', 'c1', 'ccas', 'feuille recomptée', '18.37']);
  assert.equal([grant.change, grant.partnerId, grant.effect.actual], ['enregistrement', 'caf', '150.00']);
  assert.is(a.json.from.position, stamp);
  assert.is(a.json.to.position, (await h.socle.store.head()).position);
  // A date as the end: the head too (today).
  const today = new Date().toISOString().slice(0, 10);
  const byDate = await call(h.url, 'GET', `${BASE}/diff?from=${stamp}&to=${today}`, { token: h.tokens.treasurer });
  assert.is(byDate.status, 200, byDate.text);
  assert.equal(byDate.json.totals, a.json.totals);
  assert.equal(byDate.json.to.asked.date, today);
});

api('a partner is refused; bad stamps are one 400 naming the field', async ({ h, stamp }) => {
  assert.is((await call(h.url, 'GET', `${BASE}/diff?from=${stamp}`, { token: h.tokens.partner })).status, 403);
  const cases: [string, RegExp][] = [
    ['from=hier', /pas « hier »/],
    [`from=${stamp}&to=1`, /est après le point d’arrivée/],
    ['from=999999', /au-delà de la dernière position/],
    ['from=2999-01-01', /est dans le futur/],
    ['to=3', /obligatoire/],
  ];
  for (const [query, message] of cases) {
    const r = await call(h.url, 'GET', `${BASE}/diff?${query}`, { token: h.tokens.coordinator });
    assert.is(r.status, 400, `${query}: ${r.text}`);
    assert.match(`${r.json.detail} ${JSON.stringify(r.json.errors)}`, message, query);
  }
});

api.run();
