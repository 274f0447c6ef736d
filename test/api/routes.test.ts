// The HTTP API against a real server: the happy path of every route, then who is refused (401/403).
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { call, headHash, P, setUpProgramme, staffTime, startHarness, type Harness } from './helpers.ts';

const api = suite<{ h: Harness }>('api routes');

loudHooks(api);
api.before(async (ctx) => {
  ctx.h = await startHarness();
});
api.after(async (ctx) => {
  await ctx.h.stop();
});

const C = `/api/programmes/${P}/contributions`;

function isProblem(a: { status: number; contentType: string; json: { status?: number; type?: string; title?: string; detail?: string; errors?: unknown } }, status: number) {
  assert.is(a.status, status, `expected ${status}, got ${a.status}`);
  assert.ok(a.contentType.startsWith('application/problem+json'), `content type ${a.contentType}`);
  assert.is(a.json.status, status);
  assert.type(a.json.type, 'string');
  assert.type(a.json.title, 'string');
  assert.type(a.json.detail, 'string');
  assert.ok(Array.isArray(a.json.errors));
}

api('health answers without a token', async ({ h }) => {
  const a = await call(h.url, 'GET', '/api/health');
  assert.is(a.status, 200);
  assert.equal(a.json, { status: 'ok' });
});

api('set-up: programme, partners, axes, actions, sites, rates; repeating is harmless, other content is 409', async ({ h }) => {
  await setUpProgramme(h);
  const t = h.tokens.coordinator;
  const before = await headHash(h);
  const again = await call(h.url, 'POST', '/api/programmes', {
    token: t,
    body: { id: P, name: 'Feuille de route', startsOn: '2023-01-01', endsOn: '2026-12-31', territory: 'Roche aux Fées' },
  });
  assert.is(again.status, 201);
  assert.equal(again.json, { id: P, name: 'Feuille de route', startsOn: '2023-01-01', endsOn: '2026-12-31', territory: 'Roche aux Fées' });
  const partnerAgain = await call(h.url, 'POST', `/api/programmes/${P}/partners`, { token: t, body: { id: 'ccas', name: 'CCAS de Janzé', category: 'ccas' } });
  assert.is(partnerAgain.status, 201);
  assert.is(await headHash(h), before, 'a repeated set-up request writes nothing');

  isProblem(await call(h.url, 'POST', `/api/programmes/${P}/partners`, { token: t, body: { id: 'ccas', name: 'Autre nom', category: 'ccas' } }), 409);
  isProblem(await call(h.url, 'POST', `/api/programmes/${P}/actions`, { token: t, body: { id: 'a9', number: 1, title: 'Même numéro', nature: 'fonctionnement' } }), 400);
  isProblem(await call(h.url, 'POST', `/api/programmes/nope/axes`, { token: t, body: { id: 'x', title: 'x' } }), 404);
  assert.is(await headHash(h), before);
});

api('GET /api/programmes and /api/programmes/:p show the set-up', async ({ h }) => {
  const list = await call(h.url, 'GET', '/api/programmes', { token: h.tokens.auditor });
  assert.is(list.status, 200);
  assert.equal(
    list.json.programmes.map((p: { id: string }) => p.id),
    [P],
  );
  assert.is(list.json.programmes[0].partners, 3);

  const one = await call(h.url, 'GET', `/api/programmes/${P}`, { token: h.tokens.partner });
  assert.is(one.status, 200);
  assert.is(one.json.id, P);
  assert.equal(
    one.json.partners.map((p: { id: string }) => p.id),
    ['ccas', 'asso', 'caf'],
  );
  assert.is(one.json.partners[0].public, true);
  assert.is(one.json.partners[1].public, false);
  assert.equal(one.json.axes, [{ id: 'ax1', title: 'Accompagner les publics' }]);
  assert.equal(
    one.json.actions.map((a: { id: string; number: number }) => [a.id, a.number]),
    [
      ['a1', 1],
      ['a2', 2],
    ],
  );
  assert.equal(one.json.sites, [{ id: 's1', name: 'Espace social', partnerId: 'ccas' }]);
  assert.equal(one.json.rates[0], { id: 'r-staff', kind: 'staff_time', unit: 'hour', amount: '12.25', validFrom: '2023-01-01', basis: 'SMIC chargé' });
  assert.is(one.json.asOf.position, (await h.socle.store.head()).position);

  // A partner lists only the programmes it belongs to.
  const stray = await call(h.url, 'GET', '/api/programmes', { token: h.tokens.strayPartner });
  assert.equal(stray.json.programmes, []);
  isProblem(await call(h.url, 'GET', '/api/programmes/nope', { token: h.tokens.coordinator }), 404);
});

