// socle scenarios (issue 16): draft a scenario, add a fact, show it beside the real plan, export
// its workbook (read back); edit its title and description, remove a fact with a reason; bad input
// is one line in French and writes nothing. Figures by hand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Socle } from '../../src/app/socle.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { socle, tempDir } from './run-cli.ts';

const dir = tempDir();
const data = join(dir, 'data');

test.before(async () => {
  const ledger = await Socle.open({ dataDir: data });
  const setUp = (command: Parameters<Socle['commands']['handleProgramme']>[0]) => ledger.commands.handleProgramme(command, CLI_ACTOR);
  await setUp({ type: 'OpenProgramme', data: { programmeId: 'p', name: 'Programme', startsOn: '2024-01-01', endsOn: '2026-12-31' } });
  await setUp({ type: 'AddPartner', data: { programmeId: 'p', partnerId: 'caf', name: 'CAF', category: 'caf' } });
  await ledger.commands.handleContribution({ type: 'RecordContribution', programmeId: 'p', contributionId: 'g1', content: { partnerId: 'caf', kind: 'cash', status: 'planned', date: '2025-05-01', amount: '1000' } }, CLI_ACTOR);
  await ledger.close();
});

test('draft, add a fact, show and export: the scenario beside the real plan', async () => {
  const drafted = socle(['scenarios', 'draft', '--programme', 'p', '--id', 'double', '--title', 'CAF doublée', '--data', data]);
  assert.is(drafted.status, 0, drafted.stderr);
  const fact = socle(['scenarios', 'fact', '--programme', 'p', '--scenario', 'double', '--id', 'x2', '--fact', '{"kind":"scale-contributions","factor":"2","partnerId":"caf"}', '--data', data]);
  assert.is(fact.status, 0, fact.stderr);
  const shown = socle(['scenarios', 'show', '--programme', 'p', '--year', '2025', '--data', data]);
  assert.is(shown.status, 0, shown.stderr);
  // Real 1 000,00 €; the scenario doubles it: 2 000,00 €, +1 000,00 €.
  assert.match(shown.stdout, /^  Plan réel : total 1\u202f000,00 €/m);
  assert.match(shown.stdout, /^  « CAF doublée » : total 2\u202f000,00 € \(\+1\u202f000,00 €\)/m);
  const out = join(dir, 'scenarios.xlsx');
  const exported = socle(['scenarios', 'export', '--programme', 'p', '--year', '2025', '--out', out, '--data', data]);
  assert.is(exported.status, 0, exported.stderr);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  const total = workbook.getWorksheet('Comparaison')!.getRow(5);
  assert.equal([total.getCell(2).value, total.getCell(3).value, total.getCell(4).value], [1000, 2000, { formula: 'C5-B5', result: 1000 }]);
  // Its Provenance names the data folder in the diff as in the command: pasted anywhere, both read this ledger.
  const provenance = new Map<string, string>();
  workbook.getWorksheet('Provenance')!.eachRow((row) => provenance.set(String(row.getCell(1).value), String(row.getCell(2).value)));
  const position = provenance.get('Position')!;
  assert.match(provenance.get('Commande')!, new RegExp(`--as-of ${position} --out scenarios\\.xlsx --data ${data}$`));
  assert.match(provenance.get('Changé depuis')!, new RegExp(`^npx socle diff --programme p --from ${position} --data ${data} \\(ou GET /api/programmes/p/diff\\?from=${position}\\)`));
});

/** The log's length, from `socle verify` (« ok N EMPREINTE »). */
function logLength(): number {
  const verified = socle(['verify', '--data', data]);
  assert.is(verified.status, 0, verified.stderr);
  return Number(/^ok (\d+) [0-9a-f]{64}$/m.exec(verified.stdout)![1]);
}

function shownJson(): { scenarios: Array<{ scenarioId: string; title: string; description?: string; facts: unknown[]; figures: { total: string } }> } {
  const shown = socle(['scenarios', 'show', '--programme', 'p', '--year', '2025', '--json', '--data', data]);
  assert.is(shown.status, 0, shown.stderr);
  return JSON.parse(shown.stdout);
}

test('edit: a new title shows, the description not given stays, an empty one clears it', () => {
  const drafted = socle(['scenarios', 'draft', '--programme', 'p', '--id', 'sobre', '--title', 'Sobriété', '--description', 'Avant la réunion', '--data', data]);
  assert.is(drafted.status, 0, drafted.stderr);
  const before = logLength();
  const edited = socle(['scenarios', 'edit', '--programme', 'p', '--scenario', 'sobre', '--title', 'Sobriété partagée', '--data', data]);
  assert.is(edited.status, 0, edited.stderr);
  assert.is(edited.stdout.trim(), `scénario sobre : edit écrit (événement ${before + 1})`);
  const shown = socle(['scenarios', 'show', '--programme', 'p', '--year', '2025', '--data', data]);
  assert.match(shown.stdout, /^  « Sobriété partagée » : total 1\u202f000,00 € \(\+0,00 €\)/m);
  assert.not.match(shown.stdout, /« Sobriété »/);
  const sobre = () => shownJson().scenarios.find((s) => s.scenarioId === 'sobre')!;
  assert.equal([sobre().title, sobre().description], ['Sobriété partagée', 'Avant la réunion']);
  // The same title again changes nothing and writes nothing.
  const again = socle(['scenarios', 'edit', '--programme', 'p', '--scenario', 'sobre', '--title', 'Sobriété partagée', '--data', data]);
  assert.is(again.stdout.trim(), 'déjà enregistré : rien d’écrit');
  assert.is(logLength(), before + 1);
  const cleared = socle(['scenarios', 'edit', '--programme', 'p', '--scenario', 'sobre', '--description', '', '--data', data]);
  assert.is(cleared.status, 0, cleared.stderr);
  assert.equal([sobre().title, sobre().description], ['Sobriété partagée', undefined]);
  assert.is(logLength(), before + 2);
});

