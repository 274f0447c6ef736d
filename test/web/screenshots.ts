// Screenshots of every page at desktop (1280 px) and phone (360 px) width, on the demo ledger, for
// people to look at: `node --import tsx test/web/screenshots.ts [OUT_DIR]` (default
// /tmp/socle-screenshots). Not a test: it asserts nothing, it shows. With `--few`, only the handful
// shown in README, one screen each: `node --import tsx test/web/screenshots.ts docs/screenshots --few`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, navigate, settled, signIn, socle, startStack } from './harness.ts';

const few = process.argv.includes('--few');
const out = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? '/tmp/socle-screenshots';
/** The README's: a partner's day, the coordination's, on a desktop and on a phone. */
const FEW = new Set(['02-partenaire-tableau-desktop', '03-partenaire-saisie-desktop', '03-partenaire-saisie-phone', '05-partenaire-detail-phone', '08-coordination-file-desktop', '07-coordination-tableau-phone', '11b-coordination-scenarios-desktop']);
mkdirSync(few ? out : join(out, 'slices'), { recursive: true });

const stack = await startStack((dataDir) => {
  const r = socle(['demo', '--out', join(dataDir, 'out')], dataDir);
  if (!/ événements écrits \(/.test(r.stdout)) throw new Error(`demo failed: ${r.stderr}`);
});
try {
  const coordinator = stack.token('coordinator', { name: 'Coordination du réseau' });
  const partner = stack.token('partner', { partner: 'janze', name: 'Mairie de Janzé' });
  const treasurer = stack.token('treasurer', { name: 'Trésorerie RAFCOM' });

  for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    // The whole page, then slices one screen high that stay readable when looked at one by one.
    const shot = async (page: Page, name: string) => {
      await settled(page);
      if (few) {
        if (!FEW.has(`${name}-${label}`)) return;
        // From the top of the page (the focus on its title may have scrolled it).
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(out, `${name}-${label}.png`) });
        return;
      }
      await page.screenshot({ path: join(out, `${name}-${label}.png`), fullPage: true });
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const slice = viewport.height;
      for (let y = 0, n = 1; y < height && n <= 8; y += slice, n++) {
        const clip = { x: 0, y, width: viewport.width, height: Math.min(slice, height - y) };
        await page.screenshot({ path: join(out, 'slices', `${name}-${label}-${n}.png`), fullPage: true, clip });
      }
    };
    {
      const { context, page } = await stack.newPage(viewport);
      await page.goto(stack.url);
      await page.getByRole('heading', { name: 'Connexion' }).waitFor();
      await shot(page, '01-connexion');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await shot(page, '01b-connexion-erreur');
      await context.close();
    }
    {
      const { context, page } = await stack.newPage(viewport);
      await signIn(page, stack.url, partner);
      await shot(page, '02-partenaire-tableau');
      await navigate(page, 'Nouvelle contribution', 'Nouvelle contribution');
      await page.getByLabel('Nature de la contribution').selectOption('volunteer_time');
      await page.getByLabel('Date (ou début de la période)').fill('15/11/2024');
      await page.getByLabel(/^Quantité/).fill('2,5');
      await shot(page, '03-partenaire-saisie');
      await page.getByLabel('Date (ou début de la période)').fill('01/01/2031');
      await page.getByRole('button', { name: 'Enregistrer la contribution' }).click();
      await page.locator('.error-summary:not([hidden])').waitFor();
      await shot(page, '03b-partenaire-saisie-erreur');
      await navigate(page, 'Mes contributions', 'Mes contributions');
      await shot(page, '04-partenaire-liste');
      await page.locator('table.data tbody tr a').first().click();
      await page.getByRole('heading', { level: 2, name: 'Historique' }).waitFor();
      await shot(page, '05-partenaire-detail');
      await page.getByRole('button', { name: 'Retirer…' }).click();
      await shot(page, '05b-partenaire-retrait');
      await page.getByRole('link', { name: 'Corriger' }).click();
      await page.getByRole('heading', { level: 1, name: /^Corriger/ }).waitFor();
      await shot(page, '06-partenaire-correction');
      await context.close();
    }
    {
      const { context, page } = await stack.newPage(viewport);
      await signIn(page, stack.url, coordinator);
      await shot(page, '07-coordination-tableau');
      await navigate(page, 'À valider', 'Contributions à valider');
      await shot(page, '08-coordination-file');
      await page.locator('.queue-item').first().getByRole('button', { name: /^Rejeter/ }).click();
      await shot(page, '08b-coordination-rejet');
      await navigate(page, 'Contributions', 'Contributions');
      await shot(page, '09-coordination-liste');
      await navigate(page, 'Paramétrage', 'Paramétrage');
      await shot(page, '10-coordination-parametrage');
      await page.locator('details.add-form').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      await page.locator('#s-taux-de-valorisation').scrollIntoViewIfNeeded();
      if (!few) await page.screenshot({ path: join(out, 'slices', `10b-coordination-ajout-taux-${label}.png`) });
      await navigate(page, 'Classeurs', 'Classeurs pour les financeurs');
      await shot(page, '11-coordination-classeurs');
      // What changed since position 800 of the demo (issue 16), as a workbook's stamp would ask it.
      await navigate(page, 'Ce qui a changé', 'Ce qui a changé');
      await page.getByLabel('Depuis').fill('800');
      await page.getByRole('button', { name: 'Comparer' }).click();
      await page.locator('#diff-events').waitFor();
      await settled(page);
      await shot(page, '11a-coordination-ce-qui-a-change');
      // Acte 3's three orientations beside its real plan (issue 16), compared on 2025 as the demo draws them.
      await page.locator('#programme-select').selectOption('acte3');
      await settled(page);
      await navigate(page, 'Scénarios', 'Scénarios');
      await page.locator('form.filters').getByLabel('Année', { exact: true }).selectOption('2025');
      await page.getByRole('button', { name: 'Afficher' }).click();
      await settled(page);
      if (few && label === 'desktop') {
        // README's: the comparison table, not the top of the page (the cards).
        await page.locator('section.card:has(table.scenario-comparison)').evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await page.screenshot({ path: join(out, '11b-coordination-scenarios-desktop.png') });
      } else await shot(page, '11b-coordination-scenarios');
      if (!few) {
        await page.locator('svg.scenario-chart-svg').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(out, 'slices', `11c-coordination-scenarios-graphique-${label}.png`) });
      }
      await context.close();
    }
    {
      const { context, page } = await stack.newPage(viewport);
      await signIn(page, stack.url, treasurer);
      await shot(page, '12-tresorerie-tableau');
      await navigate(page, 'Classeurs', 'Classeurs pour les financeurs');
      await shot(page, '13-tresorerie-classeurs');
      await context.close();
    }
  }
  console.log(`screenshots in ${out}`);
} finally {
  await stack.stop();
}