api('GET /api/me names the token', async ({ h }) => {
  const me = await call(h.url, 'GET', '/api/me', { token: h.tokens.partner });
  assert.is(me.status, 200);
  assert.is(me.json.role, 'partner');
  assert.is(me.json.partnerId, 'ccas');
  assert.equal(me.json.programmes, [P]);
  const coordinator = await call(h.url, 'GET', '/api/me', { token: h.tokens.coordinator });
  assert.is(coordinator.json.role, 'coordinator');
  assert.is(coordinator.json.name, 'Coordination');
  assert.is(coordinator.json.partnerId, undefined);
});

api('record a contribution: 201 {id, version, value}; the same request again gives the same answer and no event', async ({ h }) => {
  const first = await call(h.url, 'POST', C, { token: h.tokens.partner, body: staffTime('c1') });
  assert.is(first.status, 201);
  assert.equal(first.json, { id: 'c1', version: 1, value: '30.63', review: 'pending' });
  assert.is(first.headers.get('location'), `/api/programmes/${P}/contributions/c1`);
  const head = await headHash(h);
  const again = await call(h.url, 'POST', C, { token: h.tokens.partner, body: staffTime('c1') });
  assert.is(again.status, 201);
  assert.equal(again.json, first.json);
  assert.is(await headHash(h), head, 'no second event');
  isProblem(await call(h.url, 'POST', C, { token: h.tokens.partner, body: staffTime('c1', { quantity: '3' }) }), 409);
  assert.is(await headHash(h), head);

  // Unvalued (no volunteer rate): value null; money kinds carry an amount.
  const volunteer = await call(h.url, 'POST', C, {
    token: h.tokens.coordinator,
    body: { id: 'c2', partnerId: 'asso', kind: 'volunteer_time', status: 'actual', date: '2024-05-02', quantity: '4', unit: 'hour' },
  });
  assert.is(volunteer.status, 201);
  assert.is(volunteer.json.value, null);
  const cash = await call(h.url, 'POST', C, {
    token: h.tokens.coordinator,
    body: { id: 'c3', partnerId: 'caf', kind: 'cash', status: 'planned', date: '2024-06-01', amount: '1500', actionId: 'a2', evidence: 'convention 2024-12' },
  });
  assert.is(cash.status, 201);
  assert.is(cash.json.value, '1500.00');
  const room = await call(h.url, 'POST', C, {
    token: h.tokens.otherPartner,
    body: { id: 'c4', partnerId: 'asso', kind: 'premises', status: 'actual', date: '2024-07-01', quantity: '3', siteId: 's1', actionId: 'a1' },
  });
  assert.is(room.status, 201);
  assert.is(room.json.value, '120.00');
  // Domain rules are 400 with the field named.
  const wrongUnit = await call(h.url, 'POST', C, { token: h.tokens.partner, body: staffTime('c5', { unit: 'day' }) });
  isProblem(wrongUnit, 400);
  assert.equal(wrongUnit.json.errors[0].path, 'unit');
  isProblem(await call(h.url, 'POST', `/api/programmes/nope/contributions`, { token: h.tokens.coordinator, body: staffTime('c6') }), 404);
});

api('a partner records only for itself', async ({ h }) => {
  isProblem(await call(h.url, 'POST', C, { token: h.tokens.partner, body: staffTime('c-other', { partnerId: 'asso' }) }), 403);
  isProblem(await call(h.url, 'POST', C, { token: h.tokens.strayPartner, body: staffTime('c-stray', { partnerId: 'nowhere' }) }), 403);
});

