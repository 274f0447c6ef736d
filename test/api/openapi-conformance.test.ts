// Real answers of every route, for every role, held to the OpenAPI document the server publishes:
// status listed for the operation, content type described, body valid against the schema (ajv).
// Not the document's shape: what the server actually says. Then the HTTP details the document
// promises: 405 with Allow, 404 for unknown paths, a GET with `Content-Length: 0` is no body,
// French problem titles with stable English type URIs.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { call, P, setUpProgramme, staffTime, startHarness, type Answer, type CallOptions, type Harness } from './helpers.ts';
import { OpenApiValidator } from './openapi-validator.ts';

interface Ctx {
  h: Harness;
  doc: OpenApiValidator;
  /** Every answer checked, as "get /api/…/{p} 200". */
  seen: Set<string>;
  mismatches: string[];
}

const test = suite<Ctx>('OpenAPI conformance');
const B = `/api/programmes/${P}`;

test.before(async (ctx) => {
  ctx.h = await startHarness();
  await setUpProgramme(ctx.h);
  const answer = await call(ctx.h.url, 'GET', '/api/openapi.json');
  ctx.doc = new OpenApiValidator(answer.json);
  ctx.seen = new Set();
  ctx.mismatches = [];
});
test.after(async (ctx) => {
  await ctx.h.stop();
});

/** Calls, checks against the document, and returns the answer. */
async function checked(ctx: Ctx, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const answer = await call(ctx.h.url, method, path, options);
  const problems = ctx.doc.mismatches(method, path, answer);
  ctx.mismatches.push(...problems);
  const op = ctx.doc.find(method, path);
  if (op) ctx.seen.add(`${op.method} ${op.path} ${answer.status}`);
  return answer;
}

function expectStatus(answer: Answer, status: number, what: string) {
  assert.is(answer.status, status, `${what}: expected ${status}, got ${answer.status} ${answer.text.slice(0, 300)}`);
}

