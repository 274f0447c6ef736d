// The overflow attack of [limits], played by a partner token: contributions at the largest value
// the limits allow (10 000 hours at 1 000 € = 10 000 000.00 €), some at the partner's own rate and
// some revalued later by the dearest programme rate, up to the cap on contributions per programme
// (lowered here so that the cap is reached; the real cap and the bound that makes every sum exact
// are asserted in src/domain/limits.ts). Every read still answers exact figures, the write past the
// cap is refused and writes nothing, and after a restart the server, `socle totals` and `socle export`
// all open the ledger.
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { startServer, type RunningServer } from '../../src/api/server.ts';
import { Socle } from '../../src/app/socle.ts';
import { TokenStore } from '../../src/auth/token-store.ts';
import { MAX_CONTRIBUTIONS_PER_PROGRAMME, MAX_VALUE_EUR } from '../../src/domain/limits.ts';
import { call, createTokens, P, setUpProgramme, type Harness } from './helpers.ts';
import { socle as cli } from '../cli/run-cli.ts';

const CAP = 120;
const OWN_RATE = 60; // recorded at the partner's own rate of 1 000 €
const LATER_RATE = CAP - OWN_RATE; // recorded at 12.25 €, revalued to 1 000 € by a later rate

const overflow = suite<{ h: Harness; dir: string }>('overflow attack: the largest values up to the cap');

async function start(dir: string): Promise<Harness> {
  const tokenStore = TokenStore.open({ dataDir: dir });
  const socle = await Socle.open({ dataDir: dir, maxContributionsPerProgramme: CAP });
  const server: RunningServer = await startServer({ socle, tokens: tokenStore, host: '127.0.0.1', port: 0, webDir: null });
  return { dir, url: server.url, socle, tokenStore, server, tokens: createTokens(tokenStore), stop: () => server.close() };
}

loudHooks(overflow);
overflow.before(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'socle-overflow-'));
  ctx.h = await start(ctx.dir);
  await setUpProgramme(ctx.h);
});
overflow.after(async (ctx) => {
  await ctx.h.stop();
  rmSync(ctx.dir, { recursive: true, force: true });
});

const C = `/api/programmes/${P}/contributions`;
const dearest = (id: string, ownRate: boolean) => ({
  id,
  partnerId: 'ccas',
  kind: 'staff_time',
  status: 'actual',
  date: '2024-03-01',
  quantity: '10000',
  actionId: 'a1',
  ...(ownRate && { rate: '1000', rateBasis: 'tarif plafond' }),
});

// CAP × 10 000 000.00 €, written out by hand: 120 × 10^7 = 1 200 000 000.00 €.
const EXPECTED_TOTAL = '1200000000.00';

overflow('the cap and the largest value agree with the bound the read model needs', () => {
  // 10^6 contributions × 10^9 cents = 10^15 cents < 2^53 − 1 = 9 007 199 254 740 991.
  assert.is(MAX_CONTRIBUTIONS_PER_PROGRAMME, 1_000_000);
  assert.is(MAX_VALUE_EUR, '10000000');
  assert.ok(10n ** 15n < BigInt(Number.MAX_SAFE_INTEGER));
  assert.is(BigInt(CAP) * 10_000_000n, BigInt(EXPECTED_TOTAL.slice(0, -3)));
});

overflow('a partner records the largest values up to the cap; the next is refused and writes nothing', async ({ h }) => {
  const bodies = [
    ...Array.from({ length: OWN_RATE }, (_, i) => dearest(`own-${i}`, true)),
    ...Array.from({ length: LATER_RATE }, (_, i) => dearest(`later-${i}`, false)),
  ];
  // Eight in flight at a time, as a hostile client would push them.
  for (let i = 0; i < bodies.length; i += 8) {
    const answers = await Promise.all(bodies.slice(i, i + 8).map((body) => call(h.url, 'POST', C, { token: h.tokens.partner, body })));
    for (const a of answers) assert.is(a.status, 201, a.text);
  }
  // The dearest programme rate, set later, revalues the 60 recorded at 12.25 € to 1 000 € each.
  const rate = await call(h.url, 'POST', `/api/programmes/${P}/rates`, {
    token: h.tokens.coordinator,
    body: { id: 'r-top', kind: 'staff_time', unit: 'hour', amount: '1000', validFrom: '2024-01-01', basis: 'tarif plafond' },
  });
  assert.is(rate.status, 201, rate.text);

  const head = await h.socle.store.head();
  const refused = await call(h.url, 'POST', C, { token: h.tokens.partner, body: dearest('one-too-many', true) });
  assert.is(refused.status, 409, refused.text);
  assert.match(refused.json.detail, `le programme compte déjà ${CAP} contributions`);
  assert.equal(await h.socle.store.head(), head, 'the refused write wrote nothing');
  // Repeating a recorded one is still harmless: the same answer, nothing new.
  const repeat = await call(h.url, 'POST', C, { token: h.tokens.partner, body: dearest('own-0', true) });
  assert.is(repeat.status, 201, repeat.text);
  assert.equal(await h.socle.store.head(), head);
});

async function assertExactEverywhere(h: Harness): Promise<void> {
  for (const token of [h.tokens.partner, h.tokens.coordinator]) {
    const totals = await call(h.url, 'GET', `/api/programmes/${P}/totals`, { token });
    assert.is(totals.status, 200, totals.text);
    assert.is(totals.json.total, EXPECTED_TOTAL);
  }
  const budget = await call(h.url, 'GET', `/api/programmes/${P}/budget?applicant=ccas`, { token: h.tokens.treasurer });
  assert.is(budget.status, 200, budget.text);
  const workbook = await fetch(`${h.url}/api/programmes/${P}/exports/contributions.xlsx`, { headers: { authorization: `Bearer ${h.tokens.treasurer}` } });
  assert.is(workbook.status, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await workbook.arrayBuffer()) as never);
  // The "Valeur (€)" column of the contributions sheet, whatever row its header sits on.
  const sheet = book.worksheets[0]!;
  let valueColumn = 0;
  let euros = 0n;
  let rows = 0;
  sheet.eachRow((row) => {
    const values = row.values as unknown[];
    if (valueColumn === 0) {
      valueColumn = values.indexOf('Valeur (€)');
      return;
    }
    if (values[valueColumn] === 10_000_000) {
      euros += 10_000_000n;
      rows += 1;
    }
  });
  assert.is(rows, CAP, 'each contribution shows its 10 000 000 € value');
  assert.is(`${euros}.00`, EXPECTED_TOTAL);
}

overflow('every read answers exact figures at the cap', async ({ h }) => {
  await assertExactEverywhere(h);
});

overflow('after a restart the server, socle totals and socle export open the ledger', async (ctx) => {
  await ctx.h.stop();
  ctx.h = await start(ctx.dir);
  await assertExactEverywhere(ctx.h);
  await ctx.h.stop();
  const totals = cli(['totals', '--data', ctx.dir, '--programme', P]);
  assert.is(totals.status, 0, totals.stderr);
  assert.is(JSON.parse(totals.stdout).total, EXPECTED_TOTAL);
  const out = join(ctx.dir, 'budget.xlsx');
  const exported = cli(['export', 'budget', '--data', ctx.dir, '--programme', P, '--applicant', 'ccas', '--out', out]);
  assert.is(exported.status, 0, exported.stderr);
  ctx.h = await start(ctx.dir);
});

overflow.run();