api('list: everyone sees all but a partner, who sees its own; filters apply', async ({ h }) => {
  const all = await call(h.url, 'GET', C, { token: h.tokens.treasurer });
  assert.is(all.status, 200);
  assert.equal(
    all.json.contributions.map((c: { id: string }) => c.id),
    ['c1', 'c2', 'c3', 'c4'],
  );
  assert.is(all.json.total, 4);
  const own = await call(h.url, 'GET', C, { token: h.tokens.partner });
  assert.equal(
    own.json.contributions.map((c: { id: string }) => c.id),
    ['c1'],
  );
  const ownAgain = await call(h.url, 'GET', `${C}?partnerId=ccas`, { token: h.tokens.partner });
  assert.is(ownAgain.json.total, 1);
  isProblem(await call(h.url, 'GET', `${C}?partnerId=asso`, { token: h.tokens.partner }), 403);

  const byKind = await call(h.url, 'GET', `${C}?kind=cash`, { token: h.tokens.coordinator });
  assert.equal(
    byKind.json.contributions.map((c: { id: string }) => c.id),
    ['c3'],
  );
  const byAction = await call(h.url, 'GET', `${C}?actionId=a1&status=actual`, { token: h.tokens.coordinator });
  assert.equal(
    byAction.json.contributions.map((c: { id: string }) => c.id),
    ['c1', 'c4'],
  );
  const byPartner = await call(h.url, 'GET', `${C}?partnerId=asso`, { token: h.tokens.auditor });
  assert.equal(
    byPartner.json.contributions.map((c: { id: string }) => c.id),
    ['c2', 'c4'],
  );
  const page = await call(h.url, 'GET', `${C}?limit=2&offset=1`, { token: h.tokens.auditor });
  assert.equal(
    page.json.contributions.map((c: { id: string }) => c.id),
    ['c2', 'c3'],
  );
  const row = all.json.contributions[0];
  assert.is(row.partnerId, 'ccas');
  assert.is(row.kind, 'staff_time');
  assert.is(row.value, '30.63');
  assert.is(row.review, 'pending');
  assert.is(row.history, undefined, 'the list leaves history to the detail');
  isProblem(await call(h.url, 'GET', `${C}?kind=gold`, { token: h.tokens.coordinator }), 400);
  isProblem(await call(h.url, 'GET', `${C}?colour=red`, { token: h.tokens.coordinator }), 400);
});

api('detail: current state, value and history; to a partner, another partner\'s contribution is the same 404 as an unknown id', async ({ h }) => {
  const detail = await call(h.url, 'GET', `${C}/c1`, { token: h.tokens.partner });
  assert.is(detail.status, 200);
  assert.is(detail.json.id, 'c1');
  assert.is(detail.json.value, '30.63');
  assert.is(detail.json.valuation.rateId, 'r-staff');
  assert.is(detail.json.history.length, 1);
  assert.is(detail.json.history[0].type, 'ContributionRecorded');
  assert.is(detail.json.history[0].actor, 'partner ccas');
  const others = await call(h.url, 'GET', `${C}/c4`, { token: h.tokens.partner });
  const free = await call(h.url, 'GET', `${C}/c4x`, { token: h.tokens.partner });
  isProblem(others, 404);
  isProblem(free, 404);
  assert.is(others.json.detail.replace('c4', 'ID'), free.json.detail.replace('c4x', 'ID'), 'the same words for a taken id and a free one');
  isProblem(await call(h.url, 'GET', `${C}/nope`, { token: h.tokens.coordinator }), 404);
  isProblem(await call(h.url, 'GET', `/api/programmes/nope/contributions/c1`, { token: h.tokens.coordinator }), 404);
});

api('correction with expectedVersion: 200 with the new version and value; a stale version is 409', async ({ h }) => {
  const body = { ...staffTime('c1', { quantity: '4' }), expectedVersion: 1, reason: 'feuille de temps corrigée' };
  delete (body as { id?: string }).id;
  const ok = await call(h.url, 'POST', `${C}/c1/corrections`, { token: h.tokens.partner, body });
  assert.is(ok.status, 200);
  assert.equal(ok.json, { id: 'c1', version: 2, value: '49.00', review: 'pending' });
  const head = await headHash(h);
  const stale = await call(h.url, 'POST', `${C}/c1/corrections`, { token: h.tokens.partner, body: { ...body, quantity: '5' } });
  isProblem(stale, 409);
  assert.is(stale.json.errors[0].path, 'expectedVersion');
  // A partner corrects only its own: another partner's is, to it, an unknown id (404, not 403).
  isProblem(
    await call(h.url, 'POST', `${C}/c4/corrections`, {
      token: h.tokens.partner,
      body: { partnerId: 'ccas', kind: 'premises', status: 'actual', date: '2024-07-01', quantity: '2', expectedVersion: 1, reason: 'x' },
    }),
    404,
  );
  // `id` in the body, when sent, must be the path's.
  isProblem(await call(h.url, 'POST', `${C}/c1/corrections`, { token: h.tokens.partner, body: { ...body, expectedVersion: 2, id: 'c9' } }), 400);
  assert.is(await headHash(h), head);
  const detail = await call(h.url, 'GET', `${C}/c1`, { token: h.tokens.coordinator });
  assert.is(detail.json.quantity, '4');
  assert.is(detail.json.history.length, 2);
  assert.is(detail.json.history[1].reason, 'feuille de temps corrigée');
});

