// The pages end to end, in headless Chromium against a real `socle serve` on an empty data
// directory: the coordination sets up a programme through the set-up forms, a partner records a
// contribution (seeing its value before sending, and the API's field error next to the field), then
// corrects it with a reason; the coordination validates it from the queue; the dashboard shows the new
// total and shares; a treasurer downloads the budget workbook, which opens. The token never appears
// in an address or in the server's log. Expected figures are computed here from the typed inputs with
// the domain's own decimal functions, and checked against both the page and the API.
import { needTools } from '../support/tools.ts';
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { Decimal, roundCentsHalfAwayFromZero, sharesByLargestRemainder } from '../../src/domain/money.ts';
import { navigate, settled, signIn, startStack, type Stack } from './harness.ts';

// Without Chromium: one "not run" line (a failure under CI=true or SOCLE_REQUIRE_TOOLS=1).
needTools('chromium');

const PROGRAMME = 'reseau';
const RATE = '12.25';
const FIRST_HOURS = '2.5';
const CORRECTED_HOURS = '3';
const CCAS_CASH = '1000.00';

// French money as Intl prints it from an exact decimal string (no float): "1 036,75 €".
const euros = (amount: Decimal) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(amount.toFixed(2) as unknown as number);
const percent = (share: string) => `${share.replace('.', ',')}\u00a0%`;
const frDecimal = (text: string) => text.replace('.', ',');

let stack: Stack;
let coordinatorToken: string;
let partnerToken: string;
const contexts: BrowserContext[] = [];
/** Every address any page asked for, to prove the token never travels in one. */
const requestedUrls: string[] = [];
let coordinator: Page;
let partner: Page;
let contributionId = '';

/** Script errors and console errors (a refused Content-Security-Policy among them) of every page. */
const pageErrors: string[] = [];

async function openPage(): Promise<Page> {
  const { context, page } = await stack.newPage();
  context.on('request', (request) => requestedUrls.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Answers with a 4xx status are expected (a refused date); Chromium logs each as a console error.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
  });
  contexts.push(context);
  return page;
}

loudHooks(test);
test.before(async () => {
  stack = await startStack();
  coordinatorToken = stack.token('coordinator', { name: 'Coordination du réseau' });
  coordinator = await openPage();
});

test.after(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await stack?.stop();
});

