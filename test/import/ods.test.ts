// .ods read by src/import/ods.ts: files LibreOffice makes here (from the .xlsx table and from the
// Windows-1252 CSV, so its own date and number cells), the committed fixture, and small documents
// written by hand for what LibreOffice writes only sometimes (repeated filled rows, covered cells,
// notes, spaces as text:s, a chosen sheet). Every outcome is written by hand; real SQLite files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import JSZip from 'jszip';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importContributions } from '../../src/app/import-contributions.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import type { ContributionContent } from '../../src/domain/events.ts';
import { bufferSource, fileSource, type ByteSource } from '../../src/import/source.ts';
import { createSqliteStore } from '../../src/store/sqlite.ts';
import type { EventStore } from '../../src/store/port.ts';
import { needTools } from '../support/tools.ts';
import { FIXTURES, PROGRAMME, setUp } from './setup.ts';

const tools = needTools('soffice');
const dir = mkdtempSync(join(tmpdir(), 'socle-import-ods-'));
let n = 0;
const fresh = () => setUp(createSqliteStore({ path: join(dir, `s${++n}.sqlite`) }));

/** LibreOffice converts `file` to .ods (a private profile, so concurrent runs do not share one). */
function toOds(file: string, infilter?: string): string {
  const outDir = join(dir, `lo-${++n}`);
  mkdirSync(outDir, { recursive: true });
  const profile = pathToFileURL(join(dir, 'lo-profile')).href;
  const args = [`-env:UserInstallation=${profile}`, '--headless', '--norestore', ...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', 'ods', '--outdir', outDir, file];
  const run = spawnSync(tools.soffice, args, { encoding: 'utf8', timeout: 3 * 60 * 1000 });
  const out = join(outDir, file.replace(/^.*\//, '').replace(/\.[a-z]+$/, '.ods'));
  if (run.status !== 0 || !existsSync(out)) throw new Error(`soffice --convert-to ods failed: ${run.stdout}\n${run.stderr}`);
  return out;
}

async function recorded(store: EventStore): Promise<ContributionContent[]> {
  const out: ContributionContent[] = [];
  for await (const event of store.readAll()) if (event.type === 'ContributionRecorded') out.push((event.data as { content: ContributionContent }).content);
  return out.sort((a, b) => a.date.localeCompare(b.date) || (a.quantity ?? '').localeCompare(b.quantity ?? ''));
}

const importSource = (commands: Awaited<ReturnType<typeof fresh>>['commands'], source: ByteSource, extra: { mapping?: { sheet: string } } = {}) =>
  importContributions(commands, { programmeId: PROGRAMME, source, dryRun: false, actor: CLI_ACTOR, ...extra });

const outcome = (report: { rows: number; imported: number; alreadyImported: number; refused: unknown[]; skipped: number }) => [report.rows, report.imported, report.alreadyImported, report.refused.length, report.skipped];

test('the GT ESC table saved as .ods by LibreOffice: merged titles, totals, the formula column — as the .xlsx', async () => {
  const ods = toOds(join(FIXTURES, 'contributions-2024.xlsx'));
  const { store, commands } = await fresh();
  const report = await importSource(commands, fileSource(ods));
  assert.equal(outcome(report), [10, 5, 0, 4, 1]);
  assert.equal(report.refused.map((r) => [r.row, r.problems.map((p) => p.column)]), [[9, ['Partenaire']], [10, ['Date']], [11, ['Quantité']], [12, ['Nature', 'Quantité']]]);
  // LibreOffice writes the formula 2*3 as "of:=2*3": the prefix is its dialect's, not the sender's.
  assert.is(report.refused[2]!.problems[0]!.reason, 'cellule calculée par une formule (2*3) : collez-y la valeur');
  const contents = await recorded(store);
  assert.equal(contents.map((c) => [c.partnerId, c.kind, c.status, c.date, c.quantity ?? c.amount]), [
    ['ccas', 'staff_time', 'actual', '2024-01-15', '12.5'],
    ['bug', 'volunteer_time', 'actual', '2024-02-03', '7.5'],
    ['rennes', 'premises', 'planned', '2024-03-04', '4'],
    ['cd35', 'cash', 'planned', '2024-04-01', '12500.00'],
    ['caf35', 'kiosk', 'actual', '2024-07-01', '3'],
  ]);
  // The same rows as the .xlsx: the ids come from the content, so importing the .xlsx after it adds nothing.
  const again = await importSource(commands, fileSource(join(FIXTURES, 'contributions-2024.xlsx')));
  assert.equal(outcome(again), [10, 0, 5, 4, 1]);
});

test('the committed fixture (LibreOffice’s .ods of the same table) reads the same', async () => {
  const { commands } = await fresh();
  const report = await importSource(commands, fileSource(join(FIXTURES, 'contributions-2024.ods')));
  assert.equal(outcome(report), [10, 5, 0, 4, 1]);
});

test('the Windows-1252 CSV opened by LibreOffice in French: its own date and number cells', async () => {
  const csv = join(dir, 'tableau.csv');
  copyFileSync(join(FIXTURES, 'contributions-1252.csv'), csv);
  // Separator ; (59), quote " (34), Windows-1252 (1), from line 1, French (1036): "08/01/2024" is a
  // date cell of 8 January, "3,5" the number 3.5, "1 234,56" the number 1234.56.
  const ods = toOds(csv, 'CSV:59,34,1,1,,1036');
  const { store, commands } = await fresh();
  const report = await importSource(commands, fileSource(ods));
  assert.equal(outcome(report), [5, 3, 0, 1, 1]);
  assert.equal(report.refused.map((r) => [r.row, r.problems]), [[6, [{ column: 'Date', reason: '« 31/02/2024 » n’est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ)' }]]]);
  assert.equal(await recorded(store), [
    { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-01-08', quantity: '3.5', unit: 'hour', siteId: 'maurepas' },
    { partnerId: 'bug', kind: 'volunteer_time', status: 'actual', date: '2024-01-20', quantity: '2', unit: 'hour', siteId: 'bellangerais' },
    { partnerId: 'rennes', kind: 'prestation', status: 'actual', date: '2024-01-25', amount: '1234.56', unit: 'eur' },
  ]);
});

const MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';

/** An .ods as a spreadsheet program lays it out: the mimetype first and stored, then content.xml. */
async function handWritten(tables: string, extra: Record<string, string> = {}): Promise<ByteSource> {
  const zip = new JSZip();
  zip.file('mimetype', MIMETYPE, { compression: 'STORE' });
  zip.file('content.xml', `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${NS}><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`);
  for (const [name, text] of Object.entries(extra)) zip.file(name, text);
  return bufferSource('main.ods', await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

const s = (text: string) => `<table:table-cell office:value-type="string"><text:p>${text}</text:p></table:table-cell>`;
const f = (value: string, shown = value) => `<table:table-cell office:value-type="float" office:value="${value}"><text:p>${shown}</text:p></table:table-cell>`;
const d = (value: string, shown: string) => `<table:table-cell office:value-type="date" office:date-value="${value}"><text:p>${shown}</text:p></table:table-cell>`;
const row = (cells: string, repeat?: number) => `<table:table-row${repeat ? ` table:number-rows-repeated="${repeat}"` : ''}>${cells}</table:table-row>`;
const HEADER = row(s('Partenaire') + s('Nature') + s('Date') + s('Quantité') + s('Lieu') + s('Commentaire'));

test('a hand-written .ods: repeats, covered cells, notes, text:s, a blank million rows at the end', async () => {
  const title = row('<table:table-cell office:value-type="string" table:number-columns-spanned="3"><text:p>Contributions</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-repeated="1021"/>');
  const tables = `<table:table table:name="Feuille1">${title}${row('<table:table-cell table:number-columns-repeated="1024"/>')}${HEADER}` +
    // 4 and 5: one row repeated twice — two identical contributions (their ranks tell them apart).
    row(s('Association Bug') + s('Bénévolat') + d('2024-02-03', '03/02/24') + f('2.5', '2,50') + '<table:table-cell table:number-columns-repeated="2"/>', 2) +
    // 6: "ESC<text:s/>Maurepas" is "ESC Maurepas"; a note's text is no part of the cell; two paragraphs.
    row(s('CCAS de Rennes') + s('Temps salarié') + d('2024-03-04T00:00:00', '04/03/2024') + f('4') +
      '<table:table-cell office:value-type="string"><office:annotation><text:p>vérifier</text:p></office:annotation><text:p>ESC<text:s/>Maurepas</text:p></table:table-cell>' +
      '<table:table-cell office:value-type="string"><text:p>matin</text:p><text:p>après-midi</text:p></table:table-cell>') +
    // 7: a computed quantity, refused.
    row(s('CCAS de Rennes') + s('Temps salarié') + d('2024-03-05', '05/03/2024') + '<table:table-cell table:formula="of:=[.D6]*2" office:value-type="float" office:value="8"><text:p>8</text:p></table:table-cell>') +
    row('<table:table-cell table:number-columns-repeated="1024"/>', 1048568) + '</table:table>';
  const { store, commands } = await fresh();
  const report = await importSource(commands, await handWritten(tables));
  assert.equal(outcome(report), [4, 3, 0, 1, 0]);
  assert.equal(report.header, ['Partenaire', 'Nature', 'Date', 'Quantité', 'Lieu', 'Commentaire']);
  assert.equal(report.refused.map((r) => [r.row, r.problems]), [[7, [{ column: 'Quantité', reason: 'cellule calculée par une formule ([.D6]*2) : collez-y la valeur' }]]]);
  assert.equal(await recorded(store), [
    { partnerId: 'bug', kind: 'volunteer_time', status: 'actual', date: '2024-02-03', quantity: '2.5', unit: 'hour' },
    { partnerId: 'bug', kind: 'volunteer_time', status: 'actual', date: '2024-02-03', quantity: '2.5', unit: 'hour' },
    { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-04', quantity: '4', unit: 'hour', siteId: 'maurepas', description: 'matin\naprès-midi' },
  ]);
});

test('a hand-written .ods with two sheets: the mapping file names the second', async () => {
  const first = `<table:table table:name="Notes">${row(s('rien à importer'))}</table:table>`;
  const second = `<table:table table:name="2024">${HEADER}${row(s('Ville de Rennes') + s('Locaux') + s('04/03/2024') + f('3') + s('ESC Bellangerais'))}</table:table>`;
  const { store, commands } = await fresh();
  const report = await importSource(commands, await handWritten(first + second), { mapping: { sheet: '2024' } });
  assert.equal(outcome(report), [1, 1, 0, 0, 0]);
  assert.equal(await recorded(store), [{ partnerId: 'rennes', kind: 'premises', status: 'actual', date: '2024-03-04', quantity: '3', unit: 'half_day', siteId: 'bellangerais' }]);
  try {
    await importSource(commands, await handWritten(first + second), { mapping: { sheet: '2025' } });
    assert.unreachable('imported');
  } catch (error) {
    assert.is((error as Error).message, 'le classeur n’a pas de feuille « 2025 »');
  }
});

async function refusedWhole(source: ByteSource, expected: RegExp): Promise<void> {
  const { store, commands } = await fresh();
  const head = await store.head();
  try {
    await importSource(commands, source);
    assert.unreachable('imported');
  } catch (error) {
    assert.match((error as Error).message, expected);
    assert.not.match((error as Error).message, /\n/);
  }
  assert.equal(await store.head(), head, 'nothing written');
}

test('broken .ods files are refused whole in one sentence, nothing written', async () => {
  const zip = new JSZip();
  zip.file('mimetype', MIMETYPE, { compression: 'STORE' });
  await refusedWhole(bufferSource('sans-contenu.ods', await zip.generateAsync({ type: 'uint8array' })), /^le classeur \.ods est illisible \(content\.xml manquant\)$/);
  await refusedWhole(await handWritten('', { 'META-INF/manifest.xml': '<manifest:manifest><manifest:file-entry><manifest:encryption-data/></manifest:file-entry></manifest:manifest>' }), /protégé par un mot de passe/);
  // Cut in the middle of a row: everything before it would read, but the file is refused whole.
  await refusedWhole(await handWritten(`<table:table table:name="T">${HEADER}${row(s('Association Bug') + s('Bénévolat') + s('03/02/2024') + f('2'))}<table:table-row><table:table-cell office:value-type="flo`), /^le classeur \.ods est illisible/);
  await refusedWhole(await handWritten(`<table:table table:name="T">${HEADER}${row(s('Association Bug') + '<table:table-cell office:value-type="float" office:value="beaucoup"/>')}</table:table>`), /^le classeur \.ods est illisible \(valeur numérique illisible : « beaucoup »\)/);
  await refusedWhole(await handWritten('<table:table table:name="T"></table:table>'), /^la feuille est vide/);
});

test.run();
