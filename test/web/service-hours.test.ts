// The "Heures de service" page (issue 15) in headless Chromium on the demo ledger: the SVG chart and
// its data table are both there and say the same figures, point by point; the seeds' figures show
// (Janzé 21 h, Retiers 6 h then 9 h from September 2024); the chart is an image labelled by the
// table's caption; a partner sees the page too.
import { needTools } from '../support/tools.ts';
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { DESKTOP, navigate, signIn, socle, startStack, type Stack } from './harness.ts';

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

interface Seen {
  points: Record<string, Record<string, string>>;
  cells: Record<string, Record<string, string>>;
  labelledBy: string | null;
  caption: string;
  targetLines: number;
  headers: string[];
}

/** Runs in the page: the chart's points and the table's cells, by series and week. */
function read(): Seen {
  const points: Seen['points'] = {};
  for (const group of document.querySelectorAll('#service-chart g.series')) {
    const id = group.getAttribute('data-series')!;
    points[id] = {};
    for (const c of group.querySelectorAll('circle')) points[id]![c.getAttribute('data-week')!] = c.getAttribute('data-value')!;
  }
  const cells: Seen['cells'] = {};
  for (const td of document.querySelectorAll<HTMLElement>('#service-table td')) {
    const { series, week, value } = td.dataset;
    (cells[series!] ??= {})[week!] = value!;
  }
  const chart = document.getElementById('service-chart');
  const labelledBy = chart?.getAttribute('aria-labelledby') ?? null;
  return {
    points,
    cells,
    labelledBy,
    caption: labelledBy ? (document.getElementById(labelledBy)?.textContent ?? '') : '',
    targetLines: document.querySelectorAll('#service-chart .target-line').length,
    headers: [...document.querySelectorAll('#service-table thead th')].map((th) => th.textContent ?? ''),
  };
}

test('the chart and the table are both there and agree, point by point (Roche aux Fées)', async () => {
  const { context, page } = await stack.newPage(DESKTOP);
  try {
    await signIn(page, stack.url, stack.token('coordinator', { name: 'Coordination' }));
    await navigate(page, 'Heures de service', 'Heures de service');
    await page.locator('#service-chart').waitFor();
    const seen = await page.evaluate(read);
    assert.equal(seen.headers, ['Semaine du', 'FabLab de Janzé', 'FabLab de Retiers', "FabLab d'Amanlis", 'Total']);
    assert.equal(Object.keys(seen.points).sort(), Object.keys(seen.cells).sort());
    for (const id of Object.keys(seen.cells)) assert.equal(seen.points[id], seen.cells[id], `series ${id}`);
    // 48 months from January 2023 to December 2026, one point each.
    assert.is(Object.keys(seen.cells['fablab-janze']!).length, 48);
    assert.is(seen.cells['fablab-janze']!['2024-06-03'], '21');
    assert.is(seen.cells['fablab-retiers']!['2024-08-05'], '6');
    assert.is(seen.cells['fablab-retiers']!['2024-09-02'], '9');
    // Amanlis's 9 h stay 9 h on another axis; the total: 21 + 6 + 9 = 36, then 21 + 9 + 9 = 39.
    assert.is(seen.cells['fablab-amanlis']!['2024-09-02'], '9');
    assert.equal([seen.cells['total']!['2024-08-05'], seen.cells['total']!['2024-09-02']], ['36', '39']);
    assert.is(seen.labelledBy, 'service-chart-caption');
    assert.match(seen.caption, /Heures de service par semaine/);
    assert.is(await page.locator('#service-chart').getAttribute('role'), 'img');
    // The table shows the figures in French: "21", a thin space for thousands, a comma for decimals.
    assert.is(await page.locator('#service-table td[data-series="fablab-janze"][data-week="2024-06-03"]').textContent(), '21');
    // The indicators of action 6 (the 2023 outputs) are listed.
    const indicators = await page.locator('#service-indicators tbody tr').allTextContents();
    assert.is(indicators.length, 3);
    assert.match(indicators.join('\n'), /Accueils de groupes scolaires au FabLab \(accueils\)/);
  } finally {
    await context.close();
  }
});

test('Acte 3: the network-wide doubling target is drawn as a line; a partner sees the page', async () => {
  const { context, page } = await stack.newPage(DESKTOP);
  try {
    await signIn(page, stack.url, stack.token('partner', { partner: 'carrefour18', name: 'Carrefour 18' }));
    await navigate(page, 'Heures de service', 'Heures de service');
    await page.locator('#service-chart').waitFor();
    const seen = await page.evaluate(read);
    for (const id of Object.keys(seen.cells)) assert.equal(seen.points[id], seen.cells[id], `series ${id}`);
    assert.is(seen.targetLines, 1);
    // 2023: 3 + 4 + 2 + 3 + 3 + 3 + 6 + 4 = 28 h; from September 2024 Carrefour 18's free access is 6 h (+3).
    assert.equal([seen.cells['total']!['2023-06-05'], seen.cells['total']!['2024-09-02']], ['28', '31']);
    const targets = await page.locator('#service-targets tbody tr').allTextContents();
    assert.is(targets.length, 5);
    assert.match(targets[0]!, /Doubler l’offre de service aux habitants/);
  } finally {
    await context.close();
  }
});

test.run();
