// The "Scénarios" page (issue 16) in headless Chromium, on the demo ledger plus a small programme
// set up through the API whose figures are worked out by hand below. The coordination drafts a
// scenario, adds a hypothesis, copies it and archives the copy through the page's forms; the
// comparison table and the chart then show the real plan and the scenarios side by side, the chart
// being an image labelled by a table that says the same figures; the real totals never move. On a
// phone each scenario is one card per row and the table one card per figure. The treasury reads the
// page without the forms; a partner has no such page. Acte 3's three orientations are listed.
import { needTools } from '../support/tools.ts';
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, navigate, settled, signIn, socle, startStack, type Stack } from './harness.ts';

needTools('chromium');

let stack: Stack;
let coordinator: string;
const M = '/programmes/mini';

loudHooks(test);
test.before(async () => {
  stack = await startStack((dataDir) => {
    const r = socle(['demo', '--out', join(dataDir, 'out')], dataDir);
    if (!/ événements écrits \(/.test(r.stdout)) throw new Error(`socle demo loaded nothing: ${r.stderr}`);
  });
  coordinator = stack.token('coordinator', { name: 'Coordination' });
  const post = async (path: string, body: object) => {
    const r = await stack.api(coordinator, 'POST', path, body);
    if (r.status !== 201) throw new Error(`${path} answered ${r.status}: ${JSON.stringify(r.json)}`);
  };
  // The small programme: the CCAS pilots action a1 at its site s1; staff time at 20 € an hour.
  await post('/programmes', { id: 'mini', name: 'Programme témoin', startsOn: '2024-01-01', endsOn: '2026-12-31' });
  await post(`${M}/partners`, { id: 'ccas', name: 'CCAS témoin', category: 'ccas' });
  await post(`${M}/partners`, { id: 'caf', name: 'CAF témoin', category: 'caf' });
  await post(`${M}/actions`, { id: 'a1', number: 1, title: 'Ateliers', pilotPartnerId: 'ccas', nature: 'fonctionnement' });
  await post(`${M}/sites`, { id: 's1', name: 'Espace social', partnerId: 'ccas' });
  await post(`${M}/rates`, { id: 'r-staff', kind: 'staff_time', unit: 'hour', amount: '20', validFrom: '2024-01-01', basis: 'SMIC chargé' });
  // Planned 2025: the CCAS's 100 h × 20 € = 2 000,00 € (its expense), the CAF's grant 1 200,00 € (a co-funding).
  await post(`${M}/contributions`, { id: 'c-staff', partnerId: 'ccas', kind: 'staff_time', status: 'planned', date: '2025-03-01', quantity: '100', actionId: 'a1' });
  await post(`${M}/contributions`, { id: 'c-grant', partnerId: 'caf', kind: 'cash', status: 'planned', date: '2025-03-01', amount: '1200', actionId: 'a1' });
});
test.after(async () => {
  await stack?.stop();
});

async function openScenarios(page: Page, programmeId: string): Promise<void> {
  await page.locator('#programme-select').selectOption(programmeId);
  await settled(page);
  await navigate(page, 'Scénarios', 'Scénarios');
  await page.locator('.scenarios-body').waitFor();
  await settled(page);
}

/** Runs in the page: the comparison table, figure by figure: each cell's value and difference. */
function table(): Record<string, { values: string[]; differences: string[]; text: string }> {
  const out: ReturnType<typeof table> = {};
  for (const tr of document.querySelectorAll<HTMLElement>('table.scenario-comparison tbody tr'))
    out[tr.dataset.figure!] = {
      values: [...tr.querySelectorAll<HTMLElement>('td[data-value]')].map((td) => td.dataset.value!),
      differences: [...tr.querySelectorAll<HTMLElement>('td[data-difference]')].map((td) => td.dataset.difference!),
      text: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '').join(' | '),
    };
  return out;
}

