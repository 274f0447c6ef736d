// GET /api/programmes/:p/budget and /exports/:workbook.xlsx on a real server over a SQLite ledger
// holding the demo scenario: the JSON is the budget document, the download is the workbook the
// command line would write, and bad queries are problems.
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { budgetDocument } from '../../src/reports/budget.ts';
import { loadScenario } from '../../src/demo/load.ts';
import { demoScenario } from '../../src/demo/scenario.ts';
import { call, startHarness, type Harness } from '../api/helpers.ts';
import { ledgerOf, numberAt, provenanceOf, rowWith, sheetOf } from './fixtures.ts';

const http = suite<{ h: Harness }>('reports over HTTP', { h: undefined as unknown as Harness });

loudHooks(http);
http.before(async (context) => {
  context.h = await startHarness();
  await loadScenario(context.h.socle.commands, demoScenario());
  await context.h.socle.caughtUpTo((await context.h.socle.store.head()).position);
});

http.after(async ({ h }) => {
  await h.stop();
});

const BASE = '/api/programmes/rafcom';

http('GET /budget answers the budget document: lines, in-kind block and checks', async ({ h }) => {
  const a = await call(h.url, 'GET', `${BASE}/budget?actionId=a02&year=2024&publicCap=80`, { token: h.tokens.treasurer });
  assert.is(a.status, 200, a.text);
  const { checkpoint, programme } = await ledgerOf(h.socle, 'rafcom');
  const expected = budgetDocument(checkpoint, programme, { actionId: 'a02', year: 2024, checks: { publicFundingCapPercent: '80' } });
  assert.equal(a.json, JSON.parse(JSON.stringify(expected)));
  assert.ok(a.json.lines.charges.length > 10 && a.json.inKind.emplois.length === 5 && a.json.checks.length === 12);
  assert.is(a.json.checkOptions.publicFundingCapPercent, '80');

  const anc = await call(h.url, 'GET', `${BASE}/budget?codes=anc&status=actual&applicant=libellule`, { token: h.tokens.auditor });
  assert.is(anc.status, 200, anc.text);
  assert.is(anc.json.inKind.ressources.find((l: { lineId: string }) => l.lineId === 'r870').code, '875');
  assert.is(anc.json.scope.applicant.partnerId, 'libellule');
  assert.equal(anc.json.scope.statuses, ['actual']);

  const past = await call(h.url, 'GET', `${BASE}/budget?asOf=200`, { token: h.tokens.coordinator });
  assert.is(past.status, 200);
  assert.is(past.json.asOf.position, 200);
});

http('GET /budget refuses bad queries with problems', async ({ h }) => {
  const t = h.tokens.treasurer;
  const head = (await h.socle.store.head()).position;
  for (const [query, status] of [
    ['status=maybe', 400],
    ['year=24', 400],
    ['colour=red', 400],
    ['publicCap=120', 400],
    [`asOf=${head + 1}`, 400],
    ['applicant=nobody', 404],
    ['actionId=a99', 404],
  ] as const) {
    const a = await call(h.url, 'GET', `${BASE}/budget?${query}`, { token: t });
    assert.is(a.status, status, `${query}: ${a.text}`);
    assert.match(a.contentType, /application\/problem\+json/);
  }
  assert.is((await call(h.url, 'GET', '/api/programmes/nope/budget', { token: t })).status, 404);
  assert.is((await call(h.url, 'GET', `${BASE}/budget`, { token: h.tokens.partner })).status, 403);
});

async function download(h: Harness, path: string): Promise<{ response: Response; workbook: ExcelJS.Workbook }> {
  const response = await fetch(h.url + path, { headers: { authorization: `Bearer ${h.tokens.treasurer}` } });
  assert.is(response.status, 200, await response.clone().text());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
  return { response, workbook };
}

http('GET /exports/:workbook.xlsx downloads the workbook, with its filters and provenance', async ({ h }) => {
  const { response, workbook } = await download(h, `${BASE}/exports/budget.xlsx?year=2024&actionId=a08&status=actual`);
  assert.is(response.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.is(response.headers.get('content-disposition'), 'attachment; filename="budget-rafcom-a08-2024.xlsx"');
  const head = await h.socle.store.head();
  assert.is(response.headers.get('x-socle-position'), String(head.position));
  const p = provenanceOf(workbook);
  assert.is(p.get('Position'), String(head.position));
  assert.is(p.get('Empreinte'), head.hash);
  assert.match(p.get('Commande')!, /^npx socle export budget --programme rafcom --year 2024 --action a08 --status actual --as-of \d+ --out budget-rafcom-a08-2024\.xlsx$/);
  const { checkpoint, programme } = await ledgerOf(h.socle, 'rafcom');
  const doc = budgetDocument(checkpoint, programme, { actionId: 'a08', year: 2024, status: 'actual' });
  const budget = sheetOf(workbook, 'Budget');
  assert.is(String(numberAt(budget, rowWith(budget, 2, 'TOTAL DES CHARGES'), 3)), doc.totalsEuros.charges.actual);

  for (const name of ['contributions', 'funding-plan', 'journal']) {
    const { workbook: other } = await download(h, `${BASE}/exports/${name}.xlsx?asOf=300`);
    assert.is(provenanceOf(other).get('Position'), '300');
  }
});

http('GET /exports refuses unknown workbooks, bad filters and partners', async ({ h }) => {
  const t = h.tokens.auditor;
  assert.is((await call(h.url, 'GET', `${BASE}/exports/bilan.xlsx`, { token: t })).status, 404);
  assert.is((await call(h.url, 'GET', `${BASE}/exports/budget.xlsx?status=consolidated`, { token: t })).status, 400);
  assert.is((await call(h.url, 'GET', `${BASE}/exports/journal.xlsx?year=2024`, { token: t })).status, 400);
  assert.is((await call(h.url, 'GET', `${BASE}/exports/funding-plan.xlsx?applicant=nobody`, { token: t })).status, 404);
  assert.is((await call(h.url, 'GET', '/api/programmes/nope/exports/budget.xlsx', { token: t })).status, 404);
  assert.is((await call(h.url, 'GET', `${BASE}/exports/budget.xlsx`, { token: h.tokens.partner })).status, 403);
});

http.run();
