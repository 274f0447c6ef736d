// Accessibility of every page, measured in headless Chromium on the demo ledger, at phone (360 px)
// and desktop (1280 px) width, for each role (partner, coordination, treasury, audit):
// - axe-core finds no violation at all, of any impact (every rule it runs by default, landmarks too);
// - every form control has a label; the page is in French and has one h1;
// - nothing is wider than a 360 px screen;
// - every piece of text contrasts enough with what is behind it (WCAG AA: 4.5:1, 3:1 when large);
// - the keyboard alone signs in, moves through the pages, and reaches every field of the contribution
//   form, with a visible focus ring on each stop.
import { needTools } from '../support/tools.ts';
import { test } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, navigate, settled, signIn, socle, startStack, type Stack } from './harness.ts';

// Without Chromium: one "not run" line (a failure under CI=true or SOCLE_REQUIRE_TOOLS=1).
needTools('chromium');

let stack: Stack;
let tokens: { coordinator: string; partner: string; treasurer: string; auditor: string };
/** axe-core's browser build, evaluated in each page (through the debugger: the page's CSP allows no inline script). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

loudHooks(test);
test.before(async () => {
  stack = await startStack((dataDir) => {
    const r = socle(['demo', '--out', join(dataDir, 'out')], dataDir);
    if (!/ événements écrits \(/.test(r.stdout)) throw new Error(`socle demo loaded nothing: ${r.stderr}`);
  });
  tokens = {
    coordinator: stack.token('coordinator', { name: 'Coordination' }),
    partner: stack.token('partner', { partner: 'janze', name: 'Mairie de Janzé' }),
    treasurer: stack.token('treasurer', { name: 'Trésorerie' }),
    auditor: stack.token('auditor', { name: 'Contrôle' }),
  };
});

test.after(async () => {
  await stack?.stop();
});

interface Findings {
  unlabelled: string[];
  headings: number;
  lang: string;
  overflow: string[];
  lowContrast: string[];
}

/** Runs in the page: every check that reads the rendered DOM and computed styles. */
function inspect(): Findings {
  const visible = (el: Element) => {
    if (!(el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 1 && r.height > 1;
  };
  const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;

  const unlabelled: string[] = [];
  for (const control of document.querySelectorAll('input, select, textarea')) {
    if (!visible(control)) continue;
    const labelled =
      ((control as HTMLInputElement).labels?.length ?? 0) > 0 || control.hasAttribute('aria-label') || control.hasAttribute('aria-labelledby');
    if (!labelled) unlabelled.push(describe(control));
  }

  const overflow: string[] = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && visible(el)) overflow.push(`${describe(el)} ends at ${Math.round(r.right)} px`);
    }
    if (overflow.length === 0) overflow.push(`page ${document.documentElement.scrollWidth} px wide`);
  }

  // WCAG relative luminance and contrast, compositing translucent colours over what is behind them.
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const m = /rgba?\(([^)]+)\)/.exec(css);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
  };
  const over = (top: Rgba, below: Rgba): Rgba => {
    const a = top[3] + below[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: number) => (top[i]! * top[3] + below[i]! * below[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const background = (el: Element): Rgba => {
    const layers: Rgba[] = [];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const bg = parse(getComputedStyle(node).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    let colour: Rgba = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const lowContrast: string[] = [];
  const texts = new Set<Element>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent?.trim() && node.parentElement) texts.add(node.parentElement);
  }
  for (const control of document.querySelectorAll('input:not([type=radio]):not([type=checkbox]), select, textarea')) texts.add(control);
  for (const el of texts) {
    if (!visible(el) || el.closest('option, script, style, noscript')) continue;
    const style = getComputedStyle(el);
    if ((el as HTMLButtonElement).disabled) continue;
    const bg = background(el);
    const fg = over(parse(style.color), bg);
    const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    if (ratio < needed) lowContrast.push(`${describe(el)}: ${ratio.toFixed(2)} < ${needed} (${style.color} on rgba(${bg.map((v) => Math.round(v)).join(',')}))`);
  }

  return { unlabelled, headings: document.querySelectorAll('h1').length, lang: document.documentElement.lang, overflow, lowContrast };
}

/** axe-core's violations, any impact, one line each: "region (moderate): #programme-bar". */
async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(', ')}`);
  });
}

async function check(page: Page, name: string, phone: boolean): Promise<void> {
  await settled(page);
  assert.equal(await axeViolations(page), [], `${name}: axe-core violations`);
  const findings = await page.evaluate(inspect);
  assert.equal(findings.unlabelled, [], `${name}: controls without a label`);
  assert.is(findings.headings, 1, `${name}: one h1`);
  assert.is(findings.lang, 'fr', `${name}: lang`);
  assert.equal(findings.lowContrast, [], `${name}: text with too little contrast`);
  if (phone) assert.equal(findings.overflow, [], `${name}: wider than the screen`);
}

/** Every page a role reaches, each checked as it renders. */
async function tour(viewport: { width: number; height: number }): Promise<number> {
  const phone = viewport.width <= 400;
  let checked = 0;
  const visit = async (page: Page, name: string) => {
    await check(page, `${name} at ${viewport.width} px`, phone);
    checked++;
  };
  {
    const { context, page } = await stack.newPage(viewport);
    await page.goto(stack.url);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await visit(page, 'sign-in');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('.error-summary:not([hidden])').waitFor();
    await visit(page, 'sign-in with its error');
    await context.close();
  }
  {
    const { context, page } = await stack.newPage(viewport);
    await signIn(page, stack.url, tokens.partner);
    await visit(page, 'partner dashboard');
    await navigate(page, 'Nouvelle contribution', 'Nouvelle contribution');
    await page.getByLabel('Nature de la contribution').selectOption('prestation');
    await page.locator('details.own-rate').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await visit(page, 'contribution form (prestation)');
    await page.getByLabel('Nature de la contribution').selectOption('staff_time');
    await page.locator('details.own-rate').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await page.getByRole('button', { name: 'Enregistrer la contribution' }).click();
    await page.locator('.error-summary:not([hidden])').waitFor();
    await visit(page, 'contribution form with errors');
    await navigate(page, 'Mes contributions', 'Mes contributions');
    await visit(page, 'own contributions');
    await page.locator('table.data tbody tr a').first().click();
    await page.getByRole('heading', { level: 2, name: 'Historique' }).waitFor();
    await page.getByRole('button', { name: 'Retirer…' }).click();
    await visit(page, 'contribution detail with the withdrawal form');
    await page.getByRole('link', { name: 'Corriger' }).click();
    await page.getByRole('heading', { level: 1, name: /^Corriger/ }).waitFor();
    await visit(page, 'correction form');
    await context.close();
  }
  {
    const { context, page } = await stack.newPage(viewport);
    await signIn(page, stack.url, tokens.coordinator);
    await visit(page, 'coordination dashboard');
    await page.locator('#panel-indicators a').first().click();
    await page.getByRole('heading', { level: 1, name: /^Action n° / }).waitFor();
    await page.locator('svg.indicator-chart').first().waitFor();
    await visit(page, 'an action with its indicators');
    await navigate(page, 'À valider', 'Contributions à valider');
    await page.locator('.queue-item').first().getByRole('button', { name: /^Rejeter/ }).click();
    await visit(page, 'queue with a rejection form');
    await navigate(page, 'Contributions', 'Contributions');
    await visit(page, 'all contributions');
    await navigate(page, 'Paramétrage', 'Paramétrage');
    await page.locator('details.add-form').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await visit(page, 'set-up with every form open');
    await navigate(page, 'Classeurs', 'Classeurs pour les financeurs');
    await visit(page, 'workbooks');
    await whatChanged(page);
    await visit(page, 'what changed since position 800');
    // Acte 3's scenarios (issue 16), every coordination form open, the hypothesis form on each kind in turn.
    await page.locator('#programme-select').selectOption('acte3');
    await settled(page);
    await navigate(page, 'Scénarios', 'Scénarios');
    await page.locator('li.scenario-card').first().waitFor();
    await page.locator('details.add-form').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.locator('details.fact-add select[name="kind"]').first().selectOption('add-funder');
    await page.locator('details.fact-add select[name="kind"]').nth(1).selectOption('scale-contributions');
    await page.locator('details.fact-add select[name="kind"]').nth(2).selectOption('staff-per-site');
    await visit(page, 'scenarios with every form open');
    await context.close();
  }
  {
    const { context, page } = await stack.newPage(viewport);
    await signIn(page, stack.url, tokens.coordinator);
    await navigate(page, 'Nouvelle contribution', 'Nouvelle contribution');
    await visit(page, 'contribution form for any partner');
    await navigate(page, 'Contributions', 'Contributions');
    await page.locator('table.data tbody tr a').first().click();
    await page.getByRole('heading', { level: 2, name: 'Historique' }).waitFor();
    await visit(page, 'contribution detail for the coordination');
    await context.close();
  }
  for (const role of ['treasurer', 'auditor'] as const) {
    const { context, page } = await stack.newPage(viewport);
    await signIn(page, stack.url, tokens[role]);
    await visit(page, `${role} dashboard`);
    await navigate(page, 'Contributions', 'Contributions');
    await visit(page, `${role} contributions`);
    await page.locator('table.data tbody tr a').first().click();
    await page.getByRole('heading', { level: 2, name: 'Historique' }).waitFor();
    await visit(page, `${role} contribution detail`);
    await navigate(page, 'Classeurs', 'Classeurs pour les financeurs');
    await visit(page, `${role} workbooks`);
    await whatChanged(page);
    await visit(page, `${role} what changed`);
    await page.locator('#programme-select').selectOption('acte3');
    await settled(page);
    await navigate(page, 'Scénarios', 'Scénarios');
    await page.locator('li.scenario-card').first().waitFor();
    await visit(page, `${role} scenarios`);
    await context.close();
  }
  return checked;
}

/** « Ce qui a changé » since position 800 of the demo: a few figures, budget lines and events of either programme. */
async function whatChanged(page: Page): Promise<void> {
  await navigate(page, 'Ce qui a changé', 'Ce qui a changé');
  await page.getByLabel('Depuis').fill('800');
  await page.getByRole('button', { name: 'Comparer' }).click();
  await page.locator('#diff-events').waitFor();
  await settled(page);
}

test('every page for every role at 360 px: no axe-core violation, labelled fields, enough contrast, nothing wider than the screen', async () => {
  assert.is(await tour(PHONE), 30);
});

test('every page for every role at 1280 px: no axe-core violation, labelled fields, enough contrast', async () => {
  assert.is(await tour(DESKTOP), 30);
});

/** Where the keyboard focus is, and whether it is drawn. */
async function focusState(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', name: '', ring: false, id: '' };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow !== 'none';
    return { tag: el.tagName.toLowerCase(), name: el.getAttribute('name') ?? el.textContent?.trim().slice(0, 30) ?? '', ring: outline || shadow, id: el.id };
  });
}

test('the keyboard alone signs in, skips to the content, and moves between pages', async () => {
  const { context, page } = await stack.newPage(DESKTOP);
  try {
    await page.goto(stack.url);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    let state = await focusState(page);
    for (let i = 0; i < 5 && state.name !== 'token'; i++) {
      await page.keyboard.press('Tab');
      state = await focusState(page);
    }
    assert.is(state.name, 'token', 'Tab reaches the token field');
    assert.ok(state.ring, 'the token field shows its focus');
    await page.keyboard.type(tokens.partner);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    assert.is((await focusState(page)).tag, 'h1', 'after a page change the focus is on its title');

    // The skip link is the first stop and jumps to the content.
    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 30 && (await focusState(page)).id !== 'skip-link'; i++) await page.keyboard.press('Shift+Tab');
    assert.is((await focusState(page)).id, 'skip-link');
    assert.ok((await focusState(page)).ring, 'the skip link shows its focus');
    await page.keyboard.press('Enter');
    assert.is((await focusState(page)).id, 'main');

    // Through the navigation with Tab and Enter.
    await page.getByRole('link', { name: 'Mes contributions' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Mes contributions' }).waitFor();
    assert.match(page.url(), /#\/contributions$/);
  } finally {
    await context.close();
  }
});

test('Tab reaches every field of the contribution form, each with a visible focus ring', async () => {
  const { context, page } = await stack.newPage(PHONE);
  try {
    await signIn(page, stack.url, tokens.partner);
    await navigate(page, 'Nouvelle contribution', 'Nouvelle contribution');
    await page.getByLabel('Nature de la contribution').selectOption('prestation');
    const fields = await page.locator('form.contribution-form').evaluate((form) =>
      [...form.querySelectorAll<HTMLElement>('input, select, textarea, button, summary')]
        .filter((el) => el.checkVisibility() && !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked))
        .map((el) => el.getAttribute('name') ?? el.textContent?.trim().slice(0, 30) ?? ''),
    );
    const reached = new Set<string>();
    const withoutRing: string[] = [];
    await page.locator('h1').focus();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const state = await focusState(page);
      if (state.tag === 'body') break;
      reached.add(state.name);
      if (!state.ring) withoutRing.push(`${state.tag} ${state.name}`);
      if (state.name === 'Enregistrer la contribution') break;
    }
    assert.equal(
      fields.filter((f) => !reached.has(f)),
      [],
      'fields the keyboard never reached',
    );
    assert.equal(withoutRing, [], 'focused without a visible ring');
  } finally {
    await context.close();
  }
});

test('the keyboard alone adds a rate: Tab reaches each field with a visible ring, the date takes JJ/MM/AAAA typed', async () => {
  const { context, page } = await stack.newPage(PHONE);
  try {
    await signIn(page, stack.url, tokens.coordinator);
    await navigate(page, 'Paramétrage', 'Paramétrage');
    // From the section's title, Tab by Tab to its disclosure.
    await page.locator('#s-taux-de-valorisation').evaluate((el) => (el.setAttribute('tabindex', '-1'), (el as HTMLElement).focus()));
    for (let i = 0; i < 10 && (await focusState(page)).name !== 'Ajouter un taux'; i++) await page.keyboard.press('Tab');
    assert.is((await focusState(page)).name, 'Ajouter un taux');
    assert.ok((await focusState(page)).ring, 'the disclosure shows its focus');
    await page.keyboard.press('Enter');
    const form = page.locator('details[open] form');
    const fields = await form.evaluate((f) => [...f.querySelectorAll<HTMLElement>('input, select, button')].map((el) => el.getAttribute('name') ?? el.textContent?.trim() ?? ''));
    const reached: string[] = [];
    const withoutRing: string[] = [];
    for (let i = 0; i < 20 && !reached.includes('Ajouter'); i++) {
      await page.keyboard.press('Tab');
      const state = await focusState(page);
      reached.push(state.name);
      if (!state.ring) withoutRing.push(`${state.tag} ${state.name}`);
      if (state.name === 'validFrom') await page.keyboard.type('01012026');
    }
    assert.equal(fields.filter((f) => !reached.includes(f)), [], 'fields the keyboard never reached');
    assert.equal(withoutRing, [], 'focused without a visible ring');
    assert.is(await form.getByLabel('Valable à partir du').inputValue(), '01/01/2026');
  } finally {
    await context.close();
  }
});

test.run();
