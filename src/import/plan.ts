// The pure half of an import: a file's rows → for each row, the contribution it would record (with
// its id) or why it is refused or skipped. Nothing here reads the store: whether a contribution is
// already there is the writer's question (src/app/import-contributions.ts). Rows stream through; what
// is kept across rows is one digest per identity (for the ranks of identical rows, row-id.ts).
import { createHash } from 'node:crypto';
import type { ContributionInput } from '../domain/contribution/content.ts';
import type { Actor } from '../domain/actor.ts';
import type { ProgrammeState } from '../domain/programme/state.ts';
import { MAX_IMPORT_ROWS } from '../domain/limits.ts';
import { IMPORT_FR } from '../messages/fr.ts';
import { cellText, isBlank, UnreadableFileError, type RawRow } from './cells.ts';
import { mapCoopRow } from './coop-row.ts';
import { findHeader, HEADER_SEARCH_ROWS, isTotalsRow, type Header } from './headers.ts';
import { programmeLookups } from './lookups.ts';
import type { Mapping } from './mapping-file.ts';
import { importedContributionId, rowIdentity } from './row-id.ts';
import { mapTableRow, type RowContext, type RowProblem } from './table-row.ts';

export type PlannedRow =
  | { kind: 'candidate'; row: number; cells: string[]; contributionId: string; content: ContributionInput }
  | { kind: 'refused'; row: number; cells: string[]; problems: RowProblem[] }
  | { kind: 'skipped'; row: number; cells: string[]; reason: string };

export interface PlanOptions {
  programmeId: string;
  programme: ProgrammeState;
  mapping: Mapping;
  /** The partner of rows that name none (--partner); a partner's own id when it imports. */
  partnerId?: string;
  /** Who imports: a partner's rows of another partner are refused, row by row. */
  actor: Actor;
}

/** Called once the header is found, before any row: the page and the report show it. */
export interface PlanEvents {
  onHeader?(header: Header): void;
}

export async function* planRows(rows: AsyncIterable<RawRow>, options: PlanOptions, events: PlanEvents = {}): AsyncIterable<PlannedRow> {
  if (!options.programme.opened) throw new UnreadableFileError(IMPORT_FR.unknownProgramme(options.programmeId));
  const iterator = rows[Symbol.asyncIterator]();
  // The header is among the first rows: read them, find it, then carry on with the rest.
  const first: RawRow[] = [];
  while (first.length < HEADER_SEARCH_ROWS) {
    const next = await iterator.next();
    if (next.done) break;
    first.push(next.value);
  }
  const header = findHeader(first, options.mapping);
  events.onHeader?.(header);
  const context: RowContext = {
    header,
    mapping: options.mapping,
    lookups: programmeLookups(options.programme, options.mapping),
    partnerId: options.actor.role === 'partner' ? options.actor.partnerId : options.partnerId,
  };
  const ranks = new Map<string, number>();
  let count = 0;
  const plan = (row: RawRow): PlannedRow | undefined => {
    if (row.number <= header.row || row.cells.every(isBlank)) return undefined;
    if (++count > MAX_IMPORT_ROWS) throw new UnreadableFileError(IMPORT_FR.tooManyRows(MAX_IMPORT_ROWS));
    return planRow(row, context, options, ranks);
  };
  let planned = 0;
  for (const row of first) {
    const out = plan(row);
    if (out) {
      planned++;
      yield out;
    }
  }
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const out = plan(next.value);
    if (out) {
      planned++;
      yield out;
    }
  }
  if (planned === 0) throw new UnreadableFileError(IMPORT_FR.noRows);
}

function planRow(row: RawRow, context: RowContext, options: PlanOptions, ranks: Map<string, number>): PlannedRow {
  const cells = row.cells.map(cellText);
  if (context.header.source === 'table' && isTotalsRow(row)) return { kind: 'skipped', row: row.number, cells, reason: IMPORT_FR.totalsRow };
  const mapped = context.header.source === 'coop' ? mapCoopRow(row, context, options.programme) : mapTableRow(row, context);
  if (!mapped.ok) return { kind: 'refused', row: row.number, cells, problems: mapped.problems };
  const { actor } = options;
  if (actor.role === 'partner' && mapped.content.partnerId !== actor.partnerId) {
    const column = context.header.columns.partner === undefined ? 'Partenaire' : context.header.names[context.header.columns.partner]!;
    return { kind: 'refused', row: row.number, cells, problems: [{ column, reason: IMPORT_FR.otherPartner(mapped.content.partnerId) }] };
  }
  const identity = rowIdentity(options.programmeId, mapped.content);
  const key = createHash('sha256').update(identity).digest('base64');
  const rank = (ranks.get(key) ?? 0) + 1;
  ranks.set(key, rank);
  return { kind: 'candidate', row: row.number, cells, contributionId: importedContributionId(identity, rank), content: mapped.content };
}
