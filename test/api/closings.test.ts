// Closings over HTTP on a real server (issue 16): close 2024, adjust it, read the closed account
// and the budget workbook of 2024 (the closed figures, and the adjustments on their own sheet);
// then refuse adjustments by setting. Figures by hand in the comments.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { loudHooks } from '../support/loud-hooks.ts';
import { call, P, setUpProgramme, staffTime, startHarness, type Harness } from './helpers.ts';

const api = suite<{ h: Harness }>('closings over HTTP', {} as never);
loudHooks(api);
const BASE = `/api/programmes/${P}`;

api.before(async (context) => {
  context.h = await startHarness();
  await setUpProgramme(context.h);
  // c1: 2.5 h × 12.25 = 30.63 (2024-03-01, action a1, piloted by the CCAS).
  assert.is((await call(context.h.url, 'POST', `${BASE}/contributions`, { token: context.h.tokens.coordinator, body: staffTime('c1') })).status, 201);
});
api.after(async ({ h }) => h.stop());

api('the coordinator closes 2024; a partner or an auditor may not', async ({ h }) => {
  for (const token of [h.tokens.partner, h.tokens.auditor, h.tokens.treasurer]) {
    const refused = await call(h.url, 'POST', `${BASE}/closings`, { token, body: { year: 2024, reason: 'x' } });
    assert.is(refused.status, 403, refused.text);
  }
  const head = await h.socle.store.head();
  const closed = await call(h.url, 'POST', `${BASE}/closings`, { token: h.tokens.coordinator, body: { year: 2024, reason: 'compte rendu 2024 envoyé à la CAF' } });
  assert.is(closed.status, 201, closed.text);
  assert.equal(closed.json, { year: 2024, reason: 'compte rendu 2024 envoyé à la CAF', position: head.position, headHash: head.hash });
  const twice = await call(h.url, 'POST', `${BASE}/closings`, { token: h.tokens.coordinator, body: { year: 2024, reason: 'encore' } });
  assert.is(twice.status, 409);
  assert.match(twice.json.detail, /l’année 2024 est déjà close/);
});

api('an adjustment after the closing: the closed account stays, the adjustment is listed with who, why and its effect', async ({ h }) => {
  // c1 corrected to 4 h: 4 × 12.25 = 49.00, +18.37 on 2024's actual figures.
  const corrected = await call(h.url, 'POST', `${BASE}/contributions/c1/corrections`, { token: h.tokens.coordinator, body: { ...staffTime('c1'), quantity: '4', expectedVersion: 1, reason: 'feuille recomptée' } });
  assert.is(corrected.status, 200, corrected.text);
  const account = await call(h.url, 'GET', `${BASE}/closings/2024`, { token: h.tokens.auditor });
  assert.is(account.status, 200, account.text);
  assert.is(account.json.closed.actual.total, '30.63');
  assert.is(account.json.live.actual, '49.00');
  assert.equal(account.json.adjustments.map((a: { change: string; contributionId: string; reason: string; effect: { actual: string } }) => [a.change, a.contributionId, a.reason, a.effect.actual]), [['correction', 'c1', 'feuille recomptée', '18.37']]);
});

api('GET /totals?year=2024 of the closed year answers the closed figures, the live total and the adjustments; with asOf, the plain read', async ({ h }) => {
  const account = (await call(h.url, 'GET', `${BASE}/closings/2024`, { token: h.tokens.auditor })).json;
  const totals = await call(h.url, 'GET', `${BASE}/totals?year=2024`, { token: h.tokens.treasurer });
  assert.is(totals.status, 200, totals.text);
  // Closed: c1 at 2.5 h × 12.25 = 30.63; live: 4 h × 12.25 = 49.00, the correction listed.
  assert.is(totals.json.total, '30.63');
  assert.is(totals.json.asOf.position, account.closing.position, 'stamped at the closing: asOf that position reproduces it');
  assert.is(totals.json.closedYear.live.total, '49.00');
  assert.equal(totals.json.closedYear.adjustments.map((a: { change: string; contributionId: string }) => [a.change, a.contributionId]), [['correction', 'c1']]);
  const live = await call(h.url, 'GET', `${BASE}/totals?year=2024&asOf=${totals.json.closedYear.live.position}`, { token: h.tokens.treasurer });
  assert.is(live.json.total, '49.00');
  assert.is(live.json.closedYear, undefined);
  const open = await call(h.url, 'GET', `${BASE}/totals?year=2025`, { token: h.tokens.treasurer });
  assert.is(open.json.closedYear, undefined, 'an open year: the live figures');
});

