// One row of a contributions spreadsheet → a contribution's content, or the reasons it is refused,
// each with its column. Domain rules (the period, units against kinds, bounds) are the decider's:
// the import asks it (src/app/import-contributions.ts), so a row meets the same rules as a request.
import type { ContributionInput } from '../domain/contribution/content.ts';
import { isMoneyKind } from '../domain/kinds.ts';
import { IMPORT_FR } from '../messages/fr.ts';
import { cellText, isBlank, isFormula, type Cell, type RawRow } from './cells.ts';
import type { Header } from './headers.ts';
import type { Lookups } from './lookups.ts';
import type { Field, Mapping } from './mapping-file.ts';
import { readDate, readDecimal, readKind, readStatus, readUnit, type Read } from './values.ts';

export interface RowProblem {
  /** The column's header as in the file (or the field's French name when the file has no such column). */
  column: string;
  reason: string;
}

export type MappedRow = { ok: true; content: ContributionInput } | { ok: false; problems: RowProblem[] };

/** The French names of the fields, for a problem about a column the file does not have. */
export const FIELD_LABELS: Record<Field, string> = {
  partner: 'Partenaire',
  kind: 'Nature',
  status: 'Prévu/Réalisé',
  date: 'Date',
  until: 'Date de fin',
  quantity: 'Quantité',
  unit: 'Unité',
  amount: 'Montant',
  action: 'Action',
  site: 'Lieu',
  description: 'Commentaire',
  evidence: 'Justificatif',
  role: 'Rôle',
};

export interface RowContext {
  header: Header;
  mapping: Mapping;
  lookups: Lookups;
  /** The partner of rows without a Partenaire column (--partner, or the partner's own token). */
  partnerId: string | undefined;
}

export function mapTableRow(row: RawRow, context: RowContext): MappedRow {
  const { header, mapping, lookups } = context;
  const problems: RowProblem[] = [];
  const columnName = (field: Field) => {
    const index = header.columns[field];
    return index === undefined ? FIELD_LABELS[field] : header.names[index] || FIELD_LABELS[field];
  };
  const cell = (field: Field): Cell | undefined => {
    const index = header.columns[field];
    if (index === undefined) return undefined;
    const value = row.cells[index] ?? null;
    if (isFormula(value)) {
      problems.push({ column: columnName(field), reason: IMPORT_FR.formulaCell(value.formula) });
      return undefined;
    }
    return isBlank(value) ? undefined : value;
  };
  const read = <T>(field: Field, reader: (cell: Cell) => Read<T>, fallback?: T, required = false): T | undefined => {
    const before = problems.length;
    const value = cell(field);
    if (value === undefined) {
      // A formula cell has said why already: "obligatoire" beside it would say it twice.
      if (fallback === undefined && required && problems.length === before) problems.push({ column: columnName(field), reason: IMPORT_FR.required });
      return fallback;
    }
    const result = reader(value);
    if (!result.ok) problems.push({ column: columnName(field), reason: result.reason });
    return result.ok ? result.value : undefined;
  };
  const named = (field: 'partner' | 'action' | 'site', fallback: string | undefined, unknown: (text: string) => string) =>
    read(field, (value) => {
      const text = cellText(value);
      const id = lookups[field](text);
      return id === undefined ? { ok: false, reason: unknown(text) } : { ok: true, value: id };
    }, fallback);

  const partnerId = named('partner', mapping.defaults?.partnerId ?? context.partnerId, IMPORT_FR.unknownPartnerName);
  if (partnerId === undefined && !problems.some((p) => p.column === columnName('partner')))
    problems.push({ column: columnName('partner'), reason: header.columns.partner === undefined ? IMPORT_FR.needsPartner : IMPORT_FR.required });
  const kind = read('kind', (value) => readKind(value, mapping.values?.kind), mapping.defaults?.kind, true);
  const status = read('status', (value) => readStatus(value, mapping.values?.status), mapping.defaults?.status ?? 'actual', true);
  const date = read('date', readDate, undefined, true);
  const until = read('until', readDate);
  const unit = read('unit', readUnit, mapping.defaults?.unit);
  const money = kind !== undefined && isMoneyKind(kind);
  const quantity = read('quantity', readDecimal, undefined, kind !== undefined && !money && header.columns.amount === undefined);
  const amount = read('amount', readDecimal, undefined, money && header.columns.quantity === undefined);
  const actionId = named('action', mapping.defaults?.actionId, IMPORT_FR.unknownActionName);
  const siteId = named('site', mapping.defaults?.siteId, IMPORT_FR.unknownSiteName);
  const text = (field: Field) => {
    const value = cell(field);
    return value === undefined ? undefined : cellText(value).trim();
  };
  const description = text('description');
  const evidence = text('evidence');
  const role = text('role');
  if (problems.length > 0 || partnerId === undefined || kind === undefined || status === undefined || date === undefined) return { ok: false, problems };

  return { ok: true, content: contentOf({ partnerId, kind, status, date, until, quantity, amount, unit, actionId, siteId, description, evidence, role }) };
}

type RowFields = Partial<ContributionInput> & Pick<ContributionInput, 'partnerId' | 'kind' | 'status' | 'date'>;

/** The fields read from a row, the empty ones left out. */
function contentOf(read: RowFields): ContributionInput {
  // A money kind's figure is its amount, a time kind's its quantity: a sheet with one "Quantité"
  // column for both (12 h, 500 €) gives the figure to the field the kind counts in.
  const figure = isMoneyKind(read.kind) ? read.amount ?? read.quantity : read.quantity ?? read.amount;
  const content: ContributionInput = { partnerId: read.partnerId, kind: read.kind, status: read.status, date: read.date };
  if (figure !== undefined) content[isMoneyKind(read.kind) ? 'amount' : 'quantity'] = figure;
  for (const key of ['until', 'unit', 'actionId', 'siteId', 'description', 'evidence', 'role'] as const) {
    const value = read[key];
    if (value !== undefined && value !== '') (content as Record<string, unknown>)[key] = value;
  }
  return content;
}