/** Runs in the page: the chart's bars and its table's cells, by plan and figure; its label. */
function chart() {
  const svg = document.querySelector('svg.scenario-chart-svg')!;
  const bars: Record<string, string> = {};
  for (const r of svg.querySelectorAll('rect')) bars[`${r.getAttribute('data-plan')}/${r.getAttribute('data-figure')}`] = r.getAttribute('data-value')!;
  const cells: Record<string, string> = {};
  for (const td of document.querySelectorAll<HTMLElement>('table.scenario-chart-table td[data-plan]')) cells[`${td.dataset.plan}/${td.dataset.figure}`] = td.dataset.value!;
  const labelledBy = svg.getAttribute('aria-labelledby');
  return { bars, cells, role: svg.getAttribute('role'), caption: labelledBy ? (document.getElementById(labelledBy)?.tagName ?? '') + ':' + (document.getElementById(labelledBy)?.textContent ?? '') : '' };
}

async function submitIn(page: Page, form: ReturnType<Page['locator']>, button: string, flash: string | RegExp): Promise<void> {
  await form.getByRole('button', { name: button }).click();
  await page.locator('.notice-ok', { hasText: flash }).waitFor();
  await settled(page);
}

test('the coordination drafts, adds a hypothesis, copies and archives; the page puts each scenario beside the real plan, figures by hand', async () => {
  const totalsBefore = await stack.api(coordinator, 'GET', `${M}/totals?status=planned`);
  assert.is(totalsBefore.json.total, '3200.00', '2 000,00 + 1 200,00');
  // A second scenario drawn through the API: one FTE at the one site, 1 607 h × 20 € = 32 140,00 €, on a1.
  assert.is((await stack.api(coordinator, 'POST', `${M}/scenarios`, { id: 'etp', title: 'Un ETP par lieu' })).status, 201);
  assert.is((await stack.api(coordinator, 'POST', `${M}/scenarios/etp/facts`, { id: 'etp-2025', fact: { kind: 'staff-per-site', hoursPerSite: '1607', year: 2025, status: 'planned', actionId: 'a1' } })).status, 201);
  const { context, page } = await stack.newPage(DESKTOP);
  try {
    await signIn(page, stack.url, coordinator);
    await openScenarios(page, 'mini');
    // Draft « Sans la CAF » through the form: its id follows the title.
    await page.getByText('Nouveau scénario…').click();
    const draft = page.locator('details.scenario-draft form');
    await draft.getByLabel('Titre').fill('Sans la CAF');
    assert.is(await draft.getByLabel('Identifiant').inputValue(), 'sans-la-caf');
    await draft.getByLabel('Description').fill('La CAF ne renouvelle pas sa subvention.');
    await submitIn(page, draft, 'Créer le scénario', 'Scénario « Sans la CAF » créé.');
    const card = page.locator('li.scenario-card[data-scenario="sans-la-caf"]');
    await card.getByText('Ajouter une hypothèse…').click();
    await card.locator('details.fact-add form').getByRole('combobox', { name: 'Partenaire', exact: true }).selectOption('caf');
    await submitIn(page, card.locator('details.fact-add form'), 'Ajouter l’hypothèse', 'Hypothèse ajoutée au scénario « Sans la CAF ».');
    assert.equal(await card.locator('.scenario-facts li > span').allTextContents(), ['Sans CAF témoin : toutes ses contributions retirées']);
    // Copy it, then archive the copy: it leaves the comparison, and comes back with the archived ones.
    await card.getByText('Copier…', { exact: true }).click();
    await card.locator('details:has(> summary:text("Copier…")) form').getByLabel('Titre de la copie').fill('Sans la CAF, bis');
    await submitIn(page, card.locator('details:has(> summary:text("Copier…")) form'), 'Copier le scénario', 'Copie « Sans la CAF, bis » créée');
    const copy = page.locator('li.scenario-card[data-scenario="sans-la-caf-bis"]');
    const copyBase = (await copy.locator('.scenario-base').textContent()) ?? '';
    assert.match(copyBase, /copie de «\sSans la CAF\s»/, copyBase);
    await copy.getByText('Archiver…').click();
    await copy.locator('details:has(> summary:text("Archiver…")) form').getByLabel('Motif de l’archivage').fill('doublon');
    await submitIn(page, copy.locator('details:has(> summary:text("Archiver…")) form'), 'Archiver le scénario', /archivé/);
    assert.equal(await page.locator('li.scenario-card').evaluateAll((all) => all.map((li) => (li as HTMLElement).dataset.scenario)), ['etp', 'sans-la-caf']);

    const seen = await page.evaluate(table);
    // Columns: real, Un ETP par lieu, Sans la CAF (in the order they were drafted).
    // Total: 3 200,00; with the FTE 3 200,00 + 32 140,00 = 35 340,00; without the CAF 2 000,00.
    assert.equal(seen['total']!.values, ['3200.00', '35340.00', '2000.00']);
    assert.equal(seen['total']!.differences, ['32140.00', '-1200.00']);
    // The CAF: 1 200,00, its share 1 200 / 3 200 = 37,50 %; 1 200 / 35 340 = 3,3955… → 3,40 %; dropped: 0.
    assert.equal(seen['partner:caf']!.values, ['1200.00', '1200.00', '0.00']);
    assert.equal(seen['partner:caf']!.differences, ['0.00', '-1200.00']);
    assert.match(seen['partner:caf']!.text, /^1\u202f200,00\u00a0€ · 37,50\u00a0% \| 1\u202f200,00\u00a0€ · 3,40\u00a0% \| \+?0,00\u00a0€ · −34,10\u00a0pts \| 0,00\u00a0€ · 0,00\u00a0% \| −1\u202f200,00\u00a0€ · −37,50\u00a0pts$/);
    // The CCAS: 2 000,00 (62,50 %); with the FTE 34 140,00, 34 140 / 35 340 = 96,604… → 96,60 % (+34,10 pts).
    assert.equal(seen['partner:ccas']!.values, ['2000.00', '34140.00', '2000.00']);
    assert.match(seen['partner:ccas']!.text, /\+32\u202f140,00\u00a0€ · \+34,10\u00a0pts/);
    // Funding: expenses are the CCAS's staff time (2 000,00; 34 140,00), co-funding the CAF's grant,
    // the funding gap what no funder covers: 2 000 − 1 200 = 800,00; 34 140 − 1 200 = 32 940,00; 2 000 − 0 = 2 000,00.
    assert.equal(seen['funding:expenses']!.values, ['2000.00', '34140.00', '2000.00']);
    assert.equal(seen['funding:cofunding']!.values, ['1200.00', '1200.00', '0.00']);
    assert.equal(seen['funding:fundingGap']!.values, ['800.00', '32940.00', '2000.00']);
    assert.equal(seen['funding:fundingGap']!.differences, ['32140.00', '1200.00']);
    assert.match(seen['funding:fundingGap']!.text, /\+32\u202f140,00\u00a0€ \| 2\u202f000,00\u00a0€ \| \+1\u202f200,00\u00a0€$/);
    assert.equal(seen['kind:staff_time']!.values, ['2000.00', '34140.00', '2000.00']);
    assert.equal(seen['kind:cash']!.values, ['1200.00', '1200.00', '0.00']);

    const drawn = await page.evaluate(chart);
    assert.is(drawn.role, 'img');
    assert.match(drawn.caption, /^CAPTION:Plan réel et scénarios/);
    assert.equal(drawn.bars, drawn.cells, 'the chart and its table say the same figures');
    assert.equal(drawn.cells, {
      'real/total': '3200.00', 'real/expenses': '2000.00', 'real/cofunding': '1200.00', 'real/fundingGap': '800.00',
      'etp/total': '35340.00', 'etp/expenses': '34140.00', 'etp/cofunding': '1200.00', 'etp/fundingGap': '32940.00',
      'sans-la-caf/total': '2000.00', 'sans-la-caf/expenses': '2000.00', 'sans-la-caf/cofunding': '0.00', 'sans-la-caf/fundingGap': '2000.00',
    });
    // The longest bar is the largest figure (35 340,00); the real total's is 3 200 / 35 340 of it.
    const widths = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('svg.scenario-chart-svg rect')].map((r) => [`${r.getAttribute('data-plan')}/${r.getAttribute('data-figure')}`, Number(r.getAttribute('width'))])));
    assert.is(widths['etp/total'], 300);
    assert.ok(Math.abs(widths['real/total']! - (3200 / 35340) * 300) < 0.1, String(widths['real/total']));
    assert.is(widths['sans-la-caf/cofunding'], 0);

    // The archived copy, with the archived ones shown.
    await page.getByLabel('Montrer aussi les scénarios archivés').check();
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.locator('li.scenario-card[data-scenario="sans-la-caf-bis"] .badge', { hasText: 'archivé' }).waitFor();
    // Nothing of it all in the real totals.
    const totalsAfter = await stack.api(coordinator, 'GET', `${M}/totals?status=planned`);
    assert.equal({ ...totalsAfter.json, asOf: null }, { ...totalsBefore.json, asOf: null });
  } finally {
    await context.close();
  }
});