api('validation and rejection by the coordinator; withdrawal by the owner; stale versions are 409', async ({ h }) => {
  isProblem(await call(h.url, 'POST', `${C}/c1/validation`, { token: h.tokens.partner, body: { expectedVersion: 2 } }), 403);
  isProblem(await call(h.url, 'POST', `${C}/c1/validation`, { token: h.tokens.coordinator, body: { expectedVersion: 1 } }), 409);
  const validated = await call(h.url, 'POST', `${C}/c1/validation`, { token: h.tokens.coordinator, body: { expectedVersion: 2 } });
  assert.is(validated.status, 200);
  assert.equal(validated.json, { id: 'c1', version: 3, value: '49.00', review: 'validated' });

  const rejected = await call(h.url, 'POST', `${C}/c2/rejection`, { token: h.tokens.coordinator, body: { expectedVersion: 1, reason: 'hors périmètre' } });
  assert.is(rejected.status, 200);
  assert.is(rejected.json.review, 'rejected');
  // Nothing follows a rejection.
  isProblem(await call(h.url, 'POST', `${C}/c2/withdrawal`, { token: h.tokens.otherPartner, body: { expectedVersion: 2, reason: 'x' } }), 409);

  isProblem(await call(h.url, 'POST', `${C}/c4/withdrawal`, { token: h.tokens.partner, body: { expectedVersion: 1, reason: 'pas à moi' } }), 404);
  isProblem(await call(h.url, 'POST', `${C}/c4/withdrawal`, { token: h.tokens.otherPartner, body: { expectedVersion: 7, reason: 'doublon' } }), 409);
  const withdrawn = await call(h.url, 'POST', `${C}/c4/withdrawal`, { token: h.tokens.otherPartner, body: { expectedVersion: 1, reason: 'doublon' } });
  assert.is(withdrawn.status, 200);
  assert.is(withdrawn.json.review, 'withdrawn');
  isProblem(await call(h.url, 'POST', `${C}/nope/withdrawal`, { token: h.tokens.coordinator, body: { expectedVersion: 1, reason: 'x' } }), 404);

  const list = await call(h.url, 'GET', `${C}?review=validated`, { token: h.tokens.coordinator });
  assert.equal(
    list.json.contributions.map((c: { id: string }) => c.id),
    ['c1'],
  );
});