test('every route, every role: the answers conform to the document', async (ctx) => {
  const { h } = ctx;
  const t = h.tokens;
  const c = (path: string, options: CallOptions = {}, method = 'GET') => checked(ctx, method, path, options);

  // Anyone.
  expectStatus(await c('/api/health'), 200, 'health');
  expectStatus(await c('/api/openapi.json'), 200, 'openapi');

  // Writes, by the coordinator and a partner; repeated (idempotent 201), conflicting (409), refused.
  const post = (path: string, token: string, body: unknown) => c(path, { token, body }, 'POST');
  expectStatus(await post('/api/programmes', t.coordinator, { id: 'p2', name: 'Second programme', startsOn: '2024-01-01', endsOn: '2024-12-31' }), 201, 'open');
  expectStatus(await post('/api/programmes', t.coordinator, { id: 'p2', name: 'Autre nom', startsOn: '2024-01-01', endsOn: '2024-12-31' }), 409, 'reopen');
  expectStatus(await post('/api/programmes', t.treasurer, { id: 'p3', name: 'x', startsOn: '2024-01-01', endsOn: '2024-12-31' }), 403, 'treasurer opens');
  expectStatus(await post('/api/programmes', t.coordinator, { id: 'p3', name: 'x', startsOn: '2024-02-30', endsOn: '2024-12-31' }), 400, 'not a date');
  expectStatus(await post('/api/programmes', '', { id: 'p3' }), 401, 'no token');
  expectStatus(await post(`/api/programmes/p2/partners`, t.coordinator, { id: 'ccas', name: 'CCAS', category: 'ccas' }), 201, 'partner');
  expectStatus(await post(`/api/programmes/p2/axes`, t.coordinator, { id: 'ax', title: 'Axe' }), 201, 'axis');
  expectStatus(await post(`/api/programmes/p2/actions`, t.coordinator, { id: 'a', number: 1, title: 'Action', nature: 'investissement' }), 201, 'action');
  expectStatus(await post(`/api/programmes/p2/sites`, t.coordinator, { id: 's', name: 'Lieu' }), 201, 'site');
  expectStatus(await post(`/api/programmes/p2/rates`, t.coordinator, { id: 'r', kind: 'volunteer_time', unit: 'hour', amount: '1000', validFrom: '2024-01-01', basis: 'barème' }), 201, 'rate');
  expectStatus(await post(`/api/programmes/nope/rates`, t.coordinator, { id: 'r', kind: 'volunteer_time', unit: 'hour', amount: '10', validFrom: '2024-01-01', basis: 'x' }), 404, 'unknown programme');
  expectStatus(await post(`/api/programmes/p2/rates`, t.coordinator, { id: 'r2', kind: 'volunteer_time', unit: 'hour', amount: '1000.0001', validFrom: '2024-01-01', basis: 'x' }), 400, 'rate beyond its limit');
  expectStatus(await c(`/api/programmes/p2/axes`, { token: t.coordinator, raw: 'id=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 'POST'), 415, 'form body');
  expectStatus(await c(`/api/programmes/p2/axes`, { token: t.coordinator, raw: JSON.stringify({ id: 'x', title: 'y'.repeat(70_000) }) }, 'POST'), 413, 'big body');
  // The fiche action (issue 14): PUT, whole, by the coordinator.
  const fiche = { services: 'CCAS', objectives: 'Ateliers', calendar: [{ label: 'Lancement', startsOn: '2024-03-01', endsOn: '2024-06-30' }] };
  const put = (path: string, token: string, body: unknown) => c(path, { token, body }, 'PUT');
  expectStatus(await put('/api/programmes/p2/actions/a/sheet', t.coordinator, fiche), 200, 'fiche');
  expectStatus(await put('/api/programmes/p2/actions/a/sheet', t.coordinator, fiche), 200, 'fiche again');
  expectStatus(await put('/api/programmes/p2/actions/a/sheet', t.treasurer, fiche), 403, 'treasurer sets a fiche');
  expectStatus(await put('/api/programmes/p2/actions/zz/sheet', t.coordinator, fiche), 404, 'fiche of an unknown action');
  expectStatus(await put('/api/programmes/p2/actions/a/sheet', t.coordinator, { calendar: [{ label: 'Bilan', startsOn: '2025-01-01', endsOn: '2025-02-01' }] }), 400, 'step outside the programme');

  // Imports: the file is the body (POST …/imports, and the workbook of refused rows).
  const csv = { 'content-type': 'text/csv' };
  expectStatus(await c('/api/programmes/p2/imports?dryRun=true', { token: t.coordinator, raw: 'Partenaire;Nature;Date;Montant\nCCAS;Subvention;01/03/2024;100\n', headers: csv }, 'POST'), 200, 'import dry run');
  expectStatus(await c('/api/programmes/p2/imports/refused.xlsx?dryRun=true', { token: t.coordinator, raw: 'Partenaire;Nature;Date;Montant\nX;Subvention;01/03/2024;100\n', headers: csv }, 'POST'), 200, 'import refused rows');
  expectStatus(await c('/api/programmes/p2/imports', { token: t.coordinator, raw: 'pas un tableau', headers: csv }, 'POST'), 400, 'import of a letter');
  expectStatus(await c('/api/programmes/p2/imports', { token: t.treasurer, raw: 'x', headers: csv }, 'POST'), 403, 'treasurer imports');
  expectStatus(await post(`${B}/contributions`, t.partner, staffTime('c1')), 201, 'record');
  const recordedAt = (await h.socle.store.head()).position;
  expectStatus(await post(`${B}/contributions`, t.partner, staffTime('c1')), 201, 'record again');
  expectStatus(await post(`${B}/contributions`, t.partner, staffTime('c1', { quantity: '3' })), 409, 'same id, other content');
  expectStatus(await post(`${B}/contributions`, t.partner, staffTime('c9', { partnerId: 'asso' })), 403, 'for another partner');
  expectStatus(await post(`${B}/contributions`, t.strayPartner, staffTime('c9', { partnerId: 'nowhere' })), 403, 'stray partner');
  expectStatus(await post(`${B}/contributions`, t.auditor, staffTime('c9')), 403, 'auditor records');
  expectStatus(await post(`${B}/contributions`, t.coordinator, { id: 'c2', partnerId: 'asso', kind: 'cash', status: 'actual', date: '2024-05-02', amount: '1500.50' }), 201, 'cash');
  expectStatus(await post(`${B}/contributions`, t.coordinator, { id: 'c3', partnerId: 'asso', kind: 'volunteer_time', status: 'planned', date: '2024-06-01', quantity: '4' }), 201, 'unvalued');
  expectStatus(await post(`${B}/contributions`, t.coordinator, { id: 'c4', partnerId: 'caf', kind: 'premises', status: 'actual', date: '2024-07-01', quantity: '2', actionId: 'a2' }), 201, 'premises');
  expectStatus(await post(`${B}/contributions`, t.coordinator, staffTime('c5', { quantity: '10000.01' })), 400, 'quantity beyond its limit');
  expectStatus(await post(`/api/programmes/nope/contributions`, t.coordinator, staffTime('c5')), 404, 'record in an unknown programme');

  expectStatus(await post(`${B}/contributions/c1/corrections`, t.partner, { ...staffTime('c1', { quantity: '3' }), expectedVersion: 1, reason: 'erreur de saisie' }), 200, 'correct');
  expectStatus(await post(`${B}/contributions/c1/corrections`, t.partner, { ...staffTime('c1', { quantity: '4' }), expectedVersion: 1, reason: 'encore' }), 409, 'stale correction');
  expectStatus(await post(`${B}/contributions/c1/corrections`, t.partner, { ...staffTime('c7'), expectedVersion: 2, reason: 'x' }), 400, 'other id');
  // To a partner, another partner's contribution is the same 404 as an id nobody took (docs/api.md, Confidentialité).
  expectStatus(await post(`${B}/contributions/c2/withdrawal`, t.partner, { expectedVersion: 1, reason: 'pas à nous' }), 404, 'withdraw another partner’s');
  expectStatus(await post(`${B}/contributions/c1/validation`, t.partner, { expectedVersion: 2 }), 403, 'partner validates');
  expectStatus(await post(`${B}/publications`, t.partner, { id: 'pub-0' }), 403, 'partner publishes');
  expectStatus(await post(`${B}/publications`, t.coordinator, { id: 'pub-1', note: 'COPIL' }), 201, 'publish');
  expectStatus(await post(`${B}/contributions/c1/validation`, t.coordinator, { expectedVersion: 2 }), 200, 'validate');
  expectStatus(await post(`${B}/contributions/c1/validation`, t.coordinator, { expectedVersion: 3 }), 409, 'validate twice');
  expectStatus(await post(`${B}/contributions/c2/rejection`, t.coordinator, { expectedVersion: 1, reason: 'hors champ' }), 200, 'reject');
  expectStatus(await post(`${B}/contributions/c3/withdrawal`, t.coordinator, { expectedVersion: 1, reason: 'annulé' }), 200, 'withdraw');
  expectStatus(await post(`${B}/contributions/zz/withdrawal`, t.coordinator, { expectedVersion: 1, reason: 'x' }), 404, 'withdraw unknown');
  expectStatus(await post(`${B}/contributions/c4/rejection`, t.coordinator, { expectedVersion: 0, reason: 'x' }), 400, 'version 0');

  // Service hours and indicators (issue 15): s1 is ccas's site, a1 ccas's action.
  const schedule = { id: 'h1', siteId: 's1', axisId: 'ax1', hoursPerWeek: '6', from: '2023-01-01', until: '2024-08-31' };
  expectStatus(await post(`${B}/service/schedules`, t.partner, schedule), 201, 'schedule');
  expectStatus(await post(`${B}/service/schedules`, t.partner, schedule), 201, 'schedule again');
  expectStatus(await post(`${B}/service/schedules`, t.partner, { ...schedule, id: 'h2', from: '2024-08-01', until: undefined }), 400, 'overlapping schedule');
  expectStatus(await post(`${B}/service/schedules`, t.otherPartner, { ...schedule, id: 'h3', from: '2025-01-01', until: undefined }), 403, 'another partner’s site');
  expectStatus(await post(`${B}/service/schedules`, t.partner, { ...schedule, hoursPerWeek: '7' }), 409, 'schedule id reused');
  expectStatus(await post(`${B}/service/schedules/h1/corrections`, t.partner, { ...schedule, id: undefined, hoursPerWeek: '6.5', reason: 'relevé' }), 200, 'correct schedule');
  expectStatus(await post(`${B}/service/schedules/zz/corrections`, t.partner, { ...schedule, id: undefined, reason: 'x' }), 404, 'correct unknown schedule');
  expectStatus(await post(`${B}/service/schedules`, t.partner, { ...schedule, id: 'h4', from: '2024-09-01', until: undefined, hoursPerWeek: '9' }), 201, 'second schedule');
  expectStatus(await post(`${B}/service/schedules/h4/withdrawal`, t.coordinator, { reason: 'doublon' }), 200, 'withdraw schedule');
  const target = { id: 'double', label: 'Doubler', unit: 'hours_per_week', baselineOn: '2023-12-31', multiplier: '2', dueOn: '2026-12-31' };
  expectStatus(await post(`${B}/service/targets`, t.coordinator, target), 201, 'target');
  expectStatus(await post(`${B}/service/targets`, t.partner, target), 403, 'partner target');
  expectStatus(await post(`${B}/service/targets/double/corrections`, t.coordinator, { ...target, id: undefined, multiplier: '1.5', reason: 'COPIL' }), 200, 'correct target');
  const indicator = { id: 'i1', actionId: 'a1', label: 'Ateliers tenus', unit: 'ateliers', baseline: '0', baselineOn: '2023-01-01', target: '40', dueOn: '2026-12-31', direction: 'increase' };
  expectStatus(await post(`${B}/indicators`, t.partner, indicator), 201, 'indicator');
  expectStatus(await post(`${B}/indicators/i1/corrections`, t.partner, { ...indicator, id: undefined, target: '48', reason: 'objectif revu' }), 200, 'correct indicator');
  const measurement = { id: 'm1', indicatorId: 'i1', value: '12', periodFrom: '2024-01-01', periodTo: '2024-06-30', evidence: 'feuilles d’émargement' };
  expectStatus(await post(`${B}/measurements`, t.partner, { ...measurement, indicatorId: 'none' }), 400, 'measurement without definition');
  expectStatus(await post(`${B}/measurements`, t.partner, measurement), 201, 'measurement');
  expectStatus(await post(`${B}/measurements/m1/corrections`, t.partner, { ...measurement, id: undefined, value: '13', reason: 'oubli' }), 200, 'correct measurement');
  expectStatus(await post(`${B}/measurements`, t.otherPartner, { ...measurement, id: 'm2' }), 403, 'another pilot’s measurement');
  expectStatus(await post(`${B}/measurements`, t.partner, { ...measurement, id: 'm3', periodTo: '2024-03-31' }), 201, 'measurement to withdraw');
  expectStatus(await post(`${B}/measurements/m3/withdrawal`, t.otherPartner, { reason: 'pas à nous' }), 403, 'withdraw another pilot’s measurement');
  expectStatus(await post(`${B}/measurements/m3/withdrawal`, t.partner, { reason: 'doublon' }), 200, 'withdraw measurement');
  expectStatus(await post(`${B}/measurements/m3/withdrawal`, t.partner, { reason: 'doublon' }), 409, 'withdraw measurement twice');
  expectStatus(await post(`${B}/measurements/zz/withdrawal`, t.partner, { reason: 'x' }), 404, 'withdraw unknown measurement');

  // Reads, by every role.
  for (const [role, token] of Object.entries(t)) {
    const stray = role === 'strayPartner';
    expectStatus(await c('/api/me', { token }), 200, `${role} me`);
    expectStatus(await c('/api/programmes', { token }), 200, `${role} programmes`);
    expectStatus(await c(B, { token }), stray ? 403 : 200, `${role} programme`);
    expectStatus(await c(`${B}?asOf=3`, { token }), stray ? 403 : 200, `${role} programme as of 3`);
    expectStatus(await c(`${B}/contributions`, { token }), stray ? 403 : 200, `${role} list`);
    expectStatus(await c(`${B}/contributions?kind=staff_time&status=actual&review=validated&year=2024&limit=5&offset=0`, { token }), stray ? 403 : 200, `${role} filtered list`);
    const ownC1 = ['coordinator', 'partner', 'treasurer', 'auditor'].includes(role);
    // Another partner of the programme finds no such contribution (the same 404 as a free id); a
    // partner outside the programme is refused the programme (403).
    expectStatus(await c(`${B}/contributions/c1`, { token }), ownC1 ? 200 : stray ? 403 : 404, `${role} detail`);
    expectStatus(await c(`${B}/contributions/c1?asOf=${recordedAt}`, { token }), ownC1 ? 200 : 403, `${role} detail as it was recorded`);
    expectStatus(await c(`${B}/totals`, { token }), stray ? 403 : 200, `${role} totals`);
    expectStatus(await c(`${B}/service?date=2024-06-01&from=2024-01-01&to=2024-12-31&siteId=s1`, { token }), stray ? 403 : 200, `${role} service hours`);
    expectStatus(await c(`${B}/indicators?date=2024-12-31&actionId=a1`, { token }), stray ? 403 : 200, `${role} indicators`);
    expectStatus(await c(`${B}/totals?status=planned&year=2024&actionId=a1&include=validated`, { token }), stray ? 403 : 200, `${role} filtered totals`);
    const reader = ['coordinator', 'treasurer', 'auditor'].includes(role);
    expectStatus(await c(`${B}/budget?actionId=a1`, { token }), reader ? 200 : 403, `${role} budget`);
    expectStatus(await c(`${B}/exports/contributions.xlsx`, { token }), reader ? 200 : 403, `${role} export`);
    expectStatus(await c(`${B}/diff?from=3`, { token }), reader ? 200 : 403, `${role} diff`);
    expectStatus(await c('/api/ledger/verify', { token }), role === 'coordinator' || role === 'auditor' ? 200 : 403, `${role} verify`);
    expectStatus(await c('/api/ledger/proof?from=3&to=5', { token }), role === 'coordinator' || role === 'auditor' ? 200 : 403, `${role} proof`);
  }
  const a = t.auditor;
  expectStatus(await c(`${B}/budget`, { token: a }), 200, 'programme budget (applicant: the pilot of the programme)');
  expectStatus(await c(`${B}/budget?applicant=caf&year=2024&status=actual&include=validated&codes=anc&publicCap=80&inKindEligible=true&chefDeFile=false&asOf=20`, { token: a }), 200, 'budget, every filter');
  expectStatus(await c(`${B}/budget?actionId=a2`, { token: a }), 400, 'budget of an action without pilot, no applicant');
  expectStatus(await c(`${B}/budget?actionId=zz`, { token: a }), 404, 'budget of an unknown action');
  expectStatus(await c(`${B}/budget?publicCap=101`, { token: a }), 400, 'cap beyond 100');
  expectStatus(await c(`${B}/budget?year=2201`, { token: a }), 400, 'year beyond 2200');
  expectStatus(await c(`/api/programmes/nope/budget`, { token: a }), 404, 'budget of an unknown programme');
  for (const workbook of ['budget', 'funding-plan', 'journal']) expectStatus(await c(`${B}/exports/${workbook}.xlsx`, { token: a }), 200, workbook);
  expectStatus(await c(`${B}/exports/budget.xlsx?actionId=a1&status=both&codes=cerfa`, { token: a }), 200, 'budget workbook, filters');
  expectStatus(await c(`${B}/exports/funding-plan.xlsx?status=consolidated`, { token: a }), 200, 'funding plan, consolidated');
  expectStatus(await c(`${B}/exports/journal.xlsx?year=2024`, { token: a }), 400, 'journal with a year');
  expectStatus(await c(`${B}/exports/nothing.xlsx`, { token: a }), 404, 'unknown workbook');
  expectStatus(await c(`${B}/dossier.zip?applicant=ccas&actionId=a1`, { token: t.treasurer }), 200, 'dossier');
  expectStatus(await c(`${B}/dossier.zip?applicant=ccas`, { token: a }), 403, 'an auditor’s dossier');
  expectStatus(await c(`${B}/dossier.zip?applicant=nobody`, { token: t.coordinator }), 404, 'dossier of an unknown applicant');
  expectStatus(await c(`${B}/contributions?limit=0`, { token: a }), 400, 'limit 0');
  expectStatus(await c(`${B}/contributions?partnerId=asso`, { token: t.partner }), 403, 'another partner’s rows');
  expectStatus(await c(`${B}/contributions/zz`, { token: a }), 404, 'unknown contribution');
  expectStatus(await c(`${B}/contributions/c1?asOf=999999`, { token: a }), 400, 'asOf beyond the head');
  expectStatus(await c(`${B}/totals?bogus=1`, { token: a }), 400, 'unknown query parameter');
  expectStatus(await c(`/api/programmes/nope/totals`, { token: a }), 404, 'totals of an unknown programme');
  expectStatus(await c('/api/me', { token: 'socle_not-a-token' }), 401, 'bad token');
  expectStatus(await c(`${B}/service?date=2024-02-30`, { token: a }), 400, 'service on no real date');
  expectStatus(await c(`/api/programmes/nope/indicators`, { token: a }), 404, 'indicators of an unknown programme');
  const co = t.coordinator;
  // scenarios (issue 16): the coordinator writes, a partner is refused; readers compare
  expectStatus(await c(`${B}/scenarios`, { token: t.partner, body: { id: 'sc1', title: 'Succès des communs' } }, 'POST'), 403, 'a partner drafting a scenario');
  expectStatus(await c(`${B}/scenarios`, { token: co, body: { id: 'sc1', title: 'Succès des communs', asOf: 20 } }, 'POST'), 201, 'draft a scenario');
  expectStatus(await c(`${B}/scenarios`, { token: co, body: { id: 'sc1', title: 'Autre titre' } }, 'POST'), 409, 'another scenario under that id');
  const etp = { kind: 'staff-per-site', hoursPerSite: '1607', year: 2024, status: 'planned', actionId: 'a1' };
  expectStatus(await c(`${B}/scenarios/sc1/facts`, { token: co, body: { id: 'etp', fact: etp } }, 'POST'), 201, 'a fact');
  expectStatus(await c(`${B}/scenarios/sc1/facts`, { token: co, body: { id: 'bad', fact: { kind: 'drop-partner', partnerId: 'nobody' } } }, 'POST'), 400, 'a fact naming no partner');
  expectStatus(await c(`${B}/scenarios/zz/facts`, { token: co, body: { id: 'etp', fact: etp } }, 'POST'), 404, 'a fact of an unknown scenario');
  expectStatus(await c(`${B}/scenarios/sc1/copies`, { token: co, body: { id: 'sc2', title: 'Copie' } }, 'POST'), 201, 'copy');
  expectStatus(await c(`${B}/scenarios/sc2/edits`, { token: co, body: { title: 'Échec des communs' } }, 'POST'), 200, 'edit');
  expectStatus(await c(`${B}/scenarios/sc2/facts/etp/removal`, { token: co, body: { reason: 'sans ETP' } }, 'POST'), 200, 'remove a fact');
  expectStatus(await c(`${B}/scenarios/sc2/archive`, { token: co, body: { reason: 'écarté' } }, 'POST'), 200, 'archive');
  for (const token of [co, t.treasurer, a]) expectStatus(await c(`${B}/scenarios?year=2024&includeArchived=true`, { token }), 200, 'compare scenarios');
  expectStatus(await c(`${B}/scenarios?asOfDate=2020-01-01`, { token: a }), 400, 'scenarios as of a date before the programme');
  expectStatus(await c(`${B}/scenarios.xlsx?year=2024`, { token: t.treasurer }), 200, 'the scenarios workbook');
  expectStatus(await c(`${B}/scenarios`, { token: t.partner }), 403, 'a partner reading scenarios');
  // closings (issue 16): last, so that nothing above meets a closed year
  expectStatus(await c(`${B}/closings`, { token: a, body: { year: 2024, reason: 'clôture' } }, 'POST'), 403, 'an auditor closing');
  expectStatus(await c(`${B}/closings`, { token: co, body: { year: 2024, reason: 'compte rendu 2024' } }, 'POST'), 201, 'close 2024');
  expectStatus(await c(`${B}/closings`, { token: co, body: { year: 2024, reason: 'encore' } }, 'POST'), 409, 'close 2024 twice');
  expectStatus(await c(`${B}/totals?year=2024`, { token: a }), 200, 'totals of the closed year: the closed figures and the adjustments');
  expectStatus(await c(`${B}/closing-policy`, { token: co, body: { policy: 'require-reason' } }, 'POST'), 201, 'policy');
  for (const token of [co, t.treasurer, a]) expectStatus(await c(`${B}/closings/2024`, { token }), 200, 'closed account');
  expectStatus(await c(`${B}/closings/2024`, { token: t.partner }), 403, 'a partner reading a closed account');
  expectStatus(await c(`${B}/closings/2025`, { token: a }), 409, 'the account of an open year');
  expectStatus(await c(`${B}/closings/2024/reopening`, { token: co, body: { reason: '' } }, 'POST'), 400, 'reopen without a reason');
  expectStatus(await c(`${B}/closings/2024/reopening`, { token: co, body: { reason: 'subvention notifiée en retard' } }, 'POST'), 201, 'reopen');

  assert.equal(ctx.mismatches, [], ctx.mismatches.join('\n'));
  // Every operation answered its success at least once.
  for (const op of ctx.doc.operations) {
    const success = Object.keys(op.operation.responses).find((s) => s.startsWith('2'))!;
    assert.ok(ctx.seen.has(`${op.method} ${op.path} ${success}`), `${op.method} ${op.path} never answered ${success}`);
  }
  // And every documented error status was met somewhere (429 has its own suite: read-limits.test.ts).
  for (const status of [400, 401, 403, 404, 409, 413, 415]) assert.ok([...ctx.seen].some((s) => s.endsWith(` ${status}`)), `no ${status} seen`);
});

test('the workbook answer is a real workbook: exceljs reads it back, with the position in its headers', async ({ h }) => {
  const response = await fetch(`${h.url}${B}/exports/contributions.xlsx`, { headers: { authorization: `Bearer ${h.tokens.treasurer}` } });
  assert.is(response.status, 200);
  const position = Number(response.headers.get('x-socle-position'));
  assert.ok(position > 0);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  assert.ok(workbook.getWorksheet('Contributions'), 'a Contributions sheet');
  assert.ok(workbook.getWorksheet('Provenance'), 'a Provenance sheet');
});

test('405 with Allow for a method a known path does not take; 404 for an unknown path', async (ctx) => {
  const { h } = ctx;
  for (const [method, path, allow] of [
    ['DELETE', `${B}/contributions/c1`, 'GET, HEAD'],
    ['PUT', `${B}/contributions`, 'GET, HEAD, POST'],
    ['PATCH', '/api/programmes', 'GET, HEAD, POST'],
    ['GET', `${B}/contributions/c1/validation`, 'POST'],
    ['POST', '/api/health', 'GET, HEAD'],
    ['DELETE', `${B}/exports/journal.xlsx`, 'GET, HEAD'],
  ] as const) {
    // With or without a token: which methods a path takes is in the public document.
    for (const token of [undefined, h.tokens.coordinator]) {
      const a = await call(h.url, method, path, { ...(token !== undefined && { token }) });
      assert.is(a.status, 405, `${method} ${path}`);
      assert.is(a.headers.get('allow')?.split(', ').sort().join(', '), allow.split(', ').sort().join(', '), `${method} ${path} Allow`);
      assert.ok(a.contentType.startsWith('application/problem+json'));
      assert.is(a.json.type, 'urn:socle:problem:method-not-allowed');
      assert.is(a.json.title, 'Méthode non admise');
    }
  }
  const unknown = await call(h.url, 'GET', '/api/nothing/here', { token: h.tokens.coordinator });
  assert.is(unknown.status, 404);
  assert.is(unknown.json.type, 'urn:socle:problem:not-found');
  assert.is((await call(h.url, 'DELETE', '/api/nothing/here', { token: h.tokens.coordinator })).status, 404);
});

test('a GET with Content-Length: 0 and no content type is a GET without a body, not a 415', async ({ h }) => {
  for (const path of ['/api/me', `${B}/totals`, '/api/ledger/verify']) {
    const a = await call(h.url, 'GET', path, { token: h.tokens.coordinator, headers: { 'content-length': '0' } });
    assert.is(a.status, 200, `${path}: ${a.text.slice(0, 200)}`);
  }
  // A body of another type is still refused, on a GET as on a POST.
  const typed = await call(h.url, 'POST', `${B}/axes`, { token: h.tokens.coordinator, raw: 'x', headers: { 'content-type': 'text/plain' } });
  assert.is(typed.status, 415);
});

test('problems speak French (title, detail, field messages) and keep English type URIs and field paths', async ({ h }) => {
  const noToken = await call(h.url, 'GET', '/api/me');
  assert.equal([noToken.json.type, noToken.json.title], ['urn:socle:problem:unauthenticated', 'Authentification requise']);
  assert.match(noToken.json.detail, /Authorization: Bearer JETON/);
  const bad = await call(h.url, 'POST', `${B}/contributions`, {
    token: h.tokens.coordinator,
    body: { id: 'c8', partnerId: 'ccas', kind: 'staff_tim', status: 'actual', date: '2024-13-01', quantity: '1,5', colour: 'bleu' },
  });
  assert.is(bad.status, 400);
  assert.equal([bad.json.type, bad.json.title, bad.json.detail], ['urn:socle:problem:invalid-request', 'Requête invalide', 'le corps ne correspond pas aux champs attendus']);
  const byPath = Object.fromEntries((bad.json.errors as { path: string; message: string }[]).map((e) => [e.path, e.message]));
  assert.equal(Object.keys(byPath).sort(), ['colour', 'date', 'kind', 'quantity']);
  assert.is(byPath.colour, 'champ inconnu');
  assert.match(byPath.kind!, /^attendu l’une des valeurs : staff_time, volunteer_time/);
  assert.match(byPath.date!, /^attendu une date réelle écrite AAAA-MM-JJ/);
  assert.match(byPath.quantity!, /^attendu un nombre décimal/);
  const query = await call(h.url, 'GET', `${B}/totals?year=24`, { token: h.tokens.coordinator });
  assert.equal(query.json.errors, [{ path: 'query.year', message: 'attendu une année de 1900 à 2200' }]);
  const missing = await call(h.url, 'POST', `${B}/axes`, { token: h.tokens.coordinator, body: { id: 'ax9' } });
  assert.equal(missing.json.errors, [{ path: 'title', message: 'obligatoire' }]);
});

test.run();
