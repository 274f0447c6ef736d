// Section 7: `socle import contributions` on a large file. importFile writes a CSV (semicolons,
// decimal commas, JJ/MM/AAAA) or an .xlsx (exceljs's streaming writer) of N contribution rows;
// importRows imports one into a fresh SQLite ledger through the same path as the command line
// (Socle.open, its live read model following, importContributions), in a process of its own so its
// peak memory is the import's.
import ExcelJS from 'exceljs';
import { createWriteStream, mkdirSync } from 'node:fs';
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

export async function writeImportFile(args: { dir: string; rows: number; format: 'csv' | 'xlsx' }): Promise<{ path: string }> {
  mkdirSync(args.dir, { recursive: true });
  const path = join(args.dir, `contributions-${args.rows}.${args.format}`);
  if (args.format === 'csv') {
    const out = createWriteStream(path);
    out.write(`${HEADER.join(';')}\r\n`);
    for (let i = 0; i < args.rows; i++) if (!out.write(`${row(i).join(';')}\r\n`)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
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