api('totals: collective for every role but partners, with status, year, actionId, include and asOf', async ({ h }) => {
  const positionAfterFirstRecord = (await call(h.url, 'GET', `${C}/c1`, { token: h.tokens.auditor })).json.history[0].position as number;
  // A partner: its own line; nothing is published yet, so nothing of the others (test/api/privacy.test.ts).
  const own = await call(h.url, 'GET', `/api/programmes/${P}/totals`, { token: h.tokens.partner });
  assert.is(own.json.total, '49.00');
  assert.equal(own.json.byPartner, [{ partnerId: 'ccas', inKind: '49.00', cash: '0.00', total: '49.00', share: '100.00' }]);
  assert.is(own.json.others, null);
  const ownPlanned = await call(h.url, 'GET', `/api/programmes/${P}/totals?status=planned&year=2024&actionId=a2`, { token: h.tokens.partner });
  assert.is(ownPlanned.json.total, '0.00', "caf's 1500.00 is not the partner's, and is not published");
  for (const token of [h.tokens.coordinator, h.tokens.treasurer, h.tokens.auditor]) {
    const totals = await call(h.url, 'GET', `/api/programmes/${P}/totals`, { token });
    assert.is(totals.status, 200);
    // c1 (49.00, validated) counts; c2 rejected, c4 withdrawn; c3 is planned.
    assert.is(totals.json.total, '49.00');
    assert.equal(totals.json.filters, { status: 'actual', include: 'active' });
    assert.equal(totals.json.byPartner, [{ partnerId: 'ccas', inKind: '49.00', cash: '0.00', total: '49.00', share: '100.00' }]);
  }
  const planned = await call(h.url, 'GET', `/api/programmes/${P}/totals?status=planned&year=2024&actionId=a2`, { token: h.tokens.treasurer });
  assert.is(planned.json.total, '1500.00');
  assert.equal(planned.json.byPartner, [{ partnerId: 'caf', inKind: '0.00', cash: '1500.00', total: '1500.00', share: '100.00' }]);
  const otherYear = await call(h.url, 'GET', `/api/programmes/${P}/totals?status=planned&year=2025`, { token: h.tokens.treasurer });
  assert.is(otherYear.json.total, '0.00');
  const validatedOnly = await call(h.url, 'GET', `/api/programmes/${P}/totals?include=validated`, { token: h.tokens.auditor });
  assert.is(validatedOnly.json.total, '49.00');
  const past = await call(h.url, 'GET', `/api/programmes/${P}/totals?asOf=${positionAfterFirstRecord}`, { token: h.tokens.auditor });
  assert.is(past.status, 200);
  assert.is(past.json.total, '30.63', 'as of the first recording, before the correction');
  assert.is(past.json.asOf.position, positionAfterFirstRecord);
  const head = (await h.socle.store.head()).position;
  isProblem(await call(h.url, 'GET', `/api/programmes/${P}/totals?asOf=${head + 1}`, { token: h.tokens.auditor }), 400);
  isProblem(await call(h.url, 'GET', `/api/programmes/${P}/totals?year=24`, { token: h.tokens.auditor }), 400);
  isProblem(await call(h.url, 'GET', `/api/programmes/nope/totals`, { token: h.tokens.auditor }), 404);
  const pastDetail = await call(h.url, 'GET', `${C}/c1?asOf=${positionAfterFirstRecord}`, { token: h.tokens.auditor });
  assert.is(pastDetail.json.quantity, '2.5');
  assert.is(pastDetail.json.version, 1);
});

api('budget and exports: coordinator, treasurer, auditor reach them, partners do not', async ({ h }) => {
  for (const token of [h.tokens.coordinator, h.tokens.treasurer, h.tokens.auditor]) {
    const budget = await call(h.url, 'GET', `/api/programmes/${P}/budget?applicant=ccas`, { token });
    assert.is(budget.status, 200);
    assert.ok(Array.isArray(budget.json.checks), 'the budget carries its funding checks');
    const workbook = await fetch(`${h.url}/api/programmes/${P}/exports/budget.xlsx`, { headers: { authorization: `Bearer ${token}` } });
    assert.is(workbook.status, 200);
    assert.match(workbook.headers.get('content-type') ?? '', /spreadsheetml/);
    assert.is(Buffer.from(await workbook.arrayBuffer()).subarray(0, 2).toString(), 'PK', 'an .xlsx is a zip file');
  }
  isProblem(await call(h.url, 'GET', `/api/programmes/${P}/budget`, { token: h.tokens.partner }), 403);
  isProblem(await call(h.url, 'GET', `/api/programmes/${P}/exports/journal.xlsx`, { token: h.tokens.partner }), 403);
});

api('verify: coordinator and auditor get {ok, events, headHash, checkpoints}', async ({ h }) => {
  const head = await h.socle.store.head();
  for (const token of [h.tokens.coordinator, h.tokens.auditor]) {
    const v = await call(h.url, 'GET', '/api/ledger/verify', { token });
    assert.is(v.status, 200);
    assert.equal(v.json, { ok: true, events: head.position, headHash: head.hash, checkpoints: 0 });
  }
});

