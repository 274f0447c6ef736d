// Finding the header row and guessing which column holds which field from its French header. A
// network's spreadsheet opens with title rows (often merged across the table) and a Coop export
// with a block of export information: the header is the first row, among the first 30, where at
// least two cells are known headers and one of them is the date.
import { IMPORT_FR } from '../messages/fr.ts';
import { cellText, isBlank, UnreadableFileError, type RawRow } from './cells.ts';
import type { Field, Mapping } from './mapping-file.ts';
import { normalizeLabel } from './values.ts';

export const HEADER_SEARCH_ROWS = 30;

/** Known headers, normalized (values.ts normalizeLabel), for each field. */
const HEADER_WORDS: Record<Field, string[]> = {
  partner: ['partenaire', 'partenaires', 'structure', 'organisme', 'contributeur', 'financeur', 'partner'],
  kind: ['nature', 'nature de la contribution', 'type de contribution', 'type de contributions', 'nature de contribution', 'kind'],
  status: ['prevu realise', 'statut', 'previsionnel realise', 'prevu ou realise', 'etat', 'status'],
  date: ['date', 'date de debut', 'debut', 'date debut'],
  until: ['date de fin', 'fin', 'jusqu au', 'date fin', 'until'],
  quantity: ['quantite', 'nombre', 'volume', 'nombre d heures', 'nb heures', 'heures', 'quantity'],
  unit: ['unite', 'unit'],
  amount: ['montant', 'montant €', 'montant eur', 'montant en euros', 'somme', 'amount'],
  action: ['action', 'n action', 'numero d action', 'fiche action', 'action n'],
  site: ['lieu', 'site', 'lieu d accueil', 'lieux'],
  description: ['commentaire', 'commentaires', 'description', 'observations', 'objet', 'libelle', 'remarques'],
  evidence: ['justificatif', 'justificatifs', 'piece justificative', 'reference', 'preuve', 'evidence'],
  role: ['role', 'fonction', 'poste'],
};
const FIELD_BY_HEADER = new Map(Object.entries(HEADER_WORDS).flatMap(([field, words]) => words.map((word) => [word, field as Field] as const)));

/** The headers of La Coop's activity export that tell it apart (buildActivitesWorksheet.ts). */
const COOP_MARKERS = ['duree min', 'thematique s d accompagnement'];

export interface Header {
  row: number;
  /** The header text of every column, as in the file. */
  names: string[];
  source: 'table' | 'coop';
  /** Field → column index (0-based). */
  columns: Partial<Record<Field, number>>;
}

/** The header row's place and its columns; `rows` are the first rows of the sheet. */
export function findHeader(rows: RawRow[], mapping: Mapping): Header {
  const named = Object.values(mapping.columns ?? {}).filter((name): name is string => typeof name === 'string');
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const names = row.cells.map((cell) => (isBlank(cell) ? '' : cellText(cell).trim()));
    const labels = names.map(normalizeLabel);
    const isCoop = COOP_MARKERS.every((marker) => labels.includes(marker));
    if (mapping.source === 'coop' || isCoop) {
      if (isCoop) return { row: row.number, names, source: 'coop', columns: {} };
      continue;
    }
    if (named.length > 0) {
      if (named.every((name) => names.includes(name))) return { row: row.number, names, source: 'table', columns: tableColumns(names, mapping) };
      continue;
    }
    const columns = guessColumns(labels);
    if (columns.date !== undefined && Object.keys(columns).length >= 2) return { row: row.number, names, source: 'table', columns: tableColumns(names, mapping) };
  }
  if (named.length > 0) {
    const first = rows.slice(0, HEADER_SEARCH_ROWS).find((row) => row.cells.some((cell) => !isBlank(cell)));
    const names = first?.cells.map((cell) => cellText(cell).trim()) ?? [];
    const missing = named.find((name) => !names.includes(name));
    if (missing !== undefined) throw new UnreadableFileError(IMPORT_FR.headerNotFound(missing));
  }
  throw new UnreadableFileError(rows.some((row) => row.cells.some((cell) => !isBlank(cell))) ? IMPORT_FR.noHeader : IMPORT_FR.emptySheet);
}

function guessColumns(labels: string[]): Partial<Record<Field, number>> {
  const columns: Partial<Record<Field, number>> = {};
  labels.forEach((label, index) => {
    // "Montant (€)" → "montant €"; "Quantité (h)" → "quantite h": try the label, then its first words.
    const field = FIELD_BY_HEADER.get(label) ?? FIELD_BY_HEADER.get(label.replace(/ (€|eur|h|en heures|ht|ttc)$/, ''));
    if (field !== undefined && columns[field] === undefined) columns[field] = index;
  });
  return columns;
}

/** The guessed columns, overridden by the mapping file's (a header name, or null to ignore one). */
function tableColumns(names: string[], mapping: Mapping): Partial<Record<Field, number>> {
  const columns = guessColumns(names.map(normalizeLabel));
  for (const [field, name] of Object.entries(mapping.columns ?? {}) as [Field, string | null][]) {
    if (name === null) delete columns[field];
    else columns[field] = names.indexOf(name);
  }
  return columns;
}

/** A row whose first cells say "Total", "Sous-total" or "Totaux": a sum, not a contribution. */
export function isTotalsRow(row: RawRow): boolean {
  return row.cells.slice(0, 3).some((cell) => typeof cell === 'string' && /^(sous )?tota(l|ux)\b/.test(normalizeLabel(cell)));
}
