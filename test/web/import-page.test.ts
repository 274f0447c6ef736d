// The "Importer" page in headless Chromium against a real `socle serve`: the coordination chooses a
// Windows-1252 CSV, sees the preview (nothing written), imports it, and downloads the refused rows
// as a workbook that exceljs reads back; the same file again imports nothing.
import { needTools } from '../support/tools.ts';
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
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

test.run();