api('OpenAPI 3 description lists every route of the contract', async ({ h }) => {
  // Readable without a token: it holds no data, and a client reads it before it has one.
  const doc = await call(h.url, 'GET', '/api/openapi.json');
  assert.is(doc.status, 200);
  assert.equal((await call(h.url, 'GET', '/api/openapi.json', { token: h.tokens.auditor })).json, doc.json);
  assert.ok(String(doc.json.openapi).startsWith('3.'));
  const paths = doc.json.paths as Record<string, Record<string, unknown>>;
  const expected: [string, string][] = [
    ['get', '/api/health'],
    ['post', '/api/programmes'],
    ['post', '/api/programmes/{p}/partners'],
    ['post', '/api/programmes/{p}/axes'],
    ['post', '/api/programmes/{p}/actions'],
    ['post', '/api/programmes/{p}/sites'],
    ['post', '/api/programmes/{p}/rates'],
    ['post', '/api/programmes/{p}/contributions'],
    ['post', '/api/programmes/{p}/contributions/{c}/corrections'],
    ['post', '/api/programmes/{p}/contributions/{c}/withdrawal'],
    ['post', '/api/programmes/{p}/contributions/{c}/validation'],
    ['post', '/api/programmes/{p}/contributions/{c}/rejection'],
    ['get', '/api/programmes/{p}/contributions'],
    ['get', '/api/programmes/{p}/contributions/{c}'],
    ['get', '/api/programmes/{p}/totals'],
    ['get', '/api/programmes/{p}/budget'],
    ['get', '/api/programmes/{p}/exports/{workbook}.xlsx'],
    ['get', '/api/ledger/verify'],
    ['get', '/api/ledger/proof'],
  ];
  for (const [method, path] of expected) assert.ok(paths[path]?.[method], `${method} ${path} is described`);
  // Generated from the request schemas: the contribution body lists its kinds and refuses unknown fields.
  const body = (paths['/api/programmes/{p}/contributions']!.post as { requestBody: { content: Record<string, { schema: Record<string, any> }> } })
    .requestBody.content['application/json']!.schema;
  assert.is(body.additionalProperties, false);
  assert.ok(body.properties.kind.enum.includes('volunteer_time'));
  assert.ok(body.required.includes('partnerId'));
  assert.is(body.properties.date.format, 'date');
});

api('unknown API routes are problem+json 404; an unsupported method on a known route is a 405', async ({ h }) => {
  isProblem(await call(h.url, 'GET', '/api/nothing', { token: h.tokens.coordinator }), 404);
  isProblem(await call(h.url, 'DELETE', '/api/nothing', { token: h.tokens.coordinator }), 404);
  isProblem(await call(h.url, 'DELETE', `${C}/c1`, { token: h.tokens.coordinator }), 405);
  isProblem(await call(h.url, 'GET', '/nothing-here'), 404);
});

// ---- who is refused ----

type Role = 'coordinator' | 'partner' | 'treasurer' | 'auditor';
const ROUTES: { method: string; path: string; body?: object; allowed: Role[]; hiddenFrom?: Role[] }[] = [
  { method: 'GET', path: '/api/me', allowed: ['coordinator', 'partner', 'treasurer', 'auditor'] },
  { method: 'GET', path: '/api/programmes', allowed: ['coordinator', 'partner', 'treasurer', 'auditor'] },
  { method: 'POST', path: '/api/programmes', body: { id: 'p2', name: 'x', startsOn: '2024-01-01', endsOn: '2024-12-31' }, allowed: ['coordinator'] },
  { method: 'GET', path: `/api/programmes/${P}`, allowed: ['coordinator', 'partner', 'treasurer', 'auditor'] },
  { method: 'POST', path: `/api/programmes/${P}/partners`, body: { id: 'x', name: 'x', category: 'autre' }, allowed: ['coordinator'] },
  { method: 'POST', path: `/api/programmes/${P}/axes`, body: { id: 'x', title: 'x' }, allowed: ['coordinator'] },
  { method: 'POST', path: `/api/programmes/${P}/actions`, body: { id: 'x', number: 50, title: 'x', nature: 'fonctionnement' }, allowed: ['coordinator'] },
  { method: 'POST', path: `/api/programmes/${P}/sites`, body: { id: 'x', name: 'x' }, allowed: ['coordinator'] },
  {
    method: 'POST',
    path: `/api/programmes/${P}/rates`,
    body: { id: 'x', kind: 'kiosk', unit: 'month', amount: '5', validFrom: '2024-01-01', basis: 'x' },
    allowed: ['coordinator'],
  },
  { method: 'POST', path: C, body: staffTime('cx'), allowed: ['coordinator', 'partner'] },
  { method: 'POST', path: `/api/programmes/${P}/publications`, body: { id: 'pub-x' }, allowed: ['coordinator', 'treasurer'] },
  { method: 'POST', path: `${C}/c3/corrections`, body: { expectedVersion: 1, reason: 'x' }, allowed: ['coordinator', 'partner'] },
  { method: 'POST', path: `${C}/c3/withdrawal`, body: { expectedVersion: 1, reason: 'x' }, allowed: ['coordinator', 'partner'] },
  { method: 'POST', path: `${C}/c3/validation`, body: { expectedVersion: 1 }, allowed: ['coordinator'] },
  { method: 'POST', path: `${C}/c3/rejection`, body: { expectedVersion: 1, reason: 'x' }, allowed: ['coordinator'] },
  { method: 'GET', path: C, allowed: ['coordinator', 'partner', 'treasurer', 'auditor'] },
  // c3 is caf's: to another partner, the same 404 as an unknown id.
  { method: 'GET', path: `${C}/c3`, allowed: ['coordinator', 'treasurer', 'auditor'], hiddenFrom: ['partner'] },
  { method: 'GET', path: `/api/programmes/${P}/totals`, allowed: ['coordinator', 'partner', 'treasurer', 'auditor'] },
  { method: 'GET', path: `/api/programmes/${P}/budget`, allowed: ['coordinator', 'treasurer', 'auditor'] },
  { method: 'GET', path: `/api/programmes/${P}/exports/contributions.xlsx`, allowed: ['coordinator', 'treasurer', 'auditor'] },
  { method: 'GET', path: '/api/ledger/verify', allowed: ['coordinator', 'auditor'] },
  { method: 'GET', path: '/api/ledger/proof?from=1', allowed: ['coordinator', 'auditor'] },
];