test('the coordination opens a programme and sets it up through the set-up forms', async () => {
  await signIn(coordinator, stack.url, coordinatorToken);
  assert.match(await coordinator.locator('main').innerText(), /Aucun programme/);
  await navigate(coordinator, 'Paramétrage', 'Paramétrage');

  // No programme yet: the opening form is already unfolded.
  await coordinator.getByLabel('Nom').fill('Réseau d’inclusion numérique du pays test');
  await coordinator.getByLabel('Début').fill('01/01/2024');
  await coordinator.getByLabel('Fin').fill('31/12/2026');
  await coordinator.getByLabel('Identifiant').fill(PROGRAMME);
  await coordinator.getByRole('button', { name: 'Ajouter' }).click();
  await coordinator.getByText('Programme « Réseau d’inclusion numérique du pays test » ouvert.').waitFor();
  assert.is(await coordinator.getByLabel('Programme', { exact: true }).inputValue(), PROGRAMME);

  const add = async (summary: string, fill: (form: ReturnType<Page['locator']>) => Promise<void>, done: string) => {
    await coordinator.getByText(summary, { exact: true }).click();
    const form = coordinator.locator('details[open] form');
    await fill(form);
    await form.getByRole('button', { name: 'Ajouter' }).click();
    await coordinator.getByText(done).waitFor();
    await settled(coordinator);
  };
  await add(
    'Ajouter un partenaire',
    async (form) => {
      await form.getByLabel('Nom').fill('Commune de Janzé');
      await form.getByLabel('Catégorie').selectOption('commune');
      // The id fills itself from the name.
      assert.is(await form.getByLabel('Identifiant').inputValue(), 'commune-de-janze');
      await form.getByLabel('Identifiant').fill('janze');
    },
    'Partenaire « Commune de Janzé » ajouté.',
  );
  await add(
    'Ajouter un partenaire',
    async (form) => {
      await form.getByLabel('Nom').fill('CCAS de Janzé');
      await form.getByLabel('Catégorie').selectOption('ccas');
      await form.getByLabel('Identifiant').fill('ccas');
    },
    'Partenaire « CCAS de Janzé » ajouté.',
  );
  await add(
    'Ajouter un axe',
    async (form) => {
      await form.getByLabel('Intitulé').fill('Favoriser l’autonomie numérique');
      await form.getByLabel('Identifiant').fill('axe1');
    },
    'Axe « Favoriser l’autonomie numérique » ajouté.',
  );
  await add(
    'Ajouter une action',
    async (form) => {
      await form.getByLabel('Intitulé').fill('Ateliers d’initiation');
      await form.getByLabel('Axe (facultatif)').selectOption('axe1');
      await form.getByLabel('Partenaire pilote (facultatif)').selectOption('janze');
      await form.getByLabel('Identifiant').fill('a01');
    },
    'Action 1 « Ateliers d’initiation » ajoutée.',
  );
  await add(
    'Ajouter un taux',
    async (form) => {
      await form.getByLabel('Nature de contribution').selectOption('volunteer_time');
      await form.getByLabel('Montant en euros par unité').fill(frDecimal(RATE));
      await form.getByLabel('Valable à partir du').fill('01/01/2024');
      await form.getByLabel('Base de calcul').fill('Taux horaire du bénévolat voté par le COPIL');
      await form.getByLabel('Identifiant').fill('benevolat');
    },
    'Taux « Taux horaire du bénévolat voté par le COPIL » ajouté.',
  );

  const { json: setup } = await stack.api(coordinatorToken, 'GET', `/programmes/${PROGRAMME}`);
  assert.equal(
    setup.partners.map((p: { id: string; category: string }) => [p.id, p.category]).sort(),
    [
      ['ccas', 'ccas'],
      ['janze', 'commune'],
    ],
  );
  assert.equal(setup.actions.map((a: { id: string; number: number; pilotPartnerId: string }) => [a.id, a.number, a.pilotPartnerId]), [['a01', 1, 'janze']]);
  assert.equal(setup.rates.map((r: { kind: string; unit: string; amount: string }) => [r.kind, r.unit, r.amount]), [['volunteer_time', 'hour', RATE]]);

  // Another partner's money, recorded through the API as any client could.
  const cash = await stack.api(coordinatorToken, 'POST', `/programmes/${PROGRAMME}/contributions`, {
    id: 'ccas-subvention',
    partnerId: 'ccas',
    kind: 'cash',
    status: 'actual',
    date: '2024-05-02',
    amount: CCAS_CASH,
    actionId: 'a01',
  });
  assert.is(cash.status, 201, JSON.stringify(cash.json));
});

