// asOfDate over HTTP, on a real server and a SQLite ledger: every read that takes asOf takes a date
// too, answers the position it resolved to and the date asked, and refuses a bad date with one
// problem in French (nothing written). A partner reads by position only.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { loudHooks } from '../support/loud-hooks.ts';
import { call, P, setUpProgramme, staffTime, startHarness, type Harness } from './helpers.ts';
import { collect } from '../store/contract.ts';
import type { RecordedEvent } from '../../src/store/port.ts';

const api = suite<{ h: Harness; events: RecordedEvent[] }>('asOfDate over HTTP', {} as never);
loudHooks(api);

const BASE = `/api/programmes/${P}`;

api.before(async (context) => {
  context.h = await startHarness();
  await setUpProgramme(context.h);
  for (const id of ['c1', 'c2', 'c3']) {
    const a = await call(context.h.url, 'POST', `${BASE}/contributions`, { token: context.h.tokens.coordinator, body: staffTime(id) });
    assert.is(a.status, 201, a.text);
    // recordedAt has millisecond steps: make each contribution's instant its own.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  context.events = await collect(context.h.socle.store.readAll());
});
api.after(async ({ h }) => h.stop());

api('totals, budget, programme and contributions as of the instant c2 was recorded: its position, with the date asked', async ({ h, events }) => {
  const c2 = events.find((e) => e.type === 'ContributionRecorded' && (e.data as { contributionId: string }).contributionId === 'c2')!;
  const asked = encodeURIComponent(c2.recordedAt);
  const stamp = { position: c2.position, headHash: c2.hash, asked: { date: c2.recordedAt, instant: c2.recordedAt } };
  for (const path of [`totals?asOfDate=${asked}`, `budget?asOfDate=${asked}`, `?asOfDate=${asked}`, `contributions?asOfDate=${asked}`]) {
    const a = await call(h.url, 'GET', `${BASE}${path.startsWith('?') ? '' : '/'}${path}`, { token: h.tokens.auditor });
    assert.is(a.status, 200, `${path}: ${a.text}`);
    assert.equal(a.json.asOf, stamp, path);
  }
  // By hand: c1 and c2, 2.5 h × 12.25 = 30.625 → 30.63 each.
  const totals = await call(h.url, 'GET', `${BASE}/totals?asOfDate=${asked}`, { token: h.tokens.treasurer });
  assert.is(totals.json.total, '61.26');
  const byPosition = await call(h.url, 'GET', `${BASE}/totals?asOf=${c2.position}`, { token: h.tokens.treasurer });
  assert.equal({ ...totals.json, asOf: { position: totals.json.asOf.position, headHash: totals.json.asOf.headHash } }, byPosition.json);
  const list = await call(h.url, 'GET', `${BASE}/contributions?asOfDate=${asked}`, { token: h.tokens.coordinator });
  assert.equal(list.json.contributions.map((c: { id: string }) => c.id), ['c1', 'c2']);
  const one = await call(h.url, 'GET', `${BASE}/contributions/c1?asOfDate=${asked}`, { token: h.tokens.coordinator });
  assert.equal(one.json.asOf, stamp);
});

api('a workbook as of a date: made at the position it resolved to, its Provenance names both', async ({ h, events }) => {
  const c1 = events.find((e) => e.type === 'ContributionRecorded')!;
  const response = await fetch(`${h.url}${BASE}/exports/journal.xlsx?asOfDate=${encodeURIComponent(c1.recordedAt)}`, { headers: { authorization: `Bearer ${h.tokens.auditor}` } });
  assert.is(response.status, 200, await response.clone().text());
  assert.is(response.headers.get('x-socle-position'), String(c1.position));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
  const rows = new Map<string, string>();
  workbook.getWorksheet('Provenance')!.eachRow((row) => rows.set(String(row.getCell(1).value), String(row.getCell(2).value)));
  assert.is(rows.get('Position'), String(c1.position));
  assert.is(rows.get('Date demandée'), `${c1.recordedAt} (jusqu’à ${c1.recordedAt}) : position ${c1.position}, le dernier événement enregistré à cet instant ou avant`);
  assert.match(rows.get('Commande')!, new RegExp(`--as-of ${c1.position} `));
});

api('bad dates: one 400 problem in French naming query.asOfDate or asOfDate; a partner is refused a date; nothing written', async ({ h }) => {
  const head = await h.socle.store.head();
  const cases: [string, number, RegExp][] = [
    ['totals?asOfDate=31%2F01%2F2025', 400, /attendu une date AAAA-MM-JJ/],
    ['totals?asOfDate=2020-01-01', 400, /précède le premier événement du programme p1/],
    ['budget?asOfDate=2999-01-01', 400, /est dans le futur/],
    ['exports/budget.xlsx?asOfDate=2999-01-01T00:00Z', 400, /est dans le futur/],
    ['totals?asOf=3&asOfDate=2025-01-01', 400, /pas les deux/],
    ['contributions?asOfDate=2020-01-01', 400, /précède/],
  ];
  for (const [path, status, detail] of cases) {
    const a = await call(h.url, 'GET', `${BASE}/${path}`, { token: h.tokens.coordinator });
    assert.is(a.status, status, `${path}: ${a.text}`);
    assert.ok(a.contentType.startsWith('application/problem+json'), path);
    assert.match(a.json.detail + JSON.stringify(a.json.errors), detail, path);
    assert.ok(a.json.errors.some((e: { path: string }) => /asOfDate$/.test(e.path)), `${path} names asOfDate: ${a.text}`);
  }
  const partner = await call(h.url, 'GET', `${BASE}/totals?asOfDate=2025-01-01`, { token: h.tokens.partner });
  assert.is(partner.status, 403, partner.text);
  assert.match(partner.json.detail, /un partenaire lit le registre à une de ses positions/);
  assert.equal(await h.socle.store.head(), head, 'nothing written');
});

api.run();
