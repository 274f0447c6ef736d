// Bad files: each refused whole with one French sentence, or row by row; nothing half-written.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { closeSync, mkdtempSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importContributions } from '../../src/app/import-contributions.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { bufferSource, fileSource, type ByteSource } from '../../src/import/source.ts';
import { parseMappingText } from '../../src/import/mapping-file.ts';
import { FIXTURES, PROGRAMME, setUp } from './setup.ts';

const dir = mkdtempSync(join(tmpdir(), 'socle-import-bad-'));

async function refusedWhole(source: ByteSource, expected: RegExp): Promise<void> {
  const { store, commands } = await setUp();
  const head = await store.head();
  try {
    await importContributions(commands, { programmeId: PROGRAMME, source, dryRun: false, actor: CLI_ACTOR });
    assert.unreachable('imported');
  } catch (error) {
    assert.match((error as Error).message, expected);
    assert.not.match((error as Error).message, /\n/);
  }
  assert.equal(await store.head(), head, 'nothing written');
}

test('a file that is no spreadsheet: a PNG, a PDF, old Excel, an .ods without content', async () => {
  await refusedWhole(bufferSource('photo.xlsx', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])), /^ce fichier n’est pas un tableur/);
  await refusedWhole(bufferSource('scan.csv', Buffer.from('%PDF-1.7\n\u0000\u0001binary')), /^ce fichier n’est pas un tableur/);
  await refusedWhole(bufferSource('vieux.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])), /\.xls \(Excel 97-2003\)/);
  await refusedWhole(bufferSource('tableau.ods', Buffer.from('PK\u0003\u0004 pas vraiment un zip')), /^le classeur \.ods est illisible/);
  await refusedWhole(bufferSource('texte.csv', Buffer.from('bonjour\nceci est une lettre\n')), /^aucune ligne d’en-tête trouvée/);
});

test('an empty file, an empty sheet, a header without rows', async () => {
  await refusedWhole(bufferSource('vide.csv', Buffer.alloc(0)), /^le fichier est vide$/);
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Feuil1');
  await refusedWhole(bufferSource('vide.xlsx', Buffer.from(await workbook.xlsx.writeBuffer())), /^la feuille est vide/);
  await refusedWhole(bufferSource('entete.csv', Buffer.from('Partenaire;Nature;Date;Quantité\n;;;\n')), /^la feuille n’a aucune ligne de données/);
});

test('a file over 50 MB is refused before it is read', async () => {
  const path = join(dir, 'enorme.csv');
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 50 * 1024 * 1024 + 1);
  closeSync(fd);
  await refusedWhole(fileSource(path), /^le fichier pèse 50 Mo, au plus 50 Mo : découpez-le/);
});

test('a file broken after its first thousand good rows writes none of them', async () => {
  const good = Array.from({ length: 1200 }, (_, i) => `CCAS de Rennes;Temps salarié;${String((i % 28) + 1).padStart(2, '0')}/03/2024;${(i % 9) + 1};cahier ${i}`);
  const text = ['Partenaire;Nature;Date;Quantité;Justificatif', ...good, '"CCAS de Rennes;Temps salarié;01/04/2024;2'].join('\n');
  await refusedWhole(bufferSource('casse.csv', Buffer.from(text)), /^le fichier CSV a un guillemet ouvert à la ligne 1202/);
});

test('a mapping file that is not what it should be is refused with the field it breaks', () => {
  assert.throws(() => parseMappingText('{"columns": {"quantité": "Heures"}}'), /^fichier de correspondance invalide : columns : champ inconnu$/);
  assert.throws(() => parseMappingText('pas du json'), /ce n’est pas du JSON/);
  assert.throws(() => parseMappingText('{"defaults": {"kind": "temps"}}'), /defaults\.kind/);
});

test('a mapping file names the columns and the words of a sheet the guess cannot read', async () => {
  const { commands } = await setUp();
  const csv = 'Qui;Quoi;Le;Combien\nle CCAS;heures agents;12/03/2024;2,5\nBug;bénévolat;13/03/2024;1\n';
  const mapping = parseMappingText(JSON.stringify({
    columns: { partner: 'Qui', kind: 'Quoi', date: 'Le', quantity: 'Combien' },
    values: { partner: { 'le CCAS': 'ccas', Bug: 'bug' }, kind: { 'heures agents': 'staff_time' } },
  }));
  const report = await importContributions(commands, { programmeId: PROGRAMME, source: bufferSource('m.csv', Buffer.from(csv)), mapping, dryRun: true, actor: CLI_ACTOR });
  assert.equal([report.imported, report.refused.length], [2, 0]);
  const named = parseMappingText(JSON.stringify({ columns: { partner: 'Partenaire' } }));
  try {
    await importContributions(commands, { programmeId: PROGRAMME, source: bufferSource('m.csv', Buffer.from(csv)), mapping: named, dryRun: true, actor: CLI_ACTOR });
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /la colonne « Partenaire » du fichier de correspondance n’est pas dans l’en-tête/);
  }
});

test('a changed row with the same identity is a conflict; moved rows are already imported; a fixed row is new', async () => {
  const { store, commands } = await setUp();
  const run = (csv: string) => importContributions(commands, { programmeId: PROGRAMME, source: bufferSource('t.csv', Buffer.from(csv)), dryRun: false, actor: CLI_ACTOR });
  const header = 'Partenaire;Nature;Date;Quantité;Justificatif';
  const first = await run([header, 'CCAS de Rennes;Temps salarié;12/03/2024;3;fiche 1', 'Bug;Bénévolat;13/03/2024;2;', 'Bug;Bénévolat;32/03/2024;2;'].join('\n'));
  assert.equal([first.imported, first.refused.length], [2, 1]);
  const head = await store.head();
  // The same rows in another order, the refused one fixed, and the first with another quantity.
  const second = await run([header, 'Association Bug;Bénévolat;31/03/2024;2;', 'Association Bug;bénévolat;13/03/2024;2;', 'CCAS de Rennes;Temps salarié;12/03/2024;4;fiche 1'].join('\n'));
  assert.equal([second.imported, second.alreadyImported, second.refused.length], [1, 1, 1]);
  assert.equal(second.refused.map((r) => [r.row, r.problems]), [[4, [{ column: '(toute la ligne)', reason: 'une ligne de même identité a déjà été importée avec d’autres chiffres : corrigez la contribution dans Socle plutôt que de la réimporter' }]]]);
  assert.is((await store.head()).position, head.position + 1);
});

test('a partner imports its own rows only: the others are refused row by row', async () => {
  const { commands } = await setUp();
  const csv = 'Partenaire;Nature;Date;Quantité\nAssociation Bug;Bénévolat;12/03/2024;2\nCCAS de Rennes;Temps salarié;12/03/2024;3\n';
  const report = await importContributions(commands, { programmeId: PROGRAMME, source: bufferSource('p.csv', Buffer.from(csv)), dryRun: false, actor: { name: 'bug', role: 'partner', partnerId: 'bug' } });
  assert.equal([report.imported, report.refused.length], [1, 1]);
  assert.equal(report.refused[0]!.problems, [{ column: 'Partenaire', reason: 'ligne du partenaire ccas : un partenaire n’importe que ses propres lignes' }]);
});

test.run();
