// The CSV reader: encodings, separators, quotes, line ends, and files it refuses whole.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { csvDialect, detectEncoding, readCsv } from '../../src/import/csv.ts';
import { bufferSource } from '../../src/import/source.ts';
import { sniffFormat } from '../../src/import/rows.ts';
import type { RawRow } from '../../src/import/cells.ts';

async function rows(bytes: Uint8Array): Promise<RawRow[]> {
  const source = bufferSource('f.csv', bytes);
  const out: RawRow[] = [];
  for await (const row of readCsv(source, await csvDialect(source))) out.push(row);
  return out;
}

test('UTF-8 with or without BOM, Windows-1252 told apart by its accented bytes', async () => {
  assert.is(detectEncoding(Buffer.from('Prévu;Réalisé', 'utf8')), 'utf-8');
  // "é" is 0xE9 in Windows-1252, never valid UTF-8 alone.
  assert.is(detectEncoding(Buffer.from([0x50, 0x72, 0xe9, 0x76, 0x75])), 'windows-1252');
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Date;Nature\n2024-01-01;Bénévolat\n')]);
  assert.equal((await rows(bom)).map((r) => r.cells), [['Date', 'Nature'], ['2024-01-01', 'Bénévolat']]);
  // "Montant (€)" in 1252: € is 0x80.
  const w1252 = Buffer.from([0x4d, 0x6f, 0x6e, 0x74, 0x61, 0x6e, 0x74, 0x20, 0x28, 0x80, 0x29, 0x3b, 0xe9, 0x0d, 0x0a]);
  assert.equal((await rows(w1252)).map((r) => r.cells), [['Montant (€)', 'é']]);
});

test('semicolons or commas, quoted fields with separators, quotes and line breaks, CRLF', async () => {
  const semicolons = await rows(Buffer.from('a;b;c\r\n"x;y";"dit ""oui""";\r\n"deux\nlignes";2,5;3\r\n'));
  assert.equal(semicolons.map((r) => [r.number, r.cells]), [
    [1, ['a', 'b', 'c']],
    [2, ['x;y', 'dit "oui"', null]],
    [3, ['deux\nlignes', '2,5', '3']],
  ]);
  const commas = await rows(Buffer.from('a,b,c\n1,"2,5",3\n'));
  assert.equal(commas.map((r) => r.cells), [['a', 'b', 'c'], ['1', '2,5', '3']]);
});

test('an unclosed quote and a binary file are refused whole', async () => {
  try {
    await rows(Buffer.from('a;b\n"x;y\n'));
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /guillemet ouvert à la ligne 2/);
  }
  try {
    await sniffFormat(bufferSource('photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1])));
    await rows(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    assert.unreachable();
  } catch (error) {
    assert.match((error as Error).message, /n’est pas un tableur/);
  }
});

test.run();
