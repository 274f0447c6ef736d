// .ods (OpenDocument spreadsheet, what LibreOffice writes) read by ourselves: no package on the npm
// registry is both kept and fit (docs/import.md), and the format is a zip whose content.xml lists
// rows of cells. jszip opens the zip (so the zip's bytes, at most MAX_IMPORT_FILE_BYTES, are held);
// content.xml is inflated and tokenized as a stream (xml-tokens.ts), so its text — often ten times
// the zip — never is. Only the first table is read (or the one the mapping file names).
//
// What content.xml says of a cell (OpenDocument 1.3, part 3, §9.1 and §19.385-19.389):
// table:number-rows-repeated and table:number-columns-repeated repeat a row or a cell (LibreOffice
// ends every sheet with a million repeated empty rows and every row with a thousand empty cells:
// empty ones are counted, never expanded); office:value-type says what the value is (float,
// percentage and currency in office:value, date in office:date-value, boolean, string as the
// text); table:covered-table-cell is a cell hidden by a merge (empty); table:formula marks a
// computed cell, passed on as a formula to be refused, as for .xlsx.
import JSZip from 'jszip';
import { Readable } from 'node:stream';
import { IMPORT_FR } from '../messages/fr.ts';
import { MAX_COLUMNS } from '../domain/limits.ts';
import { UnreadableFileError, type Cell, type RawRow } from './cells.ts';
import type { ByteSource } from './source.ts';
import { xmlTokens, XmlSyntaxError, type XmlToken } from './xml-tokens.ts';

export async function* readOds(source: ByteSource, sheetName?: string): AsyncIterable<RawRow> {
  const content = await openContent(source);
  const rows = new OdsRows(sheetName);
  try {
    for await (const tokens of xmlTokens(inflatedText(content))) {
      let done = false;
      for (const token of tokens) if (!done) done = rows.take(token);
      for (const row of rows.ready) for (let i = 0; i < row.repeat; i++) yield { number: row.first + i, cells: [...row.cells] };
      rows.ready = [];
      if (done) return;
    }
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(IMPORT_FR.brokenOds(error instanceof Error ? error.message : String(error)));
  }
  throw new UnreadableFileError(sheetName === undefined || !rows.sawTable ? IMPORT_FR.emptySheet : IMPORT_FR.noSuchSheet(sheetName));
}

async function openContent(source: ByteSource): Promise<JSZip.JSZipObject> {
  const parts: Uint8Array[] = [];
  for await (const chunk of source.chunks()) parts.push(chunk);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(Buffer.concat(parts));
  } catch (error) {
    throw new UnreadableFileError(IMPORT_FR.brokenOds(error instanceof Error ? error.message : String(error)));
  }
  // A document saved with a password has its content.xml encrypted: say so rather than "broken".
  const manifest = await zip.file('META-INF/manifest.xml')?.async('string');
  if (manifest?.includes('encryption-data')) throw new UnreadableFileError(IMPORT_FR.encryptedOds);
  const content = zip.file('content.xml');
  if (!content) throw new UnreadableFileError(IMPORT_FR.brokenOds('content.xml manquant'));
  return content;
}

async function* inflatedText(content: JSZip.JSZipObject): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // jszip hands out an old-style stream: wrapped, it is a modern one that can be iterated.
  for await (const chunk of new Readable().wrap(content.nodeStream('nodebuffer'))) yield decoder.decode(chunk as Buffer, { stream: true });
  yield decoder.decode();
}

/** A cell being read: its value so far, and how many times it stands. */
interface OpenCell {
  cell: Cell | typeof TEXT;
  repeat: number;
  paragraphs: string[] | undefined;
}

/**
 * The state of the walk through content.xml: which table, row and cell it is in. `take` is given
 * each token and returns true once the chosen table is over; finished rows wait in `ready`.
 */
class OdsRows {
  /** Finished rows, a row repeated N times standing once with its count (expanded as it is read). */
  ready: { first: number; repeat: number; cells: Cell[] }[] = [];
  sawTable = false;
  private inTable = false;
  private rowNumber = 0;
  private row: { cells: Cell[]; emptyRun: number; repeat: number } | undefined;
  private cell: OpenCell | undefined;
  /** Depth inside an element whose text is no cell's (an annotation, a shape's text). */
  private ignored = 0;
  private paragraph: string | undefined;

  constructor(private readonly sheetName: string | undefined) {}

  take(token: XmlToken): boolean {
    if (token.kind === 'text') {
      if (this.paragraph !== undefined && this.ignored === 0) this.paragraph += token.text;
      return false;
    }
    if (!this.inTable) {
      if (token.kind === 'open' && token.name === 'table:table') this.openTable(token.attributes, token.selfClosing);
      return false;
    }
    return token.kind === 'open' ? this.open(token.name, token.attributes, token.selfClosing) : this.close(token.name);
  }

  private openTable(attributes: Record<string, string>, selfClosing: boolean): void {
    this.sawTable = true;
    if (this.sheetName !== undefined && attributes['table:name'] !== this.sheetName) return;
    this.inTable = !selfClosing;
  }

