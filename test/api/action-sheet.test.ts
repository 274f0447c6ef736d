// The fiche action over real HTTP (issue 14, point 7): the coordinator PUTs an action's sheet whole,
// GET /programmes/{p} shows it, a later PUT replaces it; every refusal is a French problem+json and
// writes nothing.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { call, P, setUpProgramme, startHarness, type Harness } from './helpers.ts';

const test = suite<{ h: Harness }>('action sheet');
const B = `/api/programmes/${P}`;
const SHEET = `${B}/actions/a1/sheet`;

test.before(async (ctx) => {
  ctx.h = await startHarness();
  await setUpProgramme(ctx.h);
});
test.after(async ({ h }) => {
  await h.stop();
});

const fiche = {
  services: 'CCAS de Janzé ; médiathèques',
  stakes: 'Autonomie numérique des habitants',
  objectives: 'Douze ateliers par an\nUn accueil chaque semaine',
  calendar: [
    { label: 'Expérimentation', startsOn: '2024-01-01', endsOn: '2024-06-30' },
    { label: 'COPIL', startsOn: '2024-06-12', endsOn: '2024-06-12' },
  ],
};

const actionOf = async (h: Harness, actionId: string) => {
  const a = await call(h.url, 'GET', B, { token: h.tokens.coordinator });
  assert.is(a.status, 200);
  return (a.json.actions as { id: string; sheet?: unknown }[]).find((x) => x.id === actionId)!;
};

test('a coordinator sets the fiche; the programme shows it; the same again writes nothing', async ({ h }) => {
  const before = (await h.socle.store.head()).position;
  const a = await call(h.url, 'PUT', SHEET, { token: h.tokens.coordinator, body: fiche });
  assert.is(a.status, 200, a.text);
  assert.equal(a.json, { actionId: 'a1', sheet: fiche });
  assert.is(a.headers.get('x-socle-position'), String(before + 1));
  assert.equal((await actionOf(h, 'a1')).sheet, fiche);
  assert.is((await actionOf(h, 'a2')).sheet, undefined, 'an action without a fiche shows none');
  const again = await call(h.url, 'PUT', SHEET, { token: h.tokens.coordinator, body: fiche });
  assert.is(again.status, 200);
  assert.is((await h.socle.store.head()).position, before + 1, 'the same sheet again writes nothing');
});

test('a later fiche replaces the first whole: what it leaves out is cleared', async ({ h }) => {
  const second = { objectives: 'Vingt ateliers par an', calendar: [] };
  const a = await call(h.url, 'PUT', SHEET, { token: h.tokens.coordinator, body: second });
  assert.is(a.status, 200, a.text);
  assert.equal((await actionOf(h, 'a1')).sheet, second);
});

test('refusals are French problem+json and write nothing', async ({ h }) => {
  const before = await h.socle.store.head();
  const put = (path: string, token: string, body: unknown) => call(h.url, 'PUT', path, { token, body });
  const partner = await put(SHEET, h.tokens.partner, fiche);
  assert.is(partner.status, 403);
  assert.ok(partner.contentType.startsWith('application/problem+json'));
  assert.match(partner.json.detail, /le rôle partner ne permet pas cette opération/);

  const unknown = await put(`${B}/actions/a9/sheet`, h.tokens.coordinator, fiche);
  assert.is(unknown.status, 404);
  assert.is(unknown.json.detail, 'action inconnue dans le programme p1 : a9');

  // The programme runs from 2023-01-01 to 2026-12-31; the second step ends before it starts.
  const late = await put(SHEET, h.tokens.coordinator, {
    calendar: [
      { label: 'Bilan', startsOn: '2027-01-01', endsOn: '2027-03-31' },
      { label: 'Retour', startsOn: '2025-03-01', endsOn: '2025-02-01' },
    ],
  });
  assert.is(late.status, 400);
  assert.equal(late.json.errors, [
    { path: 'calendar.0', message: 'l’étape « Bilan » sort de la période du programme (du 2023-01-01 au 2026-12-31)' },
    { path: 'calendar.1.endsOn', message: 'l’étape « Retour » doit finir le jour de son début ou après' },
  ]);

  const bad = await put(SHEET, h.tokens.coordinator, { services: ' ', stakes: 'x'.repeat(2001), indicators: [], calendar: [{ label: 'x', startsOn: '2024-02-30', endsOn: '2024-03-01' }] });
  assert.is(bad.status, 400);
  const paths = (bad.json.errors as { path: string; message: string }[]).map((e) => `${e.path}: ${e.message}`);
  assert.ok(paths.includes('services: ne doit pas être vide : omettez le champ pour le laisser en blanc'), paths.join(' | '));
  assert.ok(paths.includes('stakes: au plus 2000 caractères'), paths.join(' | '));
  assert.ok(paths.some((p) => p.startsWith('calendar.0.startsOn: attendu une date réelle')), paths.join(' | '));
  assert.ok(paths.some((p) => p.startsWith('indicators: ')), paths.join(' | '));

  assert.equal(await h.socle.store.head(), before, 'nothing written');
});

test.run();