test('a partner records a contribution: the kind sets the unit, the value shows before sending, API field errors land next to their field', async () => {
  partnerToken = stack.token('partner', { partner: 'janze', name: 'Mairie de Janzé' });
  partner = await openPage();
  await signIn(partner, stack.url, partnerToken);
  await navigate(partner, 'Nouvelle contribution', 'Nouvelle contribution');

  await partner.getByLabel('Nature de la contribution').selectOption('volunteer_time');
  assert.is(await partner.locator('#unit-output').innerText(), 'heures');
  assert.is(await partner.getByLabel('Quantité (en heures)').count(), 1);
  await partner.getByLabel('Quantité (en heures)').fill(frDecimal(FIRST_HOURS));
  // Outside the programme: the server refuses it, and says so next to the date.
  await partner.getByLabel('Date (ou début de la période)').fill('01/02/2027');
  await partner.getByLabel('Action (facultatif)').selectOption('a01');
  await partner.getByLabel('Justificatif (facultatif)').fill('Feuille d’émargement du 12 mars');

  const expectedFirst = roundCentsHalfAwayFromZero(new Decimal(FIRST_HOURS).times(RATE));
  // No rate is in force after the programme: the preview says the date is outside it, shows no value.
  assert.match(await partner.locator('.value-preview').innerText(), /hors de la période du programme \(du 01\/01\/2024 au 31\/12\/2026\)/);
  assert.is(await partner.getByTestId('preview-amount').count(), 0);

  await partner.getByRole('button', { name: 'Enregistrer la contribution' }).click();
  const dateField = partner.locator('[data-field="date"]');
  await dateField.locator('.field-error:not([hidden])').waitFor();
  assert.match(await dateField.locator('.field-error').innerText(), /hors de la période du programme \(du 01\/01\/2024 au 31\/12\/2026\)/);
  assert.is(await partner.getByLabel('Date (ou début de la période)').getAttribute('aria-invalid'), 'true');
  assert.ok(await partner.locator('.error-summary').evaluate((el) => el === document.activeElement), 'the error summary takes the focus');
  const listed = await stack.api(partnerToken, 'GET', `/programmes/${PROGRAMME}/contributions`);
  assert.is(listed.json.total, 0, 'nothing was written');

  await partner.getByLabel('Date (ou début de la période)').fill('12/03/2024');
  assert.is(await partner.getByTestId('preview-amount').innerText(), euros(expectedFirst));
  await partner.getByRole('button', { name: 'Enregistrer la contribution' }).click();
  const saved = partner.locator('.notice-ok');
  await saved.waitFor();
  assert.match(await saved.innerText(), new RegExp(`Contribution enregistrée\\. Valeur : ${euros(expectedFirst)}`));
  const href = await saved.getByRole('link').getAttribute('href');
  contributionId = decodeURIComponent(/^#\/contribution\/(.+)$/.exec(href ?? '')?.[1] ?? '');
  assert.ok(contributionId, 'the notice links to the contribution');

  const { json } = await stack.api(partnerToken, 'GET', `/programmes/${PROGRAMME}/contributions/${contributionId}`);
  assert.is(json.quantity, FIRST_HOURS);
  assert.is(json.unit, 'hour');
  assert.is(json.date, '2024-03-12');
  assert.is(json.value, expectedFirst.toFixed(2));
  assert.is(json.version, 1);
});

test('the partner sees it among its own contributions and corrects it with a reason; the history shows both steps', async () => {
  await navigate(partner, 'Mes contributions', 'Mes contributions');
  const rows = partner.locator('table.data tbody tr');
  assert.is(await rows.count(), 1, 'a partner sees only its own contributions');
  await rows.first().getByRole('link').click();
  await partner.getByRole('heading', { level: 1, name: 'Contribution du 12/03/2024 — Temps bénévole' }).waitFor();
  await partner.getByRole('link', { name: 'Corriger' }).click();
  await partner.getByRole('heading', { level: 1, name: 'Corriger la contribution du 12/03/2024' }).waitFor();

  // The form comes back filled with the current content.
  assert.is(await partner.getByLabel('Quantité (en heures)').inputValue(), frDecimal(FIRST_HOURS));
  await partner.getByLabel('Quantité (en heures)').fill(CORRECTED_HOURS);
  const expected = roundCentsHalfAwayFromZero(new Decimal(CORRECTED_HOURS).times(RATE));
  assert.is(await partner.getByTestId('preview-amount').innerText(), euros(expected));
  // A correction without its reason is refused before anything is sent.
  await partner.getByRole('button', { name: 'Enregistrer la correction' }).click();
  await partner.locator('[data-field="reason"] .field-error:not([hidden])').waitFor();
  await partner.getByLabel('Motif de la correction').fill('Trois heures d’atelier, pas deux et demie');
  await partner.getByRole('button', { name: 'Enregistrer la correction' }).click();

  await partner.getByRole('heading', { level: 1, name: 'Contribution du 12/03/2024 — Temps bénévole' }).waitFor();
  assert.match(await partner.locator('.notice-ok').innerText(), new RegExp(`Correction enregistrée\\. Nouvelle valeur : ${euros(expected)}`));
  const history = partner.locator('.timeline > li');
  assert.is(await history.count(), 2);
  assert.match(await history.nth(0).innerText(), /^Enregistrée le .+ par Mairie de Janzé \(partenaire\)/);
  const correction = await history.nth(1).innerText();
  assert.match(correction, /^Corrigée le .+ par Mairie de Janzé \(partenaire\)/);
  assert.match(correction, /Motif : Trois heures d’atelier, pas deux et demie/);
  assert.match(correction, new RegExp(`Quantité : ${frDecimal(FIRST_HOURS)} → ${CORRECTED_HOURS}`));

  const { json } = await stack.api(partnerToken, 'GET', `/programmes/${PROGRAMME}/contributions/${contributionId}`);
  assert.is(json.version, 2);
  assert.is(json.quantity, CORRECTED_HOURS);
  assert.is(json.value, expected.toFixed(2));
  assert.is(json.review, 'pending');
});

test('the coordination validates it from the queue', async () => {
  await navigate(coordinator, 'À valider', 'Contributions à valider');
  const item = coordinator.locator(`li[data-contribution="${contributionId}"]`);
  assert.match(await item.innerText(), /Commune de Janzé — Temps bénévole/);
  assert.match(await item.innerText(), /Version\s:\s2 \(corrigée\)/);
  await item.getByRole('button', { name: /^Valider/ }).click();
  await coordinator.locator('.notice-ok', { hasText: 'validée' }).waitFor();
  assert.is(await item.count(), 0, 'the validated contribution leaves the queue');
  assert.is(await coordinator.locator('li[data-contribution="ccas-subvention"]').count(), 1, 'the other one still waits');

  const { json } = await stack.api(coordinatorToken, 'GET', `/programmes/${PROGRAMME}/contributions/${contributionId}`);
  assert.is(json.review, 'validated');
  assert.is(json.version, 3);
});

test('the dashboard shows the new total, the partner’s share and the others’ as one published line', async () => {
  const janze = roundCentsHalfAwayFromZero(new Decimal(CORRECTED_HOURS).times(RATE));
  const ccas = new Decimal(CCAS_CASH);
  const total = janze.plus(ccas);
  const shares = sharesByLargestRemainder([
    ['ccas', ccas],
    ['janze', janze],
  ]);

  // A partner sees the others only as published (docs/api.md, Confidentialité): the coordination publishes.
  const published = await stack.api(coordinatorToken, 'POST', `/programmes/${PROGRAMME}/publications`, { id: 'copil-1' });
  assert.is(published.status, 201);
  await navigate(partner, 'Tableau de bord', 'Tableau de bord');
  assert.is(await partner.getByTestId('total').innerText(), euros(total));
  assert.is(await partner.locator('li[data-partner="janze"] [data-testid="share"]').innerText(), percent(shares.get('janze')!));
  assert.is(await partner.locator('li[data-partner="others"] [data-testid="share"]').innerText(), percent(shares.get('ccas')!));
  assert.match(await partner.locator('li[data-partner="others"]').innerText(), /Autres partenaires \(publication copil-1\)/);
  assert.is(await partner.locator('li[data-partner="ccas"]').count(), 0, 'no other partner named');
  assert.match(await partner.locator('li[data-partner="janze"]').innerText(), /Commune de Janzé \(vous\)/);
  // Planned against actual for the action: its own contributions only (its one actual one, on action 1).
  assert.match(await partner.locator('tr[data-action="a01"]').innerText(), new RegExp(`${euros(new Decimal(0))}\\s+${euros(janze)}`));

  // Validated only: the coordinator has validated the partner's contribution, not the CCAS's.
  await partner.getByLabel('Comptées').selectOption('validated');
  await partner.getByRole('button', { name: 'Afficher' }).click();
  await settled(partner);
  assert.is(await partner.getByTestId('total').innerText(), euros(janze));
  assert.is(await partner.locator('li[data-partner="janze"] [data-testid="share"]').innerText(), percent('100.00'));

  const { json: totals } = await stack.api(coordinatorToken, 'GET', `/programmes/${PROGRAMME}/totals`);
  assert.is(totals.total, total.toFixed(2));
  assert.equal(
    totals.byPartner.map((p: { partnerId: string; share: string }) => [p.partnerId, p.share]),
    [
      ['ccas', shares.get('ccas')],
      ['janze', shares.get('janze')],
    ],
  );
});

test('the partner withdraws a contribution with a reason; it can no longer be changed', async () => {
  const recorded = await stack.api(partnerToken, 'POST', `/programmes/${PROGRAMME}/contributions`, {
    id: 'janze-doublon',
    partnerId: 'janze',
    kind: 'volunteer_time',
    status: 'actual',
    date: '2024-03-19',
    quantity: '2',
  });
  assert.is(recorded.status, 201, JSON.stringify(recorded.json));
  await partner.goto(`${stack.url}/#/contribution/janze-doublon`);
  await partner.getByRole('heading', { level: 1, name: 'Contribution du 19/03/2024 — Temps bénévole' }).waitFor();
  await partner.getByRole('button', { name: 'Retirer…' }).click();
  // The reason field takes the focus; an empty reason is refused before sending.
  assert.ok(await partner.getByLabel('Motif du retrait').evaluate((el) => el === document.activeElement));
  await partner.getByRole('button', { name: 'Confirmer le retrait' }).click();
  await partner.locator('[data-field="reason"] .field-error:not([hidden])').waitFor();
  await partner.getByLabel('Motif du retrait').fill('Saisie en double de l’atelier du 12 mars');
  await partner.getByRole('button', { name: 'Confirmer le retrait' }).click();
  await partner.locator('.notice-ok', { hasText: 'Contribution retirée.' }).waitFor();
  assert.match(await partner.locator('.facts').innerText(), /Validation\s+Retirée/);
  assert.match(await partner.locator('.timeline > li').nth(1).innerText(), /^Retirée le [^\n]+\n+Motif : Saisie en double de l’atelier du 12 mars$/);
  assert.is(await partner.getByRole('link', { name: 'Corriger' }).count(), 0, 'a withdrawn contribution cannot be corrected');
  const { json } = await stack.api(partnerToken, 'GET', `/programmes/${PROGRAMME}/contributions/janze-doublon`);
  assert.is(json.review, 'withdrawn');
});

test('the coordination rejects a contribution from the queue, with a reason', async () => {
  await navigate(coordinator, 'À valider', 'Contributions à valider');
  const item = coordinator.locator('li[data-contribution="ccas-subvention"]');
  await item.getByRole('button', { name: /^Rejeter/ }).click();
  await item.getByLabel('Motif du rejet').fill('Convention non signée');
  await item.getByRole('button', { name: 'Confirmer le rejet' }).click();
  await coordinator.locator('.notice-ok', { hasText: 'rejetée' }).waitFor();
  assert.is(await item.count(), 0);
  const { json } = await stack.api(coordinatorToken, 'GET', `/programmes/${PROGRAMME}/contributions/ccas-subvention`);
  assert.is(json.review, 'rejected');
  assert.is(json.history.at(-1).reason, 'Convention non signée');
});

test('a treasurer downloads the budget workbook, which opens', async () => {
  const treasurerToken = stack.token('treasurer', { name: 'Trésorerie' });
  const treasurer = await openPage();
  await signIn(treasurer, stack.url, treasurerToken);
  await navigate(treasurer, 'Classeurs', 'Classeurs pour les financeurs');
  await treasurer.getByLabel('Année').selectOption('2024');

  // Either the file arrives, or the page says why not (and the test says it at once).
  const arrived = treasurer.waitForEvent('download', { timeout: 60_000 });
  const refused = treasurer.locator('.form-status .notice-error').waitFor({ timeout: 60_000 });
  arrived.catch(() => {});
  refused.catch(() => {});
  await treasurer.locator('button[data-workbook="budget"]').click();
  const first = await Promise.race([arrived.then((d) => ({ download: d })), refused.then(() => ({ download: null }))]);
  if (!first.download) throw new Error(`no workbook: ${await treasurer.locator('.form-status').innerText()}`);
  const download = first.download;
  const dir = mkdtempSync(join(tmpdir(), 'socle-web-download-'));
  try {
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    assert.ok(statSync(file).size > 0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const names = workbook.worksheets.map((s) => s.name);
    // The network's applicants are a commune and a CCAS: their form is the plan de financement.
    assert.equal(names, ['Plan de financement', 'Contrôles', 'Provenance']);
    const provenance: string[] = [];
    workbook.getWorksheet('Provenance')!.eachRow((row) => provenance.push(row.values ? JSON.stringify(row.values) : ''));
    assert.match(provenance.join('\n'), new RegExp(PROGRAMME));
    assert.match(provenance.join('\n'), /2024/, 'the year filter reached the export');
    await treasurer.locator('.notice-ok', { hasText: 'téléchargé' }).waitFor();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // The treasury's dashboard lists the budget's failed funding checks, the same the API reports.
  await navigate(treasurer, 'Tableau de bord', 'Tableau de bord');
  const { json: budget } = await stack.api(treasurerToken, 'GET', `/programmes/${PROGRAMME}/budget?status=actual`);
  const failed = budget.checks.filter((c: { passed: boolean }) => !c.passed).map((c: { id: string }) => c.id);
  const shown = await treasurer.locator('li.check-failed').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.check));
  assert.equal(shown, failed);
  const heading = await treasurer.getByRole('heading', { level: 2, name: /^Contrôles de financement/ }).innerText();
  assert.match(heading, failed.length === 0 ? /tous satisfaits/ : new RegExp(`${failed.length} en échec`));
});

test('the token never travels in an address nor reaches the server log; sign-out forgets it', async () => {
  const tokens = [coordinatorToken, partnerToken];
  for (const url of requestedUrls) for (const token of tokens) assert.not.ok(url.includes(token), `token in ${url}`);
  for (const token of tokens) assert.not.ok(stack.serverOutput().includes(token), 'token in the server output');
  assert.ok(requestedUrls.some((u) => u.includes('/api/')), 'the pages did call the API');

  assert.is(await partner.evaluate(() => sessionStorage.getItem('socle.token')), partnerToken);
  await partner.getByRole('button', { name: 'Se déconnecter' }).click();
  await partner.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  assert.is(await partner.evaluate(() => sessionStorage.getItem('socle.token')), null);
  await partner.reload();
  await partner.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
});

test('no page met a script error or a refused resource', () => {
  assert.equal(pageErrors, []);
});

test.run();