test('the coordination edits a scenario and adds hypotheses as French figures (« 0,5 », « 1 500,50 »), then takes one out', async () => {
  const { context, page } = await stack.newPage(DESKTOP);
  const figures = async () => {
    const seen = await page.evaluate(table);
    // The column of « Sans la CAF… » (the second scenario) and its difference, for the total and the funding.
    return Object.fromEntries(['total', 'funding:cofunding', 'funding:fundingGap'].map((f) => [f, [seen[f]!.values[2], seen[f]!.differences[1]]]));
  };
  try {
    await signIn(page, stack.url, coordinator);
    await openScenarios(page, 'mini');
    const card = page.locator('li.scenario-card[data-scenario="sans-la-caf"]');
    await card.getByText('Modifier le titre et la description…').click();
    const edit = card.locator('details:has(> summary:text("Modifier le titre et la description…")) form');
    await edit.getByLabel('Titre').fill('Sans la CAF en 2025');
    await submitIn(page, edit, 'Enregistrer', 'Scénario « Sans la CAF en 2025 » modifié.');
    assert.is(await card.locator('h3').evaluate((h) => h.firstChild?.textContent), 'Sans la CAF en 2025');
    // The CCAS's staff time halved: 2 000,00 × 0,5 = 1 000,00; no funder: the gap is the whole 1 000,00.
    await card.getByText('Ajouter une hypothèse…').click();
    const add = card.locator('details.fact-add form');
    await add.getByLabel('Hypothèse').selectOption('scale-contributions');
    await add.getByLabel('Facteur').fill('0,5');
    await add.getByLabel('Du partenaire').selectOption('ccas');
    await add.getByLabel('De nature').selectOption('staff_time');
    await submitIn(page, add, 'Ajouter l’hypothèse', 'Hypothèse ajoutée');
    assert.equal(await figures(), { total: ['1000.00', '-2200.00'], 'funding:cofunding': ['0.00', '-1200.00'], 'funding:fundingGap': ['1000.00', '200.00'] });
    // A region's grant of 1 500,50 € on action a1, typed the French way: total 1 000,00 + 1 500,50 = 2 500,50; it
    // covers a1's 1 000,00 of expenses and more: the gap is never below zero, 0,00 (0,00 − 800,00 = −800,00 from the real plan).
    await card.getByText('Ajouter une hypothèse…').click();
    await add.getByLabel('Hypothèse').selectOption('add-funder');
    await add.getByLabel('Nom du financeur').fill('Région témoin');
    await add.getByLabel('Catégorie').selectOption('region');
    await add.getByLabel('Montant de la subvention (€)').fill('1 500,50');
    await add.locator('input[name="date"]').fill('01/06/2025');
    await add.locator('div.fact-fields[data-kind="add-funder"]').getByLabel('Action').selectOption('a1');
    await submitIn(page, add, 'Ajouter l’hypothèse', 'Hypothèse ajoutée');
    assert.equal(await card.locator('.scenario-facts li > span').allTextContents(), [
      'Sans CAF témoin : toutes ses contributions retirées',
      'Contributions de CCAS témoin, en temps de salarié multipliées par 0,5',
      'Financeur ajouté : Région témoin (Région), subvention prévue de 1\u202f500,50\u00a0€ le 01/06/2025',
    ]);
    const withGrant = await figures();
    assert.equal(withGrant.total, ['2500.50', '-699.50']);
    assert.equal(withGrant['funding:fundingGap'], ['0.00', '-800.00']);
    // The halving taken out, with a reason: 2 000,00 + 1 500,50 = 3 500,50; the gap 2 000,00 − 1 500,50 = 499,50.
    const halving = card.locator('.scenario-facts li').nth(1);
    await halving.locator('summary').click();
    await halving.getByLabel('Motif du retrait').fill('le CCAS garde ses heures');
    await submitIn(page, halving.locator('form'), 'Retirer l’hypothèse', 'Hypothèse retirée');
    assert.is(await card.locator('.scenario-facts li').count(), 2);
    assert.equal(await figures(), { total: ['3500.50', '300.50'], 'funding:cofunding': ['1500.50', '300.50'], 'funding:fundingGap': ['499.50', '-300.50'] });
  } finally {
    await context.close();
  }
});