api('the budget workbook of 2024 is the closed account, with the sheet « Écarts postérieurs à la clôture »', async ({ h }) => {
  const account = (await call(h.url, 'GET', `${BASE}/closings/2024`, { token: h.tokens.auditor })).json;
  const response = await fetch(`${h.url}${BASE}/exports/budget.xlsx?year=2024`, { headers: { authorization: `Bearer ${h.tokens.treasurer}` } });
  assert.is(response.status, 200, await response.clone().text());
  assert.is(response.headers.get('x-socle-position'), String(account.closing.position));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Écarts postérieurs à la clôture');
  assert.ok(sheet, `sheets: ${workbook.worksheets.map((s) => s.name).join(', ')}`);
  const row = sheet!.getRow(6);
  assert.equal([row.getCell(3).value, row.getCell(4).value, row.getCell(7).value, row.getCell(9).value], ['correction', 'c1', 'feuille recomptée', 18.37]);
  assert.equal([sheet!.getRow(7).getCell(1).value, sheet!.getRow(7).getCell(9).value], ['Chiffres clos', 30.63]);
  assert.equal([sheet!.getRow(8).getCell(1).value, sheet!.getRow(8).getCell(9).value], ['Chiffres actuels', 49]);
});

api('the closed workbook made again at its Provenance position (--as-of the closing) carries the adjustments sheet too; another position does not', async ({ h }) => {
  const account = (await call(h.url, 'GET', `${BASE}/closings/2024`, { token: h.tokens.auditor })).json;
  const sheetsAt = async (query: string) => {
    const response = await fetch(`${h.url}${BASE}/exports/budget.xlsx?${query}`, { headers: { authorization: `Bearer ${h.tokens.treasurer}` } });
    assert.is(response.status, 200, await response.clone().text());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const provenance = workbook.getWorksheet('Provenance')!;
    let command = '';
    provenance.eachRow((row) => {
      if (row.getCell(1).value === 'Commande') command = String(row.getCell(2).value);
    });
    return { sheets: workbook.worksheets.map((w) => w.name), command };
  };
  const closed = await sheetsAt('year=2024');
  assert.match(closed.command, new RegExp(`--as-of ${account.closing.position} `));
  const again = await sheetsAt(`year=2024&asOf=${account.closing.position}`);
  assert.equal(again.sheets, closed.sheets);
  assert.ok(again.sheets.includes('Écarts postérieurs à la clôture'), again.sheets.join(', '));
  const elsewhere = await sheetsAt(`year=2024&asOf=${account.closing.position - 1}`);
  assert.not.ok(elsewhere.sheets.includes('Écarts postérieurs à la clôture'), 'a stamp other than the closing is a plain as-of read');
});

api('refused by setting: an adjustment to 2024 is a 409 in French and writes nothing; 2025 stays open', async ({ h }) => {
  assert.is((await call(h.url, 'POST', `${BASE}/closing-policy`, { token: h.tokens.coordinator, body: { policy: 'refuse' } })).status, 201);
  const head = await h.socle.store.head();
  const refused = await call(h.url, 'POST', `${BASE}/contributions`, { token: h.tokens.coordinator, body: staffTime('c2', { date: '2024-11-02' }) });
  assert.is(refused.status, 409, refused.text);
  assert.match(refused.json.detail, /l’année 2024 est close et le programme refuse les écarts postérieurs à la clôture/);
  assert.equal(await h.socle.store.head(), head, 'nothing written');
  assert.is((await call(h.url, 'POST', `${BASE}/contributions`, { token: h.tokens.coordinator, body: staffTime('c3', { date: '2025-01-15' }) })).status, 201);
  const reopened = await call(h.url, 'POST', `${BASE}/closings/2024/reopening`, { token: h.tokens.coordinator, body: { reason: 'subvention notifiée en retard' } });
  assert.is(reopened.status, 201, reopened.text);
  assert.is((await call(h.url, 'POST', `${BASE}/contributions`, { token: h.tokens.coordinator, body: staffTime('c2', { date: '2024-11-02' }) })).status, 201);
});

api.run();