api('every route but health refuses a missing, malformed, unknown or revoked token with 401', async ({ h }) => {
  const revoked = h.tokenStore.create({ role: 'coordinator', name: 'ancien' });
  h.tokenStore.revoke(revoked.record.id);
  const head = await headHash(h);
  for (const route of ROUTES) {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      { authorization: 'Bearer' },
      { authorization: `Bearer socle_${'A'.repeat(43)}` },
      { authorization: `Bearer ${h.tokens.coordinator}x` },
      { authorization: `Bearer ${revoked.token}` },
    ]) {
      const a = await call(h.url, route.method, route.path, { body: route.body, headers });
      isProblem(a, 401);
      assert.ok(a.headers.get('www-authenticate')?.startsWith('Bearer'), `${route.method} ${route.path}`);
    }
  }
  assert.is(await headHash(h), head);
});

api('every role the contract leaves out is refused with 403, and nothing is written', async ({ h }) => {
  const head = await headHash(h);
  const roles: Role[] = ['coordinator', 'partner', 'treasurer', 'auditor'];
  let refusals = 0;
  for (const route of ROUTES) {
    for (const role of roles.filter((r) => !route.allowed.includes(r))) {
      const a = await call(h.url, route.method, route.path, { token: h.tokens[role], body: route.body });
      const refusal = route.hiddenFrom?.includes(role) ? 404 : 403;
      assert.is(a.status, refusal, `${role} ${route.method} ${route.path} answered ${a.status}`);
      isProblem(a, refusal);
      refusals++;
    }
  }
  assert.ok(refusals >= 30);
  // A partner of no programme is refused on the programme's routes, even those open to partners.
  for (const route of ROUTES.filter((r) => r.allowed.includes('partner') && r.path.includes(`/${P}`))) {
    const body = route.body && 'partnerId' in route.body ? { ...route.body, partnerId: 'nowhere' } : route.body;
    isProblem(await call(h.url, route.method, route.path, { token: h.tokens.strayPartner, body }), 403);
  }
  assert.is(await headHash(h), head);
});

api('bodies: 413 beyond 64 KiB, 415 when not JSON, 400 for broken JSON', async ({ h }) => {
  const head = await headHash(h);
  isProblem(await call(h.url, 'POST', C, { token: h.tokens.coordinator, body: staffTime('big', { description: 'x'.repeat(70 * 1024) }) }), 413);
  isProblem(await call(h.url, 'POST', C, { token: h.tokens.coordinator, raw: 'id=c9', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
  isProblem(await call(h.url, 'POST', C, { token: h.tokens.coordinator, raw: '{"id": "c9",' }), 400);
  assert.is(await headHash(h), head);
});

api.run();
