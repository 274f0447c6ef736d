// socle scenarios (issue 16): draft a scenario, add a fact, show it beside the real plan, export
// its workbook (read back); bad input is one line in French and writes nothing. Figures by hand.
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

test('bad input is one line in French and writes nothing', () => {
  const before = socle(['verify', '--data', data]).stdout;
  for (const [args, message] of [
    [['scenarios', 'fact', '--programme', 'p', '--scenario', 'double', '--id', 'y', '--fact', '{oops'], /--fact attend une hypothèse en JSON/],
    [['scenarios', 'fact', '--programme', 'p', '--scenario', 'double', '--id', 'y', '--fact', '{"kind":"drop-partner","partnerId":"nobody"}'], /partenaire inconnu : nobody/],
    [['scenarios', 'draft', '--programme', 'p', '--id', 'z', '--title', 'Z', '--as-of-date', '2999-01-01'], /asOfDate/],
    [['scenarios', 'draft', '--programme', 'p', '--id', 'z'], /demande --title/],
    [['scenarios', 'archive', '--programme', 'p', '--scenario', 'nope', '--reason', 'x'], /scénario inconnu : nope/],
    [['scenarios', 'frobnicate', '--programme', 'p'], /show, export, draft, fact, copy, archive/],
  ] as [string[], RegExp][]) {
    const r = socle([...args, '--data', data]);
    assert.is.not(r.status, 0, args.join(' '));
    assert.match(r.stderr, message, `${args.join(' ')}: ${r.stderr}`);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.is(socle(['verify', '--data', data]).stdout, before, 'nothing written');
});

test.run();
