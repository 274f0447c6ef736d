// Reading one cell as the value of a field: French decimals and dates, and the words a network's
// spreadsheet uses for natures, statuses and units. Each reader returns the value or a French reason.
import { DECIMAL_PATTERN } from '../domain/money.ts';
import type { ContributionKind, ContributionStatus, Unit } from '../domain/kinds.ts';
import { IMPORT_FR } from '../messages/fr.ts';
import { cellText, type Cell } from './cells.ts';

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const no = <T>(reason: string): Read<T> => ({ ok: false, reason });

/** Labels met again and again (a partner's name on every row) are normalized once; bounded. */
const normalized = new Map<string, string>();
const MAX_NORMALIZED = 10_000;

/** Lower case, no accents, every run of other characters one space: "Prévu/Réalisé" → "prevu realise". */
export function normalizeLabel(text: string): string {
  const known = normalized.get(text);
  if (known !== undefined) return known;
  const label = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9€]+/g, ' ')
    .trim();
  if (normalized.size >= MAX_NORMALIZED) normalized.clear();
  normalized.set(text, label);
  return label;
}

/**
 * A decimal as a string: "12,5", "1 234,50", "1.234,50", "12.5 €" and the numbers of an .xlsx cell.
 * A number cell is written as JavaScript writes it back, the shortest text that reads as the same
 * double: what the file's XML holds for any figure a person types (12.5, 0.1, 1234.56).
 */
export function readDecimal(cell: Cell): Read<string> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return no(IMPORT_FR.notANumber(String(cell)));
    const text = String(cell);
    return /e/i.test(text) ? no(IMPORT_FR.notANumber(text)) : ok(text);
  }
  if (typeof cell !== 'string') return no(IMPORT_FR.notANumber(cellText(cell)));
  let text = cell.replace(/[\s\u00a0\u202f]/g, '').replace(/(€|eur|euros|h|heures?)$/i, '');
  const comma = text.lastIndexOf(',');
  const dot = text.lastIndexOf('.');
  if (comma !== -1 && dot !== -1) {
    // Both: the last is the decimal mark, the other groups thousands ("1.234,50" or "1,234.50").
    text = comma > dot ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  } else if (comma !== -1) {
    if (text.indexOf(',') !== comma) return no(IMPORT_FR.notANumber(cell));
    text = text.replace(',', '.');
  }
  if (!DECIMAL_PATTERN.test(text)) return no(IMPORT_FR.notANumber(cell));
  return ok(text);
}

const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A date: JJ/MM/AAAA (or with - or .), AAAA-MM-JJ, an .xlsx date cell, or an Excel day number. */
export function readDate(cell: Cell): Read<string> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return no(IMPORT_FR.notADate(''));
    return ok(cell.toISOString().slice(0, 10));
  }
  if (typeof cell === 'number') {
    // An unformatted date cell holds its day number (1 = 1900-01-01 as Excel counts).
    if (!Number.isInteger(cell) || cell < 20_000 || cell > 80_000) return no(IMPORT_FR.notADate(String(cell)));
    return ok(new Date(SERIAL_EPOCH_MS + cell * 86_400_000).toISOString().slice(0, 10));
  }
  if (typeof cell !== 'string') return no(IMPORT_FR.notADate(cellText(cell)));
  const text = cell.trim();
  let match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(text);
  let [year, month, day] = match ? [match[1]!, match[2]!, match[3]!] : ['', '', ''];
  if (!match) {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
    if (!match) return no(IMPORT_FR.notADate(text));
    [day, month, year] = [match[1]!.padStart(2, '0'), match[2]!.padStart(2, '0'), match[3]!];
  }
  const iso = `${year}-${month}-${day}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) return no(IMPORT_FR.notADate(text));
  return ok(iso);
}

/** The words of the seeds' and networks' spreadsheets for each kind, normalized (normalizeLabel). */
const KIND_WORDS: [ContributionKind, string[]][] = [
  ['staff_time', ['staff time', 'temps salarie', 'temps de salarie', 'temps de salaries', 'temps des salaries', 'salarie', 'salaries', 'personnel', 'temps de travail', 'mise a disposition de personnel', 'temps agent', 'temps d agent']],
  ['volunteer_time', ['volunteer time', 'benevolat', 'benevole', 'benevoles', 'temps benevole', 'temps de benevole', 'temps benevoles', 'temps de benevolat']],
  ['premises', ['premises', 'locaux', 'local', 'salle', 'salles', 'mise a disposition de salle', 'mise a disposition de locaux', 'espace', 'espaces temps']],
  ['kiosk', ['kiosk', 'borne', 'bornes', 'borne interactive', 'bornes interactives']],
  ['equipment', ['equipment', 'materiel', 'equipement', 'equipements', 'pret de materiel', 'mise a disposition de materiel']],
  ['prestation', ['prestation', 'prestations', 'prestataire', 'achat', 'prestation externe']],
  ['cash', ['cash', 'subvention', 'financement', 'numeraire', 'apport financier', 'participation financiere', 'cofinancement']],
  ['donation_in_kind', ['donation in kind', 'don', 'dons', 'don en nature', 'dons en nature']],
];
const KIND_BY_WORD = new Map(KIND_WORDS.flatMap(([kind, words]) => words.map((word) => [word, kind] as const)));

export function readKind(cell: Cell, extra: Record<string, ContributionKind> = {}): Read<ContributionKind> {
  const text = cellText(cell);
  const label = normalizeLabel(text);
  const own = Object.entries(extra).find(([word]) => normalizeLabel(word) === label);
  const kind = own?.[1] ?? KIND_BY_WORD.get(label) ?? KIND_BY_WORD.get(label.replace(/_/g, ' '));
  return kind ? ok(kind) : no(IMPORT_FR.unknownKind(text));
}

const STATUS_WORDS: [ContributionStatus, string[]][] = [
  ['planned', ['planned', 'prevu', 'prevue', 'previsionnel', 'previsionnelle', 'prev', 'engage', 'engagement', 'sollicite', 'a venir']],
  ['actual', ['actual', 'realise', 'realisee', 'real', 'reel', 'reelle', 'acquis', 'effectue', 'fait']],
];
const STATUS_BY_WORD = new Map(STATUS_WORDS.flatMap(([status, words]) => words.map((word) => [word, status] as const)));

export function readStatus(cell: Cell, extra: Record<string, ContributionStatus> = {}): Read<ContributionStatus> {
  const text = cellText(cell);
  const label = normalizeLabel(text);
  const own = Object.entries(extra).find(([word]) => normalizeLabel(word) === label);
  const status = own?.[1] ?? STATUS_BY_WORD.get(label);
  return status ? ok(status) : no(IMPORT_FR.unknownStatus(text));
}

const UNIT_WORDS: [Unit, string[]][] = [
  ['hour', ['hour', 'h', 'heure', 'heures', 'hr']],
  ['half_day', ['half day', 'demi journee', 'demi journees', '1 2 journee', 'dj']],
  ['day', ['day', 'jour', 'jours', 'journee', 'journees', 'j']],
  ['month', ['month', 'mois']],
  ['eur', ['eur', '€', 'euro', 'euros']],
];
const UNIT_BY_WORD = new Map(UNIT_WORDS.flatMap(([unit, words]) => words.map((word) => [word, unit] as const)));

export function readUnit(cell: Cell): Read<Unit> {
  const text = cellText(cell);
  const unit = UNIT_BY_WORD.get(normalizeLabel(text).replace(/_/g, ' '));
  return unit ? ok(unit) : no(IMPORT_FR.unknownUnit(text));
}
