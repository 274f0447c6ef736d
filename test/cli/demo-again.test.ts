// A second `socle demo` says nothing about loading and leaves every workbook byte for byte as the
// first run wrote it; once the ledger moves, the workbooks are written again. The demo's human
// output is French: partners by name, euros and shares in French format.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Socle } from '../../src/app/socle.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { socle, tempDir } from './run-cli.ts';

const work = tempDir('socle-demo-again-');
const data = join(work, 'data');
const out = join(work, 'out');
const snapshotOf = () => new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f)).toString('base64')]));

test('the first demo reports loading, in French, with names and French figures', () => {
  const first = socle(['demo', '--data', data, '--out', out]);
  assert.is(first.status, 0, first.stderr);
  assert.match(first.stderr, /^chargement du registre de démonstration dans .* \(647 contributions\)…$/m);
  // Worked out from the demo's seed by hand elsewhere (test/projections/totals.test.ts checks the
  // sums); here the French form: narrow no-break space between thousands, comma, "%" after a space.
  // The EPCI's 123 421,81 € of a realised total of 222 917,08 € (the forms' showcase added La
  // Canopée's 840 € invoice, the Département's 1 200 € and Orditous's 24 volunteer hours) is 55,37 %.
  assert.match(first.stdout, /^  Roche aux Fées Communauté — service SIG-Numérique +123\u202f421,81 € +55,37 %$/m);
  assert.match(first.stdout, /— réalisé, toutes années — total 222\u202f917,08 €$/m);
  assert.match(first.stdout, /^  non valorisées : 4 contributions, p\. ex\. Roche aux Fées Communauté — service SIG-Numérique — aucun taux « Prêt de matériel » au 16\/01\/2024$/m);
  assert.not.match(first.stdout, /rafcom-\d{4}|\d\.\d\d %/);
  // Acte 3's three orientations (src/demo/orientations.ts), planned 2025. Real: ANCT 12 000,00 +
  // CCAS 1 300 h × 27,40 = 35 620,00 + Ville 192 demi-journées × 40 = 7 680,00 → 55 300,00 €.
  // Échec: the CCAS and the associations out, the rooms halved: 12 000,00 + 3 840,00 = 15 840,00 €.
  // Succès: the rooms doubled (no volunteer hours planned in 2025): 55 300,00 + 7 680,00 = 62 980,00 €.
  // Ambition: four sites and the common coordination, 1 607 h each at 17,226 € = 27 682,18 €: 5 × that = 138 410,90 €.
  assert.match(first.stdout, /^  Plan réel : total 55\u202f300,00 €, besoin de financement /m);
  assert.match(first.stdout, /^  « Échec des communs » : total 15\u202f840,00 € \(−39\u202f460,00 €\)/m);
  assert.match(first.stdout, /^  « Succès des communs » : total 62\u202f980,00 € \(\+7\u202f680,00 €\)/m);
  assert.match(first.stdout, /^  « Garder la possibilité d’être ambitieux » : total 193\u202f710,90 € \(\+138\u202f410,90 €\)/m);
  // Five workbooks a programme (the service workbook of issue 15 among them), two programmes, and
  // the three funders' forms of src/demo/forms.ts.
  assert.is(readdirSync(out).length, 13);
});

test('a second demo is silent about loading and leaves the workbooks byte-identical', () => {
  const before = snapshotOf();
  const times = readdirSync(out).map((f) => statSync(join(out, f)).mtimeMs);
  const again = socle(['demo', '--data', data, '--out', out]);
  assert.is(again.status, 0, again.stderr);
  assert.is(again.stderr, '');
  // The demo's 1 157 set-up and contribution events, the 20 events of the funders' forms showcase
  // (15 contributions and their reviews, src/demo/contributions.ts formsShowcase), its 27 service
  // facts (issue 15: 12 for Roche aux Fées, 15 for Acte 3, src/demo/service.ts), Acte 3's three
  // orientations (issue 16: 3 scenarios and their 10 facts, src/demo/orientations.ts), the sixteen
  // fiches actions (issue 14: 12 for Roche aux Fées, 4 for Acte 3, src/demo/sheets.ts) and the signed
  // checkpoint of its head (docs/auditing.md): 1 234.
  assert.match(again.stdout, /^registre de démonstration déjà chargé : rien d'écrit \(1\u202f234 événements, empreinte [0-9a-f]{64}\)$/m);
  assert.is((again.stdout.match(/^  déjà à jour /gm) ?? []).length, 13);
  assert.equal(snapshotOf(), before);
  assert.equal(readdirSync(out).map((f) => statSync(join(out, f)).mtimeMs), times, 'not even rewritten with the same bytes');
});

test('once the ledger moves, the next demo writes the workbooks again', async () => {
  const before = snapshotOf();
  const ledger = await Socle.open({ dataDir: data });
  await ledger.commands.handleContribution(
    { type: 'RecordContribution', programmeId: 'rafcom', contributionId: 'late-grant', content: { partnerId: 'region', kind: 'cash', status: 'actual', date: '2024-12-01', amount: '10.00' } },
    CLI_ACTOR,
  );
  await ledger.close();
  const third = socle(['demo', '--data', data, '--out', out]);
  assert.is(third.status, 0, third.stderr);
  assert.is((third.stdout.match(/^  écrit /gm) ?? []).length, 13);
  for (const [file, bytes] of before) assert.is.not(readFileSync(join(out, file)).toString('base64'), bytes, file);
  // Région Bretagne had 12 000,00 € actual in rafcom: 10,00 € more.
  assert.match(third.stdout, /^  Région Bretagne +12\u202f010,00 € /m);
});

test.run();
