// The journal's event rows, written as XML text (src/exports/sheet-rows.ts): each row's height is the
// one fitRowHeight gives an exceljs row holding the same summary, and names with XML specials,
// quotes and typographic characters come back as they were recorded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ExcelJS from 'exceljs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { exportWorkbook } from '../../src/exports/export-workbook.ts';
import { fitRowHeight } from '../../src/exports/xlsx.ts';
import { SmallLedger, demoSocle, readWorkbook, sheetOf, tempDir } from './fixtures.ts';

const NOW = () => new Date('2026-01-15T10:00:00Z');

/** The height fitRowHeight gives a row whose summary (column 7, 62 wide, 9 pt) is `summary`. */
function expectedHeight(summary: string): number | undefined {
  const row = new ExcelJS.Workbook().addWorksheet('estimate').getRow(1);
  row.getCell(7).value = summary;
  fitRowHeight(row, [{ col: 7, width: 62 }], 9);
  return row.height;
}

test('each event row has the height fitRowHeight gives its summary', async () => {
  const socle = await demoSocle();
  const dir = tempDir();
  try {
    const path = join(dir, 'journal.xlsx');
    await exportWorkbook(await socle.readSource(), { workbook: 'journal', programmeId: 'rafcom' }, path, { now: NOW });
    const sheet = sheetOf(await readWorkbook(path), 'Journal');
    let tall = 0;
    let plain = 0;
    for (let r = 2; typeof sheet.getCell(r, 1).value === 'number'; r++) {
      const summary = sheet.getCell(r, 7).value as string;
      const height = expectedHeight(summary);
      assert.is(sheet.getRow(r).height, height, `row ${r}: ${summary}`);
      if (height === undefined) plain++;
      else tall++;
    }
    assert.ok(tall > 10 && plain > 10, `the demo journal has rows of one line (${plain}) and of several (${tall})`);
  } finally {
    await socle.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('names with XML specials and typographic characters come back as recorded', async () => {
  const ledger = await SmallLedger.open('p');
  const dir = tempDir();
  const name = 'Les <Amis> & "Compagnie" d’Aix — « n° 1 »';
  try {
    await ledger.partner('amis', 'association', name);
    await ledger.add({ partnerId: 'amis', kind: 'cash', status: 'actual', date: '2024-04-01', amount: '1234.5' });
    const path = join(dir, 'journal.xlsx');
    await exportWorkbook(await ledger.socle.readSource(), { workbook: 'journal', programmeId: 'p' }, path, { now: NOW });
    const sheet = sheetOf(await readWorkbook(path), 'Journal');
    assert.is(sheet.getCell(3, 7).value, `amis : ${name} (Association)`);
    assert.match(sheet.getCell(4, 7).value as string, /^c\d+ : Les <Amis> & "Compagnie" d’Aix — « n° 1 » — Numéraire, 1\u202f234,5 €, réalisé, 01\/04\/2024$/);
    assert.is(sheet.getCell(4, 4).value, 'Contribution enregistrée');
    const head = await ledger.socle.store.head();
    assert.is(sheet.getCell(5, 7).value, `3 événement(s) du programme jusqu’à la position ${head.position}.`);
  } finally {
    await ledger.socle.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
