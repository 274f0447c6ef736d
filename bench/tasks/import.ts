// Section 7: `socle import contributions` on a large file. importFile writes a CSV (semicolons,
// decimal commas, JJ/MM/AAAA), an .xlsx (exceljs's streaming writer) or an .ods (content.xml as
// LibreOffice lays it out, zipped by jszip) of N contribution rows;
// importRows imports one into a fresh SQLite ledger through the same path as the command line
// (Socle.open, its live read model following, importContributions), in a process of its own so its
// peak memory is the import's.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { Socle } from '../../src/app/socle.ts';
import { importContributions } from '../../src/app/import-contributions.ts';
import { CLI_ACTOR } from '../../src/domain/actor.ts';
import { fileSource } from '../../src/import/source.ts';

const PROGRAMME = 'bench-import';
const PARTNERS = ['CCAS de Rennes', 'Association Bug', 'Ville de Rennes', 'Médiathèque', 'FabLab'];
const KINDS = ['Bénévolat', 'Temps salarié', 'Mise à disposition de salle'];
const HEADER = ['Partenaire', 'Nature', 'Date', 'Quantité', 'Lieu', 'Commentaire', 'Justificatif', 'Prévu/Réalisé'];

function row(i: number): string[] {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String(((i >> 5) % 12) + 1).padStart(2, '0');
  const year = 2023 + (i % 4);
  return [PARTNERS[i % PARTNERS.length]!, KINDS[i % KINDS.length]!, `${day}/${month}/${year}`, `${(i % 40) + 1},${i % 10}`, i % 2 ? 'ESC Maurepas' : '', `atelier ${i}`, `fiche ${i}`, i % 3 ? 'Réalisé' : 'Prévu'];
}

export async function writeImportFile(args: { dir: string; rows: number; format: 'csv' | 'xlsx' | 'ods' }): Promise<{ path: string }> {
  mkdirSync(args.dir, { recursive: true });
  const path = join(args.dir, `contributions-${args.rows}.${args.format}`);
  if (args.format === 'csv') {
    const out = createWriteStream(path);
    out.write(`${HEADER.join(';')}\r\n`);
    for (let i = 0; i < args.rows; i++) if (!out.write(`${row(i).join(';')}\r\n`)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  } else if (args.format === 'ods') {
    writeFileSync(path, await odsOf(args.rows));
  } else {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
    const sheet = workbook.addWorksheet('Contributions');
    sheet.addRow(HEADER).commit();
    for (let i = 0; i < args.rows; i++) {
      const values = row(i);
      // As a spreadsheet holds them: the quantity a number, the date a date cell.
      const [d, m, y] = values[2]!.split('/').map(Number) as [number, number, number];
      sheet.addRow([values[0], values[1], new Date(Date.UTC(y, m - 1, d)), Number(values[3]!.replace(',', '.')), values[4], values[5], values[6], values[7]]).commit();
    }
    sheet.commit();
    await workbook.commit();
  }
  return { path };
}

export async function measureImport(args: { dataDir: string; path: string }): Promise<{ rows: number; imported: number; rowsPerSecond: number; seconds: number }> {
  const socle = await Socle.open({ dataDir: args.dataDir });
  try {
    const setUp = [
      { type: 'OpenProgramme', data: { programmeId: PROGRAMME, name: 'Banc d’essai', startsOn: '2023-01-01', endsOn: '2026-12-31' } },
      ...PARTNERS.map((name, i) => ({ type: 'AddPartner', data: { programmeId: PROGRAMME, partnerId: `p${i}`, name, category: 'association' } })),
      { type: 'RegisterSite', data: { programmeId: PROGRAMME, siteId: 'maurepas', name: 'ESC Maurepas' } },
    ] as const;
    for (const command of setUp) await socle.commands.handleProgramme(command as never, CLI_ACTOR);
    const started = performance.now();
    const report = await importContributions(socle.commands, { programmeId: PROGRAMME, source: fileSource(args.path), dryRun: false, actor: CLI_ACTOR });
    const seconds = (performance.now() - started) / 1000;
    if (report.refused.length > 0) throw new Error(`bench import refused ${report.refused.length} rows: ${JSON.stringify(report.refused[0])}`);
    return { rows: report.rows, imported: report.imported, rowsPerSecond: report.rows / seconds, seconds };
  } finally {
    await socle.close();
  }
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** An .ods of `rows` rows as LibreOffice writes one: a date cell, a float cell, strings, a blank tail. */
async function odsOf(rows: number): Promise<Uint8Array> {
  const text = (value: string) => (value === '' ? '<table:table-cell/>' : `<table:table-cell office:value-type="string"><text:p>${xml(value)}</text:p></table:table-cell>`);
  const lines = [`<table:table-row>${HEADER.map(text).join('')}<table:table-cell table:number-columns-repeated="1016"/></table:table-row>`];
  for (let i = 0; i < rows; i++) {
    const values = row(i);
    const [d, m, y] = values[2]!.split('/');
    const quantity = values[3]!.replace(',', '.');
    const cells = [text(values[0]!), text(values[1]!), `<table:table-cell office:value-type="date" office:date-value="${y}-${m}-${d}"><text:p>${values[2]}</text:p></table:table-cell>`, `<table:table-cell office:value-type="float" office:value="${quantity}"><text:p>${values[3]}</text:p></table:table-cell>`, ...values.slice(4).map(text)];
    lines.push(`<table:table-row>${cells.join('')}<table:table-cell table:number-columns-repeated="1016"/></table:table-row>`);
  }
  lines.push(`<table:table-row table:number-rows-repeated="${1_048_576 - rows - 1}"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>`);
  const ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
  const zip = new JSZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', { compression: 'STORE' });
  zip.file('content.xml', `<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content ${ns}><office:body><office:spreadsheet><table:table table:name="Contributions">${lines.join('')}</table:table></office:spreadsheet></office:body></office:document-content>`);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