test('remove-fact: the comparison no longer counts the fact removed', () => {
  const run = (args: string[]) => {
    const r = socle([...args, '--data', data]);
    assert.is(r.status, 0, r.stderr);
  };
  run(['scenarios', 'draft', '--programme', 'p', '--id', 'deux', '--title', 'Deux subventions']);
  const grant = (amount: string, date: string) => JSON.stringify({ kind: 'add-contribution', content: { partnerId: 'caf', kind: 'cash', status: 'planned', date, unit: 'eur', amount } });
  run(['scenarios', 'fact', '--programme', 'p', '--scenario', 'deux', '--id', 'a1', '--fact', grant('250', '2025-06-01')]);
  run(['scenarios', 'fact', '--programme', 'p', '--scenario', 'deux', '--id', 'a2', '--fact', grant('100', '2025-07-01')]);
  // Real 1 000,00 €; with both grants 1 000 + 250 + 100 = 1 350,00 €, +350,00 €.
  const deux = () => shownJson().scenarios.find((s) => s.scenarioId === 'deux')!;
  assert.equal([deux().figures.total, deux().facts.length], ['1350.00', 2]);
  const before = logLength();
  run(['scenarios', 'remove-fact', '--programme', 'p', '--scenario', 'deux', '--fact', 'a1', '--reason', 'subvention refusée']);
  assert.is(logLength(), before + 1);
  // Without a1: 1 000 + 100 = 1 100,00 €, +100,00 €, one fact left.
  assert.equal([deux().figures.total, deux().facts.length], ['1100.00', 1]);
  const shown = socle(['scenarios', 'show', '--programme', 'p', '--year', '2025', '--data', data]);
  assert.match(shown.stdout, /^  « Deux subventions » : total 1\u202f100,00 € \(\+100,00 €\), besoin de financement .*, 1 hypothèse\(s\)/m);
});

test('bad input is one line in French and writes nothing', () => {
  const before = socle(['verify', '--data', data]).stdout;
  for (const [args, message] of [
    [['scenarios', 'fact', '--programme', 'p', '--scenario', 'double', '--id', 'y', '--fact', '{oops'], /--fact attend une hypothèse en JSON/],
    [['scenarios', 'fact', '--programme', 'p', '--scenario', 'double', '--id', 'y', '--fact', '{"kind":"drop-partner","partnerId":"nobody"}'], /partenaire inconnu : nobody/],
    [['scenarios', 'draft', '--programme', 'p', '--id', 'z', '--title', 'Z', '--as-of-date', '2999-01-01'], /asOfDate/],
    [['scenarios', 'draft', '--programme', 'p', '--id', 'z'], /demande --title/],
    [['scenarios', 'archive', '--programme', 'p', '--scenario', 'nope', '--reason', 'x'], /scénario inconnu : nope/],
    [['scenarios', 'edit', '--programme', 'p', '--scenario', 'nope', '--title', 'X'], /scénario inconnu : nope/],
    [['scenarios', 'edit', '--programme', 'q', '--scenario', 'double', '--title', 'X'], /programme inconnu : q/],
    [['scenarios', 'edit', '--programme', 'p', '--scenario', 'double'], /edit demande --title TITRE, --description TEXTE ou les deux/],
    [['scenarios', 'edit', '--programme', 'p', '--scenario', 'double', '--title', '  '], /title: ne doit pas être vide/],
    [['scenarios', 'remove-fact', '--programme', 'p', '--scenario', 'double', '--fact', 'x2'], /remove-fact demande --reason/],
    [['scenarios', 'remove-fact', '--programme', 'p', '--scenario', 'double', '--fact', 'x2', '--reason', ' '], /remove-fact demande --reason/],
    [['scenarios', 'remove-fact', '--programme', 'p', '--scenario', 'double', '--reason', 'x'], /remove-fact demande --fact/],
    [['scenarios', 'remove-fact', '--programme', 'p', '--scenario', 'double', '--fact', 'zz', '--reason', 'x'], /hypothèse inconnue dans le scénario double : zz/],
    [['scenarios', 'remove-fact', '--programme', 'p', '--scenario', 'nope', '--fact', 'x2', '--reason', 'x'], /scénario inconnu : nope/],
    [['scenarios', 'frobnicate', '--programme', 'p'], /show, export, draft, edit, fact, remove-fact, copy, archive/],
  ] as [string[], RegExp][]) {
    const r = socle([...args, '--data', data]);
    assert.is.not(r.status, 0, args.join(' '));
    assert.match(r.stderr, message, `${args.join(' ')}: ${r.stderr}`);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.is(socle(['verify', '--data', data]).stdout, before, 'nothing written');
});

test.run();
