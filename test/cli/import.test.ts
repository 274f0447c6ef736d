// `socle import contributions` as a user runs it: the dry run, the import, the workbook of refused
// rows read back, the re-import that writes nothing, a file refused whole in one line, and the log
// export → import into an empty folder giving the same figures.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { Socle } from '../../src/app/socle.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { FIXTURES, PROGRAMME, SET_UP } from '../import/setup.ts';
import { socle, tempDir } from './run-cli.ts';

const work = tempDir('socle-cli-import-');
const data = join(work, 'data');
const table = join(FIXTURES, 'contributions-2024.xlsx');

test('set up the programme', async () => {
  const ledger = await Socle.open({ dataDir: data });
  for (const command of SET_UP) await ledger.commands.handleProgramme(command, CLI_ACTOR);
  await ledger.close();
});

test('--dry-run prints the report and writes nothing', () => {
  const before = socle(['verify', '--data', data]).stdout;
  const dry = socle(['import', 'contributions', table, '--programme', PROGRAMME, '--dry-run', '--data', data]);
  assert.is(dry.status, 1, dry.stderr);
  const lines = dry.stdout.trim().split('\n');
  assert.is(lines[0], '10 lignes lues : 5 à importer, 0 déjà importées, 4 refusées, 1 ignorées (essai : rien n’a été écrit)');
  assert.is(lines[1], 'ligne 9, colonne Partenaire : partenaire inconnu dans le programme : « Mairie de Nulle-Part »');
  assert.is(lines.length, 6);
  assert.is(socle(['verify', '--data', data]).stdout, before);
});

test('the import writes five contributions and the refused rows as a workbook', async () => {
  const report = join(work, 'refus.xlsx');
  const run = socle(['import', 'contributions', table, '--programme', PROGRAMME, '--report', report, '--data', data]);
  assert.is(run.status, 1, run.stderr);
  assert.match(run.stdout, /^10 lignes lues : 5 importées, 0 déjà importées, 4 refusées, 1 ignorées$/m);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(report);
  const sheet = workbook.getWorksheet('Lignes refusées')!;
  const header = sheet.getRow(1).values as unknown[];
  assert.equal(header.slice(1), ['Partenaire', 'Nature', 'Date', 'Quantité', 'Unité', 'Montant (€)', 'Action', 'Lieu', 'Commentaire', 'Justificatif', 'Prévu/Réalisé', 'Valorisation (€)', 'Ligne d’origine', 'Colonne', 'Motif du refus']);
  assert.is(sheet.rowCount, 5);
  const rows = [2, 3, 4, 5].map((n) => sheet.getRow(n));
  assert.equal(rows.map((r) => r.getCell(13).value), [9, 10, 11, 12]);
  assert.equal(rows.map((r) => r.getCell(14).value), ['Partenaire', 'Date', 'Quantité', 'Nature, Quantité']);
  assert.is(rows[0]!.getCell(1).value, 'Mairie de Nulle-Part');
  assert.is(rows[2]!.getCell(4).value, '=2*3');
  assert.is(rows[1]!.getCell(15).value, 'Date : 2022-05-10 est hors de la période du programme (du 2023-01-01 au 2026-12-31)');
});

test('importing it again writes nothing', () => {
  const before = socle(['verify', '--data', data]).stdout;
  const again = socle(['import', 'contributions', table, '--programme', PROGRAMME, '--data', data]);
  assert.match(again.stdout, /^10 lignes lues : 0 importées, 5 déjà importées, 4 refusées, 1 ignorées$/m);
  assert.is(socle(['verify', '--data', data]).stdout, before);
});

test('a Coop export with --partner, all rows good: exit 0', () => {
  const mapping = join(work, 'coop.json');
  writeFileSync(mapping, JSON.stringify({ coop: { kind: 'volunteer_time' }, values: { site: { 'Médiathèque des Champs Libres': 'bellangerais' } } }));
  const run = socle(['import', 'contributions', join(FIXTURES, 'coop-activites.xlsx'), '--programme', PROGRAMME, '--partner', 'bug', '--mapping', mapping, '--data', data]);
  assert.is(run.status, 0, run.stderr + run.stdout);
  assert.is(run.stdout.trim(), '4 lignes lues : 4 importées, 0 déjà importées, 0 refusées');
});

test('a file refused whole: one line on stderr, exit 1, nothing written', () => {
  const before = socle(['verify', '--data', data]).stdout;
  const broken = join(work, 'casse.ods');
  writeFileSync(broken, readFileSync(join(FIXTURES, 'contributions-2024.ods')).subarray(0, 4000));
  const bad = socle(['import', 'contributions', broken, '--programme', PROGRAMME, '--data', data]);
  assert.is(bad.status, 1);
  assert.is(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /^socle import: le classeur \.ods est illisible/);
  assert.is(socle(['verify', '--data', data]).stdout, before);
  const usage = socle(['import', 'contributions', table, '--data', data]);
  assert.is(usage.status, 2);
  assert.match(usage.stderr, /usage : socle import contributions FICHIER --programme ID/);
});

test('a large file prints its progress on stderr, one line per batch when asked for every one', () => {
  const rows = Array.from({ length: 1200 }, (_, i) => `Association Bug;Bénévolat;${String((i % 28) + 1).padStart(2, '0')}/05/2024;1;session ${i}`);
  const file = join(work, 'gros.csv');
  writeFileSync(file, ['Partenaire;Nature;Date;Quantité;Justificatif', ...rows].join('\n'));
  const run = socle(['import', 'contributions', file, '--programme', PROGRAMME, '--data', data], { env: { SOCLE_IMPORT_PROGRESS_MS: '0' } });
  assert.is(run.status, 0, run.stderr);
  // Batches of 500: after 500, 1 000 and 1 200 rows.
  assert.equal(run.stderr.trim().split('\n'), ['… 500 lignes lues, 500 importées', '… 1\u202f000 lignes lues, 1\u202f000 importées', '… 1\u202f200 lignes lues, 1\u202f200 importées']);
  assert.is(run.stdout.trim(), '1\u202f200 lignes lues : 1\u202f200 importées, 0 déjà importées, 0 refusées');
  const wrong = socle(['import', 'contributions', file, '--programme', PROGRAMME, '--partner', 'personne', '--data', data]);
  assert.is(wrong.status, 1);
  assert.is(wrong.stderr.trim(), 'socle import: partenaire inconnu : personne');
});

test('log export then log import into an empty folder gives the same figures', () => {
  const file = join(work, 'ledger.jsonl');
  assert.is(socle(['log', 'export', '--out', file, '--data', data]).status, 0);
  const copy = join(work, 'copy');
  assert.is(socle(['log', 'import', file, '--data', copy]).status, 0);
  for (const status of ['actual', 'planned']) {
    const totals = (dir: string) => socle(['totals', '--programme', PROGRAMME, '--status', status, '--data', dir]).stdout;
    assert.ok(JSON.parse(totals(data)).total !== '0.00');
    assert.is(totals(copy), totals(data));
  }
});

test.run();
