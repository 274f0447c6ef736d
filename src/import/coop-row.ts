// One activity of La Coop de la médiation numérique's export → the time a partner gave at a site.
// The columns are those of the Coop's own export, buildActivitesWorksheet.ts in
// github.com/inclusion-numerique/coop-mediation-numerique (apps/web/src/features/activites/
// use-cases/list/export): a block of export information and filters, a blank row, then a table
// headed Date, Type, Nombre de participants, Bénéficiaire, Canaux d’accompagnement, Lieu,
// Durée (min), Nom de l’atelier, Matériel numérique utilisé, Thématique(s) d’accompagnement, Nom de
// la démarche administrative, … Notes supplémentaires. Lieu is "structure, code postal commune" for
// an activity in a structure, "code postal commune" otherwise.
//
// The export carries no activity id, so the activity's reference is a digest of its exported cells
// but the duration and the notes: the same activity exported again keeps its reference (and its
// contribution id), and one whose duration was changed in the Coop is reported as a conflict.
import { createHash } from 'node:crypto';
import { Decimal, dec } from '../domain/money.ts';
import type { ContributionInput } from '../domain/contribution/content.ts';
import type { ProgrammeState } from '../domain/programme/state.ts';
import { MAX_TEXT_LENGTH } from '../domain/schemas.ts';
import { IMPORT_FR } from '../messages/fr.ts';
import { cellText, isBlank, isFormula, type Cell, type RawRow } from './cells.ts';
import type { Header } from './headers.ts';
import type { RowContext, MappedRow, RowProblem } from './table-row.ts';
import { normalizeLabel, readDate, readDecimal } from './values.ts';

/** The export's headers this mapping reads, normalized (values.ts normalizeLabel). */
const COOP = {
  date: 'date',
  type: 'type',
  place: 'lieu',
  duration: 'duree min',
  workshop: 'nom de l atelier',
  themes: 'thematique s d accompagnement',
  notes: 'notes supplementaires',
} as const;

export function mapCoopRow(row: RawRow, context: RowContext, programme: ProgrammeState): MappedRow {
  const { header, mapping, lookups } = context;
  const problems: RowProblem[] = [];
  const labels = header.names.map(normalizeLabel);
  const at = (key: keyof typeof COOP): Cell => {
    const index = labels.indexOf(COOP[key]);
    const value = index === -1 ? null : (row.cells[index] ?? null);
    if (isFormula(value)) {
      problems.push({ column: header.names[index]!, reason: IMPORT_FR.formulaCell(value.formula) });
      return null;
    }
    return value;
  };
  const columnOf = (key: keyof typeof COOP) => header.names[labels.indexOf(COOP[key])] ?? key;

  const dateCell = at('date');
  const date = isBlank(dateCell) ? undefined : readDate(dateCell);
  if (date === undefined) problems.push({ column: columnOf('date'), reason: IMPORT_FR.required });
  else if (!date.ok) problems.push({ column: columnOf('date'), reason: date.reason });
  const hours = durationHours(at('duration'));
  if (!hours.ok) problems.push({ column: columnOf('duration'), reason: hours.reason });

  const place = isBlank(at('place')) ? '' : cellText(at('place')).trim();
  // "35000 Rennes": at home or remote, in no structure, so at no site of the programme.
  const inStructure = place !== '' && !/^\d{5}\b/.test(place);
  const siteId = inStructure ? lookups.site(place) : undefined;
  if (inStructure && siteId === undefined) problems.push({ column: columnOf('place'), reason: IMPORT_FR.unknownSiteName(place) });
  const partnerId = mapping.defaults?.partnerId ?? context.partnerId ?? (siteId !== undefined ? programme.sites.get(siteId)?.partnerId : undefined);
  if (partnerId === undefined && problems.length === 0) problems.push({ column: columnOf('place'), reason: IMPORT_FR.needsPartner });
  if (problems.length > 0 || !date?.ok || !hours.ok || partnerId === undefined) return { ok: false, problems };

  const type = cellText(at('type')).trim();
  const workshop = cellText(at('workshop')).trim();
  const themes = cellText(at('themes')).split('\n').map((theme) => theme.trim()).filter((theme) => theme !== '');
  const description = [type, workshop, themes.join(', ')].filter((part) => part !== '').join(' · ').slice(0, MAX_TEXT_LENGTH);
  const content: ContributionInput = {
    partnerId,
    kind: mapping.coop?.kind ?? 'staff_time',
    status: 'actual',
    date: date.value,
    quantity: hours.value,
    ...(siteId !== undefined && { siteId }),
    ...(mapping.coop?.role !== undefined && { role: mapping.coop.role }),
    ...(mapping.defaults?.actionId !== undefined && { actionId: mapping.defaults.actionId }),
    ...(description !== '' && { description }),
    evidence: `Coop de la médiation numérique, activité ${activityReference(row, labels)}`,
  };
  return { ok: true, content };
}

/**
 * Minutes → hours with two decimals, rounded half away from zero (limits.ts: a quantity has at most
 * two): 50 min = 0.83 h, 45 min = 0.75 h.
 */
function durationHours(cell: Cell): { ok: true; value: string } | { ok: false; reason: string } {
  if (isBlank(cell)) return { ok: false, reason: IMPORT_FR.required };
  const minutes = readDecimal(cell);
  if (!minutes.ok) return minutes;
  const hours = dec(minutes.value).div(60).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  if (hours.lte(0)) return { ok: false, reason: IMPORT_FR.durationNotPositive };
  return { ok: true, value: hours.toFixed(2) };
}

function activityReference(row: RawRow, labels: string[]): string {
  const hash = createHash('sha256');
  row.cells.forEach((cell, index) => {
    if (labels[index] === COOP.duration || labels[index] === COOP.notes) return;
    hash.update(`${labels[index] ?? index}=${cellText(cell)}\u0000`);
  });
  return `coop-${hash.digest('hex').slice(0, 16)}`;
}

export function isCoopHeader(header: Header): boolean {
  return header.source === 'coop';
}