test('a bad base date is said next to its field, and nothing is written', async () => {
  const before = (await stack.api(coordinator, 'GET', `${M}/scenarios?includeArchived=true`)).json.scenarios.length;
  const { context, page } = await stack.newPage(DESKTOP);
  try {
    await signIn(page, stack.url, coordinator);
    await openScenarios(page, 'mini');
    await page.getByText('Nouveau scénario…').click();
    const draft = page.locator('details.scenario-draft form');
    await draft.getByLabel('Titre').fill('Trop tôt');
    await draft.getByLabel('Établi sur le registre au').fill('01/01/2001');
    await draft.getByRole('button', { name: 'Créer le scénario' }).click();
    await draft.locator('.error-summary:not([hidden])').waitFor();
    assert.is(await draft.getByLabel('Établi sur le registre au').getAttribute('aria-invalid'), 'true');
    assert.is((await stack.api(coordinator, 'GET', `${M}/scenarios?includeArchived=true`)).json.scenarios.length, before);
  } finally {
    await context.close();
  }
});

test('on a phone: one scenario card per row, the comparison one card per figure; the treasury reads without forms; a partner has no page', async () => {
  const { context, page } = await stack.newPage(PHONE);
  try {
    await signIn(page, stack.url, stack.token('treasurer', { name: 'Trésorerie' }));
    await openScenarios(page, 'acte3');
    // Acte 3's three orientations, drawn by the demo.
    assert.equal(await page.locator('li.scenario-card h3').evaluateAll((all) => all.map((h) => h.firstChild?.textContent)), ['Échec des communs', 'Succès des communs', 'Garder la possibilité d’être ambitieux']);
    assert.is(await page.locator('details.add-form').count(), 0, 'no form for the treasury');
    const layout = await page.evaluate(() => {
      const cards = [...document.querySelectorAll('li.scenario-card')].map((li) => li.getBoundingClientRect());
      const rows = [...document.querySelectorAll('table.scenario-comparison tbody tr')].map((tr) => getComputedStyle(tr).display);
      return { lefts: cards.map((r) => Math.round(r.left)), tops: cards.map((r) => Math.round(r.top)), rows, scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth };
    });
    assert.is(new Set(layout.lefts).size, 1, 'one column');
    assert.ok(layout.tops[0]! < layout.tops[1]! && layout.tops[1]! < layout.tops[2]!, 'one below the other');
    assert.ok(layout.rows.every((d) => d === 'block'), 'each figure a card');
    assert.ok(layout.scroll <= layout.width, `nothing wider than the screen (${layout.scroll} > ${layout.width})`);
    const drawn = await page.evaluate(chart);
    assert.equal(drawn.bars, drawn.cells);
    assert.is(Object.keys(drawn.cells).length, 16, '4 plans × 4 figures');
  } finally {
    await context.close();
  }
  const partner = await stack.newPage(DESKTOP);
  try {
    await signIn(partner.page, stack.url, stack.token('partner', { partner: 'janze', name: 'Mairie de Janzé' }));
    assert.is(await partner.page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Scénarios' }).count(), 0);
    await partner.page.goto(`${stack.url}#/scenarios`);
    await partner.page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
  } finally {
    await partner.context.close();
  }
});

test.run();
