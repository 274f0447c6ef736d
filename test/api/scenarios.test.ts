// What-if scenarios over HTTP on a real server (issue 16): the coordinator drafts a scenario and
// adds its facts; the readers see it side by side with the real plan; the real totals never move;
// a partner is refused; bad input is one clear error and nothing written. Figures by hand.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { loudHooks } from '../support/loud-hooks.ts';
import { call, P, setUpProgramme, staffTime, startHarness, type Harness } from './helpers.ts';

const api = suite<{ h: Harness }>('scenarios over HTTP', {} as never);
loudHooks(api);
const BASE = `/api/programmes/${P}`;

api.before(async (context) => {
  context.h = await startHarness();
  await setUpProgramme(context.h);
  // c1: 2.5 h × 12.25 = 30.625 → 30.63, planned, 2024, action a1.
  assert.is((await call(context.h.url, 'POST', `${BASE}/contributions`, { token: context.h.tokens.coordinator, body: staffTime('c1', { status: 'planned' }) })).status, 201);
});
api.after(async ({ h }) => h.stop());

api('one FTE per site in a scenario: its figures beside the real plan, the real totals untouched', async ({ h }) => {
  const co = h.tokens.coordinator;
  const totalsBefore = await call(h.url, 'GET', `${BASE}/totals?status=planned`, { token: h.tokens.auditor });
  const drafted = await call(h.url, 'POST', `${BASE}/scenarios`, { token: co, body: { id: 'ambition', title: 'Un ETP par lieu', description: 'coordination commune' } });
  assert.is(drafted.status, 201, drafted.text);
  const head = await h.socle.store.head();
  assert.is(drafted.json.basePosition, head.position - 1, 'drawn on the head before its own event');
  const fact = await call(h.url, 'POST', `${BASE}/scenarios/ambition/facts`, { token: co, body: { id: 'etp', fact: { kind: 'staff-per-site', hoursPerSite: '1607', year: 2024, status: 'planned', actionId: 'a1' } } });
  assert.is(fact.status, 201, fact.text);
  const again = await call(h.url, 'POST', `${BASE}/scenarios/ambition/facts`, { token: co, body: { id: 'etp', fact: { kind: 'staff-per-site', hoursPerSite: '1607', year: 2024, status: 'planned', actionId: 'a1' } } });
  assert.is(again.status, 201, 'the same fact again: the same answer');
  assert.is(again.json.position, null, 'and nothing written');

  const comparison = await call(h.url, 'GET', `${BASE}/scenarios?year=2024`, { token: h.tokens.treasurer });
  assert.is(comparison.status, 200, comparison.text);
  // Real: 30.63 (CCAS). Scenario: the one site s1 is the CCAS's: 1,607 × 12.25 = 19,685.75, so 19,716.38.
  assert.is(comparison.json.real.total, '30.63');
  const [ambition] = comparison.json.scenarios;
  assert.is(ambition.title, 'Un ETP par lieu');
  assert.is(ambition.figures.total, '19716.38');
  assert.equal(ambition.difference.byPartner, { ccas: '19685.75' });
  assert.equal(ambition.difference.byKind.staff_time, '19685.75');

  const totalsAfter = await call(h.url, 'GET', `${BASE}/totals?status=planned`, { token: h.tokens.auditor });
  assert.equal({ ...totalsAfter.json, asOf: null }, { ...totalsBefore.json, asOf: null }, 'no scenario fact in the real totals');
});

api('the scenarios workbook, read back: the real plan, the scenario and its difference as a live formula, its facts, Provenance', async ({ h }) => {
  const response = await fetch(`${h.url}${BASE}/scenarios.xlsx?year=2024`, { headers: { authorization: `Bearer ${h.tokens.auditor}` } });
  assert.is(response.status, 200, await response.clone().text());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
  assert.equal(workbook.worksheets.map((w) => w.name), ['Comparaison', 'Hypothèses', 'Provenance']);
  const sheet = workbook.getWorksheet('Comparaison')!;
  assert.equal(sheet.getRow(4).values, [undefined, 'Chiffre', 'Plan réel', 'Un ETP par lieu', 'Écart Un ETP par lieu']);
  const total = sheet.getRow(5);
  assert.equal([total.getCell(1).value, total.getCell(2).value, total.getCell(3).value], ['Total des contributions', 30.63, 19716.38]);
  // 19 716,38 − 30,63 = 19 685,75, as a formula with its result.
  assert.equal(total.getCell(4).value, { formula: 'C5-B5', result: 19685.75 });
  const facts = workbook.getWorksheet('Hypothèses')!.getRow(4);
  assert.equal([facts.getCell(1).value, facts.getCell(3).value, facts.getCell(4).value], ['Un ETP par lieu', 'etp', 'staff-per-site']);
  let command = '';
  workbook.getWorksheet('Provenance')!.eachRow((row) => {
    if (row.getCell(1).value === 'Commande') command = String(row.getCell(2).value);
  });
  assert.match(command, /^npx socle scenarios export --programme p1 --status planned --year 2024 --as-of \d+ --out scenarios-p1\.xlsx$/);
});

api('a partner may neither draft nor read scenarios; bad input is one clear error and nothing written', async ({ h }) => {
  const refused = await call(h.url, 'POST', `${BASE}/scenarios`, { token: h.tokens.partner, body: { id: 'x', title: 'x' } });
  assert.is(refused.status, 403);
  assert.match(refused.json.detail, /partner/);
  assert.is((await call(h.url, 'GET', `${BASE}/scenarios`, { token: h.tokens.partner })).status, 403);
  const head = await h.socle.store.head();
  for (const [body, path] of [
    [{ id: 'y', title: 'y', asOfDate: '2024-13-01' }, 'asOfDate'],
    [{ id: 'y', title: 'y', asOfDate: '2999-01-01' }, 'asOfDate'],
    [{ id: 'y', title: 'y', asOfDate: '2001-01-01' }, 'asOfDate'],
    [{ id: 'y', title: '' }, 'title'],
  ] as const) {
    const bad = await call(h.url, 'POST', `${BASE}/scenarios`, { token: h.tokens.coordinator, body });
    assert.is(bad.status, 400, `${JSON.stringify(body)}: ${bad.text}`);
    assert.ok(JSON.stringify(bad.json).includes(path), bad.text);
  }
  const unknown = await call(h.url, 'POST', `${BASE}/scenarios/ambition/facts`, { token: h.tokens.coordinator, body: { id: 'z', fact: { kind: 'remove-contribution', partnerId: 'nobody', contributionId: 'c1' } } });
  assert.is(unknown.status, 400);
  assert.match(unknown.json.detail, /partenaire inconnu : nobody/);
  assert.equal(await h.socle.store.head(), head, 'nothing written');
});

api.run();
