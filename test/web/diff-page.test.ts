// The « Ce qui a changé » page (issue 16) in headless Chromium, on a small programme set up through
// the API whose figures are worked out by hand below. The audit downloads a workbook from
// « Classeurs », notes the position it is stamped with; the coordination then corrects one
// contribution, withdraws another and records a third; the link beside the downloaded workbook
// opens the page from that position, which shows every figure that moved (before, after, écart)
// and the three events with their kind of change, actor, reason and effect in euros. A date that is
// no day, in the future or before the programme, and a position beyond the head, are each one
// French error next to their field. On a phone each row is one card. A partner has no such page.
import { needTools } from '../support/tools.ts';
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, navigate, settled, signIn, startStack, type Stack } from './harness.ts';

needTools('chromium');

let stack: Stack;
let coordinator: string;
let auditor: string;
const M = '/programmes/mini';

loudHooks(test);
test.before(async () => {
  stack = await startStack();
  coordinator = stack.token('coordinator', { name: 'Coordination' });
  auditor = stack.token('auditor', { name: 'Contrôle' });
  const post = async (path: string, body: object) => {
    const r = await stack.api(coordinator, 'POST', path, body);
    if (r.status !== 201) throw new Error(`${path} answered ${r.status}: ${JSON.stringify(r.json)}`);
  };
  // The CCAS pilots action a1; staff time at 20 € an hour.
  await post('/programmes', { id: 'mini', name: 'Programme témoin', startsOn: '2024-01-01', endsOn: '2026-12-31' });
  await post(`${M}/partners`, { id: 'ccas', name: 'CCAS témoin', category: 'ccas' });
  await post(`${M}/partners`, { id: 'caf', name: 'CAF témoin', category: 'caf' });
  await post(`${M}/actions`, { id: 'a1', number: 1, title: 'Ateliers', pilotPartnerId: 'ccas', nature: 'fonctionnement' });
  await post(`${M}/rates`, { id: 'r-staff', kind: 'staff_time', unit: 'hour', amount: '20', validFrom: '2024-01-01', basis: 'SMIC chargé' });
  // Planned 2025: the CCAS's 100 h × 20 € = 2 000,00 €, the CAF's grant 1 200,00 €: 3 200,00 € planned.
  await post(`${M}/contributions`, { id: 'c-staff', partnerId: 'ccas', kind: 'staff_time', status: 'planned', date: '2025-03-01', quantity: '100', actionId: 'a1' });
  await post(`${M}/contributions`, { id: 'c-grant', partnerId: 'caf', kind: 'cash', status: 'planned', date: '2025-03-01', amount: '1200', actionId: 'a1' });
});
test.after(async () => {
  await stack?.stop();
});

