// The "Importer" page in headless Chromium against a real `socle serve`: the coordination chooses a
// Windows-1252 CSV, sees the preview (nothing written), imports it, and downloads the refused rows
// as a workbook that exceljs reads back; the same file again imports nothing. A file of 20,000 rows
// shows the progress bar: it moves forward through the server's batches, with the rows line, and
// ends, hidden, at the report.
import { needTools } from '../support/tools.ts';
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { Decimal } from 'decimal.js';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, SET_UP } from '../import/setup.ts';
import { navigate, signIn, startStack, type Stack } from './harness.ts';

needTools('chromium');

let stack: Stack;
let token: string;
let page: Page;
const pageErrors: string[] = [];

loudHooks(test);
test.before(async () => {
  stack = await startStack();
  token = stack.token('coordinator', { name: 'Coordination' });
  // The set-up through the API (the set-up pages have their own suite): Acte 3's partners and sites.
  for (const { type, data } of SET_UP) {
    const { programmeId, ...rest } = data as Record<string, unknown> & { programmeId: string };
    const path = type === 'OpenProgramme' ? '/programmes' : `/programmes/${programmeId}/${{ AddPartner: 'partners', RegisterSite: 'sites', DefineAction: 'actions', SetValuationRate: 'rates' }[type as string]}`;
    const body = type === 'OpenProgramme' ? { id: programmeId, ...rest } : Object.fromEntries(Object.entries(rest).map(([k, v]) => [/^(partnerId|siteId|actionId|rateId)$/.test(k) && type !== 'RegisterSite' ? 'id' : k === 'siteId' ? 'id' : k, v]));
    if (type === 'RegisterSite' && 'partnerId' in rest) (body as Record<string, unknown>).partnerId = rest.partnerId;
    const answer = await stack.api(token, 'POST', path, body);
    if (answer.status !== 201) throw new Error(`${type}: ${answer.status} ${JSON.stringify(answer.json)}`);
  }
  ({ page } = await stack.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
test.after(async () => {
  await stack?.stop();
});

test('preview, import, refused rows downloaded; again, nothing imported', async () => {
  await signIn(page, stack.url, token);
  await navigate(page, 'Importer', 'Importer des contributions');
  await page.getByLabel('Fichier (.xlsx, .ods ou .csv)').setInputFiles(join(FIXTURES, 'contributions-1252.csv'));
  await page.getByRole('button', { name: 'Aperçu (sans rien écrire)' }).click();
  await page.locator('.form-status').getByText('5 lignes lues : 3 à importer, 0 déjà importées, 1 refusées, 1 ignorées (essai : rien n’a été écrit)').waitFor();
  assert.match(await page.locator('table').innerText(), /6\s+Date\s+« 31\/02\/2024 » n’est pas une date/);
  const before = await stack.api(token, 'GET', '/programmes/acte3/totals');
  assert.is(before.json.total, '0.00');

  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  await page.locator('.form-status').getByText('5 lignes lues : 3 importées, 0 déjà importées, 1 refusées, 1 ignorées').waitFor();
  // 3.5 h of staff time at 25 € + 2 h of volunteering at 11.65 € + a 1 234.56 € prestation = 87.50 + 23.30 + 1 234.56.
  const after = await stack.api(token, 'GET', '/programmes/acte3/totals?minPosition=1');
  assert.is(after.json.total, '1345.36');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger les lignes refusées (.xlsx)' }).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await download.path())!);
  const sheet = workbook.getWorksheet('Lignes refusées')!;
  assert.equal((sheet.getRow(2).values as unknown[]).slice(1), ['Association Bug', 'Bénévolat', '31/02/2024', '2', '', '', 'Réalisé', 6, 'Date', 'Date : « 31/02/2024 » n’est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ)']);

  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  await page.locator('.form-status').getByText('5 lignes lues : 0 importées, 3 déjà importées, 1 refusées, 1 ignorées').waitFor();
  assert.equal(pageErrors, []);
});

/** 20 000 rows of Association Bug's volunteer time in 2024, (i mod 50) + 1 hours each. */
function bigCsv(rows: number): string {
  const lines = ['Partenaire;Nature;Date;Quantité'];
  for (let i = 0; i < rows; i++) lines.push(`Association Bug;Bénévolat;${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/2024;${(i % 50) + 1}`);
  return lines.join('\n');
}

test('a large file: the progress bar moves forward with the rows line, and ends at the report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'socle-import-page-'));
  try {
    const file = join(dir, 'benevolat-2024.csv');
    writeFileSync(file, bigCsv(20_000));
    await page.getByLabel('Fichier (.xlsx, .ods ou .csv)').setInputFiles(file);
    // Every change of the bar (its value, shown or hidden) and of the status line, as the page makes them.
    await page.evaluate(() => {
      const bar = document.querySelector('progress')!;
      const status = document.querySelector('.form-status') as HTMLElement;
      const seen: { value: number; hidden: boolean; status: string }[] = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      const record = () => seen.push({ value: bar.value, hidden: bar.hidden === true, status: status.innerText.trim() });
      new MutationObserver(record).observe(bar, { attributes: true });
      new MutationObserver(record).observe(status, { childList: true, subtree: true, characterData: true });
    });
    const before = await stack.api(token, 'GET', '/programmes/acte3/totals?minPosition=1');
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    // Every count the French way, the report's as the rows line's: « 20 000 » with a narrow no-break space.
    await page.locator('.form-status').getByText('20\u202f000 lignes lues : 20\u202f000 importées, 0 déjà importées, 0 refusées').waitFor({ timeout: 120_000 });
    const seen = await page.evaluate(() => (window as unknown as { seen: { value: number; hidden: boolean; status: string }[] }).seen);

    const shown = seen.filter((s) => !s.hidden);
    const values = shown.map((s) => s.value);
    // Forward only, from 0 to 1, through values in between: the upload's share (0.3), then the batches'.
    for (let i = 1; i < values.length; i++) assert.ok(values[i]! >= values[i - 1]!, `the bar went back: ${values.join(', ')}`);
    assert.is(values[0], 0);
    assert.is(values.at(-1), 1);
    const between = new Set(values.filter((v) => v > 0.3 && v < 1));
    assert.ok(between.size >= 2, `the bar moved through the batches: ${values.join(', ')}`);
    // The rows line as the server's batches go (500 rows a batch, 20 000 in all, counted by the first pass).
    const rowsLines = seen.map((s) => s.status).filter((text) => /lignes lues sur/.test(text));
    assert.ok(rowsLines.length >= 2, seen.map((s) => s.status).join(' | '));
    for (const line of rowsLines) assert.match(line, /^[\d\u202f\u00a0 ]+ lignes lues sur 20\u202f000, [\d\u202f\u00a0 ]+ importées…$/);
    // It ends at the report: the bar hidden once the summary is shown, and never shown again.
    const last = seen.at(-1)!;
    assert.equal([last.hidden, last.status], [true, '20\u202f000 lignes lues : 20\u202f000 importées, 0 déjà importées, 0 refusées']);
    assert.is(seen.findIndex((s) => s.hidden && s.status.startsWith('20\u202f000 lignes lues :')) >= seen.findIndex((s) => s.value === 1), true);
    // 20 000 rows of (i mod 50) + 1 hours: 400 runs of 1 + … + 50 = 400 × 1 275 = 510 000 h at 11.65 € = 5 941 500.00 €.
    const after = await stack.api(token, 'GET', `/programmes/acte3/totals?minPosition=1`);
    assert.is(new Decimal(after.json.total).minus(before.json.total).toFixed(2), '5941500.00');
    console.log(`bar values: ${values.map((v) => v.toFixed(3)).join(' ')}; ${rowsLines.length} rows lines`);
    assert.equal(pageErrors, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
