// The indicators panels (issue 15) in headless Chromium on the demo ledger: the dashboard shows
// progress against each target of service hours and each action's indicators, and links each
// indicator to its action's page; the action page draws each indicator's measurements against its
// trajectory, with a data table that says the same figures, point by point. A measurement
// recorded through the API moves the figures (worked out by hand below); a partner of another
// programme sees its own programme's targets.
import { needTools } from '../support/tools.ts';
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { DESKTOP, settled, signIn, socle, startStack, type Stack } from './harness.ts';

needTools('chromium');

let stack: Stack;

loudHooks(test);
test.before(async () => {
  stack = await startStack((dataDir) => {
    const r = socle(['demo', '--out', join(dataDir, 'out')], dataDir);
    if (!/ événements écrits \(/.test(r.stdout)) throw new Error(`socle demo loaded nothing: ${r.stderr}`);
  });
});
test.after(async () => {
  await stack?.stop();
});

interface Row {
  id: string;
  status: string;
  value: string;
  percent: string;
  text: string;
}

/** Runs in the page: the rows of a panel's table. */
function rows(selector: string): Row[] {
  return [...document.querySelectorAll<HTMLElement>(`${selector} tbody tr`)].map((tr) => ({
    id: tr.dataset.indicator ?? tr.dataset.target ?? '',
    status: tr.dataset.status ?? '',
    value: tr.querySelector<HTMLElement>('td[data-value]')?.dataset.value ?? '',
    percent: tr.querySelector<HTMLElement>('td[data-percent]')?.dataset.percent ?? '',
    text: tr.textContent ?? '',
  }));
}

/** Runs in the page: each indicator chart's points and its table's cells, by period; and its label. */
function charts(): Record<string, { points: Record<string, string>; cells: Record<string, string>; role: string | null; caption: string; targetLines: number }> {
  const out: ReturnType<typeof charts> = {};
  for (const chart of document.querySelectorAll('svg.indicator-chart')) {
    const id = chart.getAttribute('data-indicator')!;
    const points: Record<string, string> = {};
    for (const c of chart.querySelectorAll('circle')) points[c.getAttribute('data-period')!] = c.getAttribute('data-value')!;
    const cells: Record<string, string> = {};
    for (const td of document.querySelectorAll<HTMLElement>(`table.indicator-table[data-indicator="${id}"] td[data-period]`)) cells[td.dataset.period!] = td.dataset.value!;
    const labelledBy = chart.getAttribute('aria-labelledby');
    out[id] = { points, cells, role: chart.getAttribute('role'), caption: labelledBy ? (document.getElementById(labelledBy)?.textContent ?? '') : '', targetLines: chart.querySelectorAll('.target-line').length };
  }
  return out;
}

test('the dashboard’s panels, then a measurement moves them, and the action page’s charts agree with their tables', async () => {
  const coordinator = stack.token('coordinator', { name: 'Coordination' });
  const { context, page } = await stack.newPage(DESKTOP);
  try {
    await signIn(page, stack.url, coordinator);
    await settled(page);
    await page.locator('#panel-indicators').waitFor();
    // Roche aux Fées: Retiers at 9 h against a 9 h target (100 %, reached); fiche 6's three 2023
    // outputs, each its own target ("keep at least the 2023 level"): 100 %, reached.
    const targets = await page.evaluate(rows, '#panel-targets');
    assert.equal(targets.map((t) => [t.id, t.value, t.percent, t.status]), [['retiers-9h', '9', '100', 'reached']]);
    const before = await page.evaluate(rows, '#panel-indicators');
    assert.equal(before.map((i) => [i.id, i.value, i.percent, i.status]), [
      ['a06-accueils-scolaires', '33', '100', 'reached'],
      ['a06-formation-enseignants', '76', '100', 'reached'],
      ['a06-prets-materiel', '5', '100', 'reached'],
    ]);
    assert.match(before[0]!.text, /Accueils de groupes scolaires au FabLab \(accueils\)/);
    assert.match(before[0]!.text, /atteint/);
    // 2024: 30 school visits. 30/33 = 90.909… → 90.9 %; the line is flat at 33 (baseline = target), 30 is below it: behind.
    const recorded = await stack.api(coordinator, 'POST', '/programmes/rafcom/measurements', { id: 'accueils-2024', indicatorId: 'a06-accueils-scolaires', value: '30', periodFrom: '2024-01-01', periodTo: '2024-12-31' });
    assert.is(recorded.status, 201, JSON.stringify(recorded.json));
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.locator('#panel-indicators').waitFor();
    const after = await page.evaluate(rows, '#panel-indicators');
    assert.equal([after[0]!.value, after[0]!.percent, after[0]!.status], ['30', '90.9', 'behind']);
    assert.match(after[0]!.text, /90,9 %/);
    assert.match(after[0]!.text, /en retard/);
    assert.is(await page.locator('#panel-indicators progress').first().getAttribute('aria-label'), 'Accueils de groupes scolaires au FabLab : 90,9 %');
    // The action's link opens its page.
    await page.locator('#panel-indicators a', { hasText: /^6\. / }).first().click();
    await page.getByRole('heading', { level: 1, name: /^Action n° 6 — / }).waitFor();
    await settled(page);
    await page.locator('svg.indicator-chart').first().waitFor();
    assert.is(await page.locator('#action-indicators tbody tr').count(), 3);
    const seen = await page.evaluate(charts);
    assert.equal(Object.keys(seen).sort(), ['a06-accueils-scolaires', 'a06-formation-enseignants', 'a06-prets-materiel']);
    for (const [id, chart] of Object.entries(seen)) {
      assert.equal(chart.points, chart.cells, `${id}: the chart and its table agree`);
      assert.is(chart.role, 'img', id);
      assert.match(chart.caption, /mesures et trajectoire/, id);
      assert.is(chart.targetLines, 1, id);
    }
    assert.equal(seen['a06-accueils-scolaires']!.cells, { '2023-12-31': '33', '2024-12-31': '30' });
    assert.equal(seen['a06-prets-materiel']!.cells, { '2023-12-31': '5' });
    // An unknown action says so.
    await page.goto(`${stack.url}#/action/a99`);
    await page.getByText('Aucune action « a99 » dans ce programme.').waitFor();
  } finally {
    await context.close();
  }
});

test('a partner of Acte 3 sees its programme’s five targets and no indicator', async () => {
  const { context, page } = await stack.newPage(DESKTOP);
  try {
    await signIn(page, stack.url, stack.token('partner', { partner: 'carrefour18', name: 'Carrefour 18' }));
    await settled(page);
    await page.locator('#panel-targets').waitFor();
    const targets = await page.evaluate(rows, '#panel-targets');
    assert.is(targets.length, 5);
    assert.match(targets[0]!.text, /Doubler l’offre de service aux habitants/);
    await page.getByText('Aucun indicateur défini.').waitFor();
  } finally {
    await context.close();
  }
});

test.run();