  private open(name: string, attributes: Record<string, string>, selfClosing: boolean): boolean {
    if (this.ignored > 0 || name === 'office:annotation' || name.startsWith('draw:')) {
      if (!selfClosing) this.ignored++;
      return false;
    }
    if (name === 'table:table-row') {
      this.row = { cells: [], emptyRun: 0, repeat: repeatOf(attributes['table:number-rows-repeated']) };
      if (selfClosing) this.endRow();
    } else if (name === 'table:table-cell' || name === 'table:covered-table-cell') {
      this.cell = { cell: cellValue(attributes), repeat: repeatOf(attributes['table:number-columns-repeated']), paragraphs: undefined };
      if (selfClosing) this.endCell();
    } else if (this.cell && (name === 'text:p' || name === 'text:h')) {
      this.paragraph = '';
      if (selfClosing) this.endParagraph();
    } else if (this.paragraph !== undefined) this.paragraph += inlineText(name, attributes);
    return false;
  }

  private close(name: string): boolean {
    if (this.ignored > 0) {
      this.ignored--;
      return false;
    }
    if (name === 'text:p' || name === 'text:h') this.endParagraph();
    else if (name === 'table:table-cell' || name === 'table:covered-table-cell') this.endCell();
    else if (name === 'table:table-row') this.endRow();
    else if (name === 'table:table') return true;
    return false;
  }

  private endParagraph(): void {
    if (this.cell && this.paragraph !== undefined) (this.cell.paragraphs ??= []).push(this.paragraph);
    this.paragraph = undefined;
  }

  private endCell(): void {
    const open = this.cell;
    this.cell = undefined;
    if (!open || !this.row) return;
    // A string cell's value is its text; another type's text is only how it was shown.
    const cell = open.cell === TEXT ? (open.paragraphs?.join('\n') ?? '') : open.cell;
    if (cell === null || cell === '') {
      // Empty cells count as columns only if a filled one comes after them.
      this.row.emptyRun += open.repeat;
      return;
    }
    const row = this.row;
    if (row.cells.length + row.emptyRun + open.repeat > MAX_COLUMNS) throw new UnreadableFileError(IMPORT_FR.tooManyColumns(this.rowNumber + 1, MAX_COLUMNS));
    for (; row.emptyRun > 0; row.emptyRun--) row.cells.push(null);
    for (let i = 0; i < open.repeat; i++) row.cells.push(cell);
  }

  private endRow(): void {
    const row = this.row;
    this.row = undefined;
    if (!row) return;
    if (row.cells.length === 0) {
      // Blank rows (the million at the end of a sheet) are counted, not made.
      this.rowNumber += row.repeat;
      return;
    }
    this.ready.push({ first: this.rowNumber + 1, repeat: row.repeat, cells: row.cells });
    this.rowNumber += row.repeat;
  }
}

/** The marker of a string cell, whose value is its paragraphs' text once they are read. */
const TEXT: unique symbol = Symbol('text');

function cellValue(attributes: Record<string, string>): Cell | typeof TEXT {
  const formula = attributes['table:formula'];
  if (formula !== undefined) return { formula: formula.replace(/^of:=/, '') };
  switch (attributes['office:value-type']) {
    case undefined:
      return null;
    case 'float':
    case 'percentage':
    case 'currency':
      return numberValue(attributes['office:value']);
    case 'date':
      return dateValue(attributes['office:date-value']);
    case 'boolean':
      return attributes['office:boolean-value'] === 'true';
    default:
      // string, time (a duration, as it is shown) and any other: the text the cell shows.
      return TEXT;
  }
}

function numberValue(text: string | undefined): Cell {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value)) throw new XmlSyntaxError(`valeur numérique illisible : « ${String(text).slice(0, 40)} »`);
  return value;
}

/** office:date-value: a day (2024-01-15) or a day and time without zone (2024-01-15T10:30:00). */
function dateValue(text: string | undefined): Cell {
  const match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(?:\.\d+)?)?/.exec(text ?? '');
  const date = match ? new Date(`${match[1]}${match[2] ?? 'T00:00:00'}Z`) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new XmlSyntaxError(`date illisible : « ${String(text).slice(0, 40)} »`);
  return date;
}

function repeatOf(text: string | undefined): number {
  if (text === undefined) return 1;
  const count = Number(text);
  if (!Number.isSafeInteger(count) || count < 1) throw new XmlSyntaxError(`répétition illisible : « ${text.slice(0, 20)} »`);
  return count;
}

/** What an element inside a paragraph stands for: text:s is spaces (text:c of them), a tab, a line break. */
function inlineText(name: string, attributes: Record<string, string>): string {
  if (name === 'text:s') return ' '.repeat(Math.min(repeatOf(attributes['text:c']), 1000));
  if (name === 'text:tab') return '\t';
  if (name === 'text:line-break') return '\n';
  return '';
}