/** What moves after the workbook was stamped: three events, each worked out by hand where it is asserted. */
async function changeTheLedger(): Promise<void> {
  const staff = await stack.api(coordinator, 'GET', `${M}/contributions/c-staff`);
  const corrected = await stack.api(coordinator, 'POST', `${M}/contributions/c-staff/corrections`, {
    expectedVersion: staff.json.version,
    reason: 'heures revues',
    partnerId: 'ccas',
    kind: 'staff_time',
    status: 'planned',
    date: '2025-03-01',
    quantity: '120',
    actionId: 'a1',
  });
  assert.is(corrected.status, 200, JSON.stringify(corrected.json));
  const grant = await stack.api(coordinator, 'GET', `${M}/contributions/c-grant`);
  const withdrawn = await stack.api(coordinator, 'POST', `${M}/contributions/c-grant/withdrawal`, { expectedVersion: grant.json.version, reason: 'subvention non reconduite' });
  assert.is(withdrawn.status, 200, JSON.stringify(withdrawn.json));
  const recorded = await stack.api(coordinator, 'POST', `${M}/contributions`, { id: 'c-done', partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2025-03-10', quantity: '10', actionId: 'a1' });
  assert.is(recorded.status, 201, JSON.stringify(recorded.json));
}

/** Runs in the page: a figures table's rows, by key. */
function figures(selector: string): Record<string, { label: string; from: string; to: string; difference: string; events: string; text: string }> {
  const out: ReturnType<typeof figures> = {};
  for (const tr of document.querySelectorAll<HTMLElement>(`${selector} tbody tr`)) {
    const cell = (name: string) => tr.querySelector<HTMLElement>(`[data-label="${name}"]`);
    out[tr.dataset.figure!] = {
      label: tr.querySelector('th')?.textContent ?? '',
      from: cell('Avant')?.dataset.value ?? '',
      to: cell('Après')?.dataset.value ?? '',
      difference: cell('Écart')?.dataset.difference ?? '',
      events: cell('Événements')?.dataset.events ?? '',
      text: cell('Écart')?.textContent ?? '',
    };
  }
  return out;
}

/** Runs in the page: the events table, row by row. */
function events(): { position: string; change: string; cells: string[] }[] {
  return [...document.querySelectorAll<HTMLElement>('#diff-events tbody tr')].map((tr) => ({
    position: tr.dataset.position!,
    change: tr.dataset.change!,
    cells: [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim()),
  }));
}

async function fieldError(page: Page, name: string): Promise<string> {
  return ((await page.locator(`form .field[data-field="${name}"] .field-error`).textContent()) ?? '').trim();
}

test('the audit downloads a workbook, the ledger moves, the link beside it shows what changed since its stamp, figures by hand', async () => {
  const { context, page } = await stack.newPage(DESKTOP);
  try {
    await signIn(page, stack.url, auditor);
    await navigate(page, 'Classeurs', 'Classeurs pour les financeurs');
    const saved = page.waitForEvent('download');
    await page.locator('button[data-workbook="contributions"]').click();
    await saved;
    const link = page.locator('.form-status a.diff-link');
    await link.waitFor();
    const stamped = /position (\d+)$/.exec((await link.textContent()) ?? '')![1]!;
    // The stamp is the head when the workbook was made: what the totals read says too.
    const head = await stack.api(auditor, 'GET', `${M}/totals?status=planned`);
    assert.is(stamped, String(head.json.asOf.position));
    assert.is(head.json.total, '3200.00', '2 000,00 + 1 200,00');

    await changeTheLedger();
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Ce qui a changé' }).waitFor();
    await page.locator('#diff-totals').waitFor();
    assert.is(await page.getByLabel('Depuis').inputValue(), stamped);
    assert.match(new URL(page.url()).hash, new RegExp(`^#/diff\\?from=${stamped}$`));
    const p = Number(stamped);
    // Stamped at p; the correction is p+1, the withdrawal p+2, the new contribution p+3.
    const totals = await page.evaluate(figures, '#diff-totals');
    const both = `${p + 1} ${p + 2}`;
    assert.equal(totals, {
      // Planned: 3 200,00 + (120 − 100) h × 20 € − 1 200,00 = 2 400,00, écart −800,00.
      'planned:total': { label: 'Total prévu', from: '3200.00', to: '2400.00', difference: '-800.00', events: both, text: '−800,00\u00a0€' },
      'planned:byPartner:ccas': { label: 'Prévu — partenaire CCAS témoin', from: '2000.00', to: '2400.00', difference: '400.00', events: `${p + 1}`, text: '+400,00\u00a0€' },
      'planned:byPartner:caf': { label: 'Prévu — partenaire CAF témoin', from: '1200.00', to: '0.00', difference: '-1200.00', events: `${p + 2}`, text: '−1\u202f200,00\u00a0€' },
      'planned:byKind:staff_time': { label: totals['planned:byKind:staff_time']!.label, from: '2000.00', to: '2400.00', difference: '400.00', events: `${p + 1}`, text: '+400,00\u00a0€' },
      'planned:byKind:cash': { label: totals['planned:byKind:cash']!.label, from: '1200.00', to: '0.00', difference: '-1200.00', events: `${p + 2}`, text: '−1\u202f200,00\u00a0€' },
      'planned:byAction:a1': { label: 'Prévu — action 1. Ateliers', from: '3200.00', to: '2400.00', difference: '-800.00', events: both, text: '−800,00\u00a0€' },
      // Actual: 10 h × 20 € = 200,00 from nothing.
      'actual:total': { label: 'Total réalisé', from: '0.00', to: '200.00', difference: '200.00', events: `${p + 3}`, text: '+200,00\u00a0€' },
      'actual:byPartner:ccas': { label: 'Réalisé — partenaire CCAS témoin', from: '0.00', to: '200.00', difference: '200.00', events: `${p + 3}`, text: '+200,00\u00a0€' },
      'actual:byKind:staff_time': { label: totals['actual:byKind:staff_time']!.label, from: '0.00', to: '200.00', difference: '200.00', events: `${p + 3}`, text: '+200,00\u00a0€' },
      'actual:byAction:a1': { label: 'Réalisé — action 1. Ateliers', from: '0.00', to: '200.00', difference: '200.00', events: `${p + 3}`, text: '+200,00\u00a0€' },
    });
    assert.match(totals['planned:byKind:staff_time']!.label, /^Prévu — nature /);
    const seen = await page.evaluate(events);
    assert.equal(
      seen.map((e) => [e.position, e.change, e.cells[3], e.cells[4], e.cells[5], e.cells[6], e.cells[7], e.cells[8]]),
      [
        [`${p + 1}`, 'correction', 'c-staff', 'CCAS témoin', 'Coordination (coordination)', 'heures revues', '+400,00\u00a0€', '0,00\u00a0€'],
        [`${p + 2}`, 'retrait', 'c-grant', 'CAF témoin', 'Coordination (coordination)', 'subvention non reconduite', '−1\u202f200,00\u00a0€', '0,00\u00a0€'],
        [`${p + 3}`, 'enregistrement', 'c-done', 'CCAS témoin', 'Coordination (coordination)', '—', '0,00\u00a0€', '+200,00\u00a0€'],
      ],
    );
    assert.equal(seen.map((e) => e.cells[2]), ['Correction', 'Retrait', 'Enregistrement']);
    // The budget's lines that moved: each écart is its after − before, in cents.
    const budget = await page.evaluate(figures, '#diff-budget');
    assert.ok(Object.keys(budget).length > 0, 'some budget line moved');
    for (const [key, line] of Object.entries(budget)) {
      const cents = (s: string) => BigInt(s.replace('.', ''));
      assert.is(cents(line.difference), cents(line.to) - cents(line.from), key);
    }
    assert.match((await page.locator('#diff-stamps').textContent()) ?? '', new RegExp(`^Depuis la position ${p} \\(empreinte [0-9a-f]{12}…\\) jusqu’à la position ${p + 3} `));
    // A figure's event link takes the focus to its event's row.
    await page.locator('#diff-totals tr[data-figure="actual:total"] a').click();
    assert.is(await page.evaluate(() => document.activeElement?.id), `diff-event-${p + 3}`);
  } finally {
    await context.close();
  }
});

test('the stamps typed in the form: a date that is no day, in the future, before the programme, a position beyond the head, each said in French next to its field; then a date', async () => {
  const { context, page } = await stack.newPage(DESKTOP);
  try {
    await signIn(page, stack.url, coordinator);
    await navigate(page, 'Ce qui a changé', 'Ce qui a changé');
    await page.getByLabel('Depuis').fill('31/02/2025');
    await page.getByRole('button', { name: 'Comparer' }).click();
    assert.is(await fieldError(page, 'from'), 'position du registre (un nombre entier) ou date au format JJ/MM/AAAA attendue, par exemple 31/01/2025');
    assert.is(await page.locator('[data-path="from"]').getAttribute('aria-invalid'), 'true');
    assert.is(await page.locator('#diff-totals').count(), 0);
    // A future day: the server's refusal, on the field it concerns.
    await page.getByLabel('Depuis').fill('01/01/2099');
    await page.getByRole('button', { name: 'Comparer' }).click();
    await page.locator('form .field[data-field="from"] .field-error:not([hidden])', { hasText: '2099-01-01' }).waitFor();
    assert.match(await fieldError(page, 'from'), /dans le futur/);
    // Before the programme's first event: it did not exist yet.
    await page.getByLabel('Depuis').fill('01/01/2020');
    await page.getByRole('button', { name: 'Comparer' }).click();
    await page.locator('form .field[data-field="from"] .field-error:not([hidden])', { hasText: '2020-01-01' }).waitFor();
    assert.match(await fieldError(page, 'from'), /précède le premier événement du programme mini/);
    // A position beyond the head: on « Jusqu’à », which holds it, with the head named.
    const head = (await stack.api(coordinator, 'GET', `${M}/totals`)).json.asOf.position as number;
    await page.getByLabel('Depuis').fill('1');
    await page.getByLabel('Jusqu’à').fill(String(head + 50));
    await page.getByRole('button', { name: 'Comparer' }).click();
    await page.locator('form .field[data-field="to"] .field-error:not([hidden])').waitFor();
    assert.is(await fieldError(page, 'to'), `position au plus ${head} : le registre n’en compte pas plus`);
    assert.is(await fieldError(page, 'from'), '');
    await page.getByLabel('Jusqu’à').fill('');
    // Today, as a date: the ledger up to now; from today to now nothing moved.
    const now = new Date();
    const today = `${String(now.getUTCDate()).padStart(2, '0')}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${now.getUTCFullYear()}`;
    await page.getByLabel('Depuis').fill(today);
    await page.getByRole('button', { name: 'Comparer' }).click();
    await page.locator('#diff-stamps').waitFor();
    await settled(page);
    assert.match((await page.locator('#diff-stamps').textContent()) ?? '', new RegExp(`^Depuis le ${today.replace(/\//g, '\\/')}, soit la position \\d+`));
    assert.is(await fieldError(page, 'from'), '');
    assert.match(new URL(page.url()).hash, /^#\/diff\?from=\d{4}-\d{2}-\d{2}$/);
  } finally {
    await context.close();
  }
});

test('on a phone each figure is one card; a partner has no such page', async () => {
  {
    const { context, page } = await stack.newPage(PHONE);
    try {
      await signIn(page, stack.url, coordinator);
      await page.goto(`${stack.url}#/diff?from=1`);
      await page.locator('#diff-totals').waitFor();
      await settled(page);
      const widths = await page.locator('#diff-totals tbody tr').first().evaluate((tr) => [tr.getBoundingClientRect().width, getComputedStyle(tr).display]);
      assert.is(widths[1], 'block', 'a row is a card');
      assert.ok(Number(widths[0]) <= 360, `a card fits the screen (${widths[0]} px)`);
      assert.is(await page.evaluate(() => document.documentElement.scrollWidth <= 360), true, 'nothing wider than the screen');
    } finally {
      await context.close();
    }
  }
  {
    const { context, page } = await stack.newPage(DESKTOP);
    try {
      await signIn(page, stack.url, stack.token('partner', { partner: 'ccas', name: 'CCAS témoin' }));
      assert.is(await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Ce qui a changé' }).count(), 0);
      await page.goto(`${stack.url}#/diff?from=1`);
      await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    } finally {
      await context.close();
    }
  }
});

test.run();
