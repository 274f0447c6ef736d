// Rows written as XML text (src/exports/sheet-rows.ts) against the same rows written by exceljs (its
// addRow, the shared column styles, its commit): the two workbooks must be the same, byte for byte in
// every part, for chosen rows and for arbitrary text (XML specials, control characters, lone
// surrogates, spaces at either end), and the text must read back as exceljs reads its own.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ExcelJsRows, PlainRowWriter, plainRowSink, type PlainValue } from '../../src/exports/sheet-rows.ts';
import { ColumnStyles, streamingWorkbook } from '../../src/exports/stream.ts';
import { FONT_NAME } from '../../src/exports/xlsx.ts';
import { readWorkbook, sheetOf, tempDir } from './fixtures.ts';
import { zipParts } from './zip.ts';

const NOW = new Date('2026-01-15T10:00:00Z');
const COLUMNS = 5;

interface Row {
  values: PlainValue[];
  height?: number;
}

/** A sheet shaped like the journal's: styled columns, a header, plain rows, a closing row, a second sheet. */
async function writeWorkbook(path: string, rows: Row[], way: 'exceljs' | 'text'): Promise<void> {
  const workbook = streamingWorkbook(path, NOW);
  const sheet = workbook.addWorksheet('S', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.getColumn(1).alignment = { vertical: 'top', horizontal: 'center' };
  sheet.getColumn(1).font = { name: FONT_NAME, size: 9 };
  sheet.getColumn(2).numFmt = '#,##0.00 "€"';
  sheet.getColumn(3).alignment = { vertical: 'top', wrapText: true };
  sheet.getColumn(4).font = { name: 'Courier New', size: 7 };
  // Column 5 has no style of its own: its empty cells are left out.
  for (let c = 1; c <= COLUMNS; c++) sheet.getColumn(c).width = 12 + c;
  const styles = new ColumnStyles(sheet, COLUMNS);
  const header = sheet.addRow(['Un', 'Deux', 'Trois', 'Quatre', 'Cinq']);
  header.font = { name: FONT_NAME, bold: true, size: 10 };
  header.commit();
  if (way === 'text') {
    const writer = new PlainRowWriter(sheet, styles);
    for (const row of rows) writer.add(row.values, row.height);
    writer.flush();
  } else {
    // exceljs's own rows: the fallback the journal takes with an exceljs it does not know.
    const writer = new ExcelJsRows(sheet, styles);
    for (const row of rows) writer.add(row.values, row.height);
    writer.flush();
  }
  const closing = sheet.addRow([null, 'fin']);
  closing.font = { name: FONT_NAME, italic: true, size: 9 };
  closing.commit();
  sheet.commit();
  const other = workbook.addWorksheet('Autre');
  const row = other.addRow(['après', 1]);
  row.getCell(1).font = { name: FONT_NAME, bold: true, size: 10 };
  row.commit();
  other.commit();
  await workbook.commit();
}

/** Writes the rows both ways; returns the parts of each, and the text workbook's path. */
async function bothWays(dir: string, rows: Row[]): Promise<{ exceljs: Map<string, Buffer>; text: Map<string, Buffer>; textPath: string; exceljsPath: string }> {
  const exceljsPath = join(dir, 'exceljs.xlsx');
  const textPath = join(dir, 'text.xlsx');
  await writeWorkbook(exceljsPath, rows, 'exceljs');
  await writeWorkbook(textPath, rows, 'text');
  return { exceljs: zipParts(exceljsPath), text: zipParts(textPath), textPath, exceljsPath };
}

function assertSameParts(exceljs: Map<string, Buffer>, text: Map<string, Buffer>): void {
  assert.equal([...text.keys()], [...exceljs.keys()], 'the same parts in the same order');
  for (const [name, bytes] of exceljs) {
    const ours = text.get(name)!;
    if (!ours.equals(bytes)) {
      // Show where they part, not two megabytes of XML.
      let i = 0;
      while (i < bytes.length && bytes[i] === ours[i]) i++;
      assert.unreachable(`${name} differs at byte ${i}: exceljs «${bytes.toString('utf8', i - 60, i + 60)}», ours «${ours.toString('utf8', i - 60, i + 60)}»`);
    }
  }
}

const CHOSEN: Row[] = [
  { values: [1, 1234.56, 'texte ordinaire', 'abc', 'cinq'] },
  { values: [2, -0.5, 'Une ligne assez longue pour être repliée dans la colonne qui la montre', 'x', null], height: 27 },
  { values: [3, null, '<b>& "guillemets" et \'apostrophes\'</b>', '  espaces  ', ''], height: 39.5 },
  { values: [4, 0, 'tab\tsaut\nretour\rfin', 'c\u0001\u0008\u000b\u000c\u001f\u007fd', 'Résumé — « n° 3 » l’écart'] },
  { values: [null, null, null, null, null] },
  { values: [null, null, null, null, null], height: 30 },
  { values: [] },
  { values: [], height: 20 },
  { values: ['1', 'x\ud800y', '\udc00', 'émoji 🙂', 1e21] },
  { values: [5] },
  { values: [6, 2, 3] },
  { values: [7, 8, 'neuf', 'dix', 11], height: 0 },
];

test('chosen rows: the workbook is the one exceljs writes, byte for byte', async () => {
  const dir = tempDir();
  try {
    const { exceljs, text } = await bothWays(dir, CHOSEN);
    assertSameParts(exceljs, text);
    assert.ok(exceljs.get('xl/worksheets/sheet1.xml')!.toString().includes('ht="39.5" customHeight="1"'), 'the sample has a custom height');
    assert.ok(exceljs.get('xl/worksheets/sheet1.xml')!.toString().includes('&lt;b&gt;&amp; &quot;guillemets&quot; et &apos;'), 'the sample has escaped text');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('chosen rows read back with their values, heights and columns’ styles', async () => {
  const dir = tempDir();
  try {
    const { textPath } = await bothWays(dir, CHOSEN);
    const sheet = sheetOf(await readWorkbook(textPath), 'S');
    assert.is(sheet.getCell(2, 2).value, 1234.56);
    assert.is(sheet.getCell(2, 2).numFmt, '#,##0.00 "€"');
    assert.is(sheet.getCell(3, 3).value, 'Une ligne assez longue pour être repliée dans la colonne qui la montre');
    assert.ok(sheet.getCell(3, 3).alignment.wrapText);
    assert.is(sheet.getRow(3).height, 27);
    assert.is(sheet.getCell(4, 3).value, '<b>& "guillemets" et \'apostrophes\'</b>');
    assert.is(sheet.getCell(4, 4).value, '  espaces  ');
    assert.is(sheet.getCell(4, 4).font.name, 'Courier New');
    // Control characters XML cannot hold are left out, as exceljs does; a lone carriage return
    // comes back as a line feed (XML's end-of-line handling), as it does from exceljs.
    assert.is(sheet.getCell(5, 3).value, 'tab\tsaut\nretour\nfin');
    assert.is(sheet.getCell(5, 4).value, 'cd');
    assert.is(sheet.getCell(5, 5).value, 'Résumé — « n° 3 » l’écart');
    assert.is(sheet.getRow(7).height, 30);
    assert.is(sheet.getCell(10, 1).value, '1', 'text that looks like a number stays text');
    assert.is(sheet.getCell(10, 2).value, 'xy', 'a lone surrogate is left out (src/exports/xml-text.ts)');
    assert.is(sheet.getCell(10, 4).value, 'émoji 🙂');
    assert.is(sheet.getCell(14, 2).value, 'fin', 'exceljs’s own row comes right after ours');
    assert.is(sheet.getCell(1, 1).font.bold, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Text as the workbooks write it then read it back: XML's forbidden characters dropped, by the rule
// of src/exports/xml-text.ts (below U+0020 but tab, line feed and carriage return; U+007F, U+FFFE,
// U+FFFF and lone surrogates), carriage returns as line feeds (end-of-line handling of XML parsers).
// Then two quirks of exceljs's reader, the same for the cells exceljs writes itself: it decodes the
// five entities once more in text cells (text holding "&amp;" comes back as "&"), and an empty
// text cell comes back empty (null).
function asReadBack(text: string): string | null {
  const read = text
    // One pass: a surrogate is lone or paired as it stands in the text written, as xmlSafe judges it.
    .replace(/[\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/&([a-z]*);/g, (entity) => ({ '&lt;': '<', '&gt;': '>', '&amp;': '&', '&apos;': "'", '&quot;': '"' })[entity] ?? entity);
  return read === '' ? null : read;
}

// Every UTF-16 code unit, with the XML specials and control characters often enough to matter.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", ' ', '\t', '\n', '\r', '\u0000', '\u0001', '\u001f', '\u007f', '—', 'é', '\ud83d', '\ude42', 'a'), maxLength: 20 }),
);
// U+FFFE and U+FFFF included: exceljs's rows get them dropped too, by xmlSafeRow (see the next test).
const cellValue: fc.Arbitrary<PlainValue> = fc.oneof(anyText, fc.constantFrom('a\uFFFEb', '\uFFFF'), fc.double(), fc.integer(), fc.constant(null));
const rowArbitrary: fc.Arbitrary<Row> = fc.record(
  { values: fc.array(cellValue, { maxLength: COLUMNS }), height: fc.option(fc.oneof(fc.integer({ min: 1, max: 400 }), fc.double({ min: 1, max: 400, noNaN: true })), { nil: undefined }) },
  { requiredKeys: ['values'] },
);

test('arbitrary rows: byte for byte what exceljs writes, and the text reads back as from exceljs', async () => {
  const dir = tempDir();
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(rowArbitrary, { minLength: 1, maxLength: 12 }), async (rows) => {
        const { exceljs, text, textPath } = await bothWays(dir, rows);
        assertSameParts(exceljs, text);
        const sheet = sheetOf(await readWorkbook(textPath), 'S');
        rows.forEach((row, i) => {
          row.values.forEach((value, c) => {
            if (typeof value !== 'string') return;
            assert.is(sheet.getCell(i + 2, c + 1).value, asReadBack(value), `row ${i + 2}, column ${c + 1}`);
          });
        });
      }),
      { numRuns: 60 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('U+FFFE and U+FFFF are left out by both writers: exceljs alone writes them and then cannot read its workbook', async () => {
  const dir = tempDir();
  try {
    const { textPath, exceljsPath } = await bothWays(dir, [{ values: [1, null, 'a\uFFFEb\uFFFFc'] }]);
    assert.is(sheetOf(await readWorkbook(textPath), 'S').getCell(2, 3).value, 'abc');
    assert.is(sheetOf(await readWorkbook(exceljsPath), 'S').getCell(2, 3).value, 'abc');
    // exceljs on its own, without xml-text.ts: the reason the rule exists.
    const raw = streamingWorkbook(join(dir, 'exceljs-ffff.xlsx'), NOW);
    const sheet = raw.addWorksheet('S');
    sheet.addRow([1, null, 'a\uFFFFb']).commit();
    sheet.commit();
    await raw.commit();
    await readWorkbook(join(dir, 'exceljs-ffff.xlsx')).then(
      () => assert.unreachable('exceljs read back U+FFFF: the writer could write it as exceljs does'),
      (error: Error) => assert.match(error.message, /disallowed character/),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the text writer for the exceljs it knows; exceljs\'s own rows for a sheet it does not', async () => {
  const dir = tempDir();
  try {
    const workbook = streamingWorkbook(join(dir, 'w.xlsx'), NOW);
    const streamed = workbook.addWorksheet('S');
    streamed.addRow(['en-tête']).commit();
    assert.instance(plainRowSink(streamed, new ColumnStyles(streamed, 1)), PlainRowWriter);
    const inMemory = new ExcelJS.Workbook().addWorksheet('M');
    assert.instance(plainRowSink(inMemory, new ColumnStyles(inMemory, 1)), ExcelJsRows);
    streamed.commit();
    await workbook.commit();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a row that does not fit the writer is refused, not written wrong', async () => {
  const dir = tempDir();
  try {
    const workbook = streamingWorkbook(join(dir, 'refused.xlsx'), NOW);
    const sheet = workbook.addWorksheet('S');
    sheet.getColumn(1).font = { name: FONT_NAME, size: 9 };
    const styles = new ColumnStyles(sheet, 2);
    assert.throws(() => new PlainRowWriter(sheet, styles), /commit a first row/);
    sheet.addRow(['en-tête']).commit();
    const writer = new PlainRowWriter(sheet, styles);
    assert.throws(() => writer.add([1, 2, 3]), /3 values for 2 styled columns/);
    assert.throws(() => writer.add([1, undefined as unknown as null]), /no value in column 2/);
    sheet.addRow(['pas encore écrite']);
    assert.throws(() => writer.add([1, 'x']), /uncommitted rows/);
    assert.throws(() => new PlainRowWriter(new ExcelJS.Workbook().addWorksheet('M'), styles), /streaming writer/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
