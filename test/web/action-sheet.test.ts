// The fiche action on an action's page (issue 14, point 7) in headless Chromium: the coordinator fills
// services concernés, enjeux, objectifs opérationnels and two dated steps of the calendar, by their
// French labels, saves, and the page shows them (the API holds them too); a step that ends before it
// starts is refused next to its field, nothing written. A partner reads the fiche, with no form.
import { needTools } from '../support/tools.ts';
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { DESKTOP, settled, signIn, startStack, type Stack } from './harness.ts';

needTools('chromium');

let stack: Stack;
let coordinator = '';

loudHooks(test);
test.before(async () => {
  stack = await startStack();
  coordinator = stack.token('coordinator', { name: 'Coordination' });
  const set = async (path: string, body: unknown) => {
    const a = await stack.api(coordinator, 'POST', path, body);
    if (a.status !== 201) throw new Error(`${path}: ${a.status} ${JSON.stringify(a.json)}`);
  };
  await set('/programmes', { id: 'rafcom', name: 'Feuille de route « Usages du Numérique »', startsOn: '2023-01-01', endsOn: '2026-12-31' });
  await set('/programmes/rafcom/partners', { id: 'rafcom', name: 'Roche aux Fées Communauté', category: 'epci' });
  await set('/programmes/rafcom/actions', { id: 'a02', number: 2, title: 'Ateliers de sensibilisation', pilotPartnerId: 'rafcom', nature: 'fonctionnement' });
});
test.after(async () => {
  await stack?.stop();
});

test('a coordinator fills and saves the fiche; the page and the API show it; a backwards step is refused in place', async () => {
  const { context, page } = await stack.newPage(DESKTOP);
  try {
    await signIn(page, stack.url, coordinator);
    await page.goto(`${stack.url}/#/action/a02`);
    await page.getByRole('heading', { level: 1, name: 'Action n° 2 — Ateliers de sensibilisation' }).waitFor();
    await settled(page);
    const fiche = page.getByRole('region', { name: 'Fiche action' });
    assert.ok(await fiche.getByText('La fiche de cette action n’est pas encore renseignée.').isVisible());

    await fiche.getByLabel('Services concernés').fill('Service SIG-Numérique ; réseau Libellule');
    await fiche.getByLabel('Enjeux – Impacts attendus').fill('Répondre à la fracture numérique');
    await fiche.getByLabel('Objectifs opérationnels').fill('Ateliers de sensibilisation\nFormations d’initiation');
    const step1 = fiche.getByRole('group', { name: 'Étape 1' });
    await step1.getByLabel('Intitulé de l’étape').fill('Expérimentation');
    await step1.getByLabel('Début').fill('01/01/2024');
    await step1.getByLabel('Fin').fill('30/06/2024');
    await fiche.getByRole('button', { name: 'Ajouter une étape' }).click();
    const step2 = fiche.getByRole('group', { name: 'Étape 2' });
    await step2.getByLabel('Intitulé de l’étape').fill('Déploiement');
    await step2.getByLabel('Début').fill('01/09/2025');
    await step2.getByLabel('Fin').fill('01/03/2025');
    await fiche.getByRole('button', { name: 'Enregistrer la fiche' }).click();

    // The server names calendar.1.endsOn: the message stands under step 2's end date, and in the summary.
    const summary = fiche.getByRole('alert');
    await summary.waitFor();
    assert.match((await summary.textContent()) ?? '', /l’étape « Déploiement » doit finir le jour de son début ou après/);
    assert.is(await step2.getByLabel('Fin').getAttribute('aria-invalid'), 'true');
    assert.is((await stack.api(coordinator, 'GET', '/programmes/rafcom')).json.actions[0].sheet, undefined, 'nothing written');

    await step2.getByLabel('Fin').fill('31/12/2026');
    await fiche.getByRole('button', { name: 'Enregistrer la fiche' }).click();
    await page.getByText('Fiche action enregistrée.').waitFor();
    await settled(page);
    const shown = page.getByRole('region', { name: 'Fiche action' });
    const facts = (await shown.locator('dl.facts').innerText()).replace(/\s+/g, ' ');
    assert.match(facts, /Services concernés Service SIG-Numérique ; réseau Libellule/);
    assert.match(facts, /Enjeux – Impacts attendus Répondre à la fracture numérique/);
    assert.match(facts, /Objectifs opérationnels Ateliers de sensibilisation Formations d’initiation/);
    assert.match(facts, /du 01\/01\/2024 au 30\/06\/2024 : Expérimentation du 01\/09\/2025 au 31\/12\/2026 : Déploiement/);

    const read = await stack.api(coordinator, 'GET', '/programmes/rafcom');
    assert.equal(read.json.actions[0].sheet, {
      services: 'Service SIG-Numérique ; réseau Libellule',
      stakes: 'Répondre à la fracture numérique',
      objectives: 'Ateliers de sensibilisation\nFormations d’initiation',
      calendar: [
        { label: 'Expérimentation', startsOn: '2024-01-01', endsOn: '2024-06-30' },
        { label: 'Déploiement', startsOn: '2025-09-01', endsOn: '2026-12-31' },
      ],
    });
  } finally {
    await context.close();
  }
});

test('a partner reads the fiche and is offered no form', async () => {
  const partner = stack.token('partner', { partner: 'rafcom' });
  const { context, page } = await stack.newPage(DESKTOP);
  try {
    await signIn(page, stack.url, partner);
    await page.goto(`${stack.url}/#/action/a02`);
    await page.getByRole('heading', { level: 1, name: /Action n° 2/ }).waitFor();
    await settled(page);
    const fiche = page.getByRole('region', { name: 'Fiche action' });
    assert.match(await fiche.innerText(), /Répondre à la fracture numérique/);
    assert.is(await fiche.getByRole('button', { name: 'Enregistrer la fiche' }).count(), 0);
  } finally {
    await context.close();
  }
});

test.run();
