// The scenarios page's figures (issue 16), from the API's comparison document
// (GET /api/programmes/:p/scenarios): one row per figure — the total, each partner (with its
// share), each kind, the funding plan's synthesis and its funding gap — with the real plan's value
// and, per scenario, its value and its difference. Every amount stays the API's decimal string;
// the share differences are worked out exactly in hundredths (BigInt), never in floats.
import { centsToDecimal, formatDecimalFr, formatEuros, toCents } from './decimal.js';
import { CATEGORY_LABELS, KIND_LABELS, KINDS, UNIT_SHORT, frDate, unitAfter } from './labels.js';

/** A status agreeing with what it qualifies: one contribution, several, or a time. */
const STATUS_WORDS = { planned: ['prévue', 'prévues', 'prévisionnel'], actual: ['réalisée', 'réalisées', 'réalisé'] };

/**
 * @typedef {{ total: string, byPartner: { partnerId: string, name: string, total: string, share: string }[],
 *   byKind: Record<string, string>, funding: Record<string, string> }} PlanFigures
 * @typedef {{ value: string, share?: string }} FigureValue
 * @typedef {{ id: string, label: string, group: 'total' | 'partner' | 'kind' | 'funding', real: FigureValue,
 *   scenarios: { value: FigureValue, difference: string, shareDifference?: string }[] }} FigureRow
 */

/** The funding plan's synthesis, in the scenarios workbook's words (src/exports/scenarios-workbook.ts). */
export const FUNDING_LABELS = {
  expenses: 'Plan de financement : dépenses',
  cofunding: 'Plan de financement : cofinancements',
  other: 'Plan de financement : autres recettes',
  fundingGap: 'Besoin de financement (reste à charge)',
  inKind: 'Contributions en nature',
};

/** The figures the chart draws for each plan, in this order. */
export const CHART_FIGURES = /** @type {const} */ (['total', 'expenses', 'cofunding', 'fundingGap']);
export const CHART_LABELS = { total: 'Total des contributions', expenses: 'Dépenses', cofunding: 'Cofinancements', fundingGap: 'Besoin de financement' };

/** @param {PlanFigures} f @param {typeof CHART_FIGURES[number]} figure */
export const chartValue = (f, figure) => (figure === 'total' ? f.total : f.funding[figure] ?? '0');

/**
 * a − b for two decimal strings with at most two decimals (shares in percent), exactly.
 * @param {string} a @param {string} b
 */
export function minusHundredths(a, b) {
  return centsToDecimal(toCents(a) - toCents(b));
}

/**
 * Every row of the comparison table, in the workbook's order.
 * @param {any} comparison
 * @returns {FigureRow[]}
 */
export function figureRows(comparison) {
  /** @type {PlanFigures[]} */
  const all = [comparison.real, ...comparison.scenarios.map((/** @type {any} */ s) => s.figures)];
  /** @type {Map<string, string>} */
  const partners = new Map();
  // A partner with nothing in any plan (in this period) says nothing: it is left out.
  for (const f of all) for (const p of f.byPartner) if (toCents(p.total) !== 0n || partners.has(p.partnerId)) partners.set(p.partnerId, p.name);
  const kinds = KINDS.filter((k) => all.some((f) => toCents(f.byKind[k] ?? '0') !== 0n));
  /** @type {(id: string, label: string, group: FigureRow['group'], of: (f: PlanFigures) => FigureValue, diff: (d: any) => string) => FigureRow} */
  const row = (id, label, group, of, diff) => ({
    id,
    label,
    group,
    real: of(comparison.real),
    scenarios: comparison.scenarios.map((/** @type {any} */ s) => {
      const value = of(s.figures);
      const shareDifference = value.share !== undefined ? minusHundredths(value.share, of(comparison.real).share ?? '0') : undefined;
      return { value, difference: diff(s.difference), ...(shareDifference !== undefined && { shareDifference }) };
    }),
  });
  const partnerOf = (/** @type {PlanFigures} */ f, /** @type {string} */ id) => f.byPartner.find((p) => p.partnerId === id);
  return [
    row('total', 'Total des contributions', 'total', (f) => ({ value: f.total }), (d) => d.total),
    ...[...partners]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, name]) => row(`partner:${id}`, `Partenaire : ${name}`, 'partner', (f) => ({ value: partnerOf(f, id)?.total ?? '0.00', share: partnerOf(f, id)?.share ?? '0.00' }), (d) => d.byPartner[id] ?? '0.00')),
    ...kinds.map((k) => row(`kind:${k}`, `Nature : ${KIND_LABELS[k] ?? k}`, 'kind', (f) => ({ value: f.byKind[k] ?? '0.00' }), (d) => d.byKind[k] ?? '0.00')),
    ...Object.entries(FUNDING_LABELS).map(([k, label]) => row(`funding:${k}`, label, 'funding', (f) => ({ value: f.funding[k] ?? '0.00' }), (d) => d.funding[k] ?? '0.00')),
  ];
}

/** "+1 000,00 €", "−250,00 €", "0,00 €": a difference says its sign. @param {string} amount */
export function signedEuros(amount) {
  const cents = toCents(amount);
  return `${cents > 0n ? '+' : ''}${formatEuros(cents)}`;
}

/** "+2,30 pts" for a share difference in percentage points. @param {string} points */
export function signedPoints(points) {
  const hundredths = toCents(points);
  return `${hundredths > 0n ? '+' : ''}${formatDecimalFr(centsToDecimal(hundredths))}\u00a0pt${hundredths === 100n || hundredths === -100n ? '' : 's'}`;
}

/**
 * A hypothesis in words, for the list of a scenario's facts.
 * @param {any} fact @param {(id: string) => string} partnerName
 */
export function factText(fact, partnerName) {
  /** @param {string | undefined} st @param {0 | 1 | 2} form */
  const status = (st, form) => (st ? (STATUS_WORDS[/** @type {'planned' | 'actual'} */ (st)]?.[form] ?? st) : '');
  switch (fact.kind) {
    case 'add-contribution': {
      const c = fact.content;
      const what = c.amount !== undefined ? formatEuros(c.amount) : `${formatDecimalFr(c.quantity)}\u00a0${unitAfter(c.quantity, c.unit)}`;
      return `Contribution ajoutée : ${partnerName(c.partnerId)}, ${(KIND_LABELS[c.kind] ?? c.kind).toLowerCase()}, ${what}, ${status(c.status, 0)}, ${c.until ? `du ${frDate(c.date)} au ${frDate(c.until)}` : `le ${frDate(c.date)}`}${c.description ? ` (${c.description})` : ''}`;
    }
    case 'staff-per-site':
      return `Temps salarié de ${formatDecimalFr(fact.hoursPerSite)} h par lieu en ${fact.year} (${status(fact.status, 2)}), au taux du partenaire du lieu`;
    case 'remove-contribution':
      return `Contribution ${fact.contributionId} de ${partnerName(fact.partnerId)} retirée`;
    case 'scale-contributions': {
      const scope = [fact.partnerId ? `de ${partnerName(fact.partnerId)}` : null, fact.contributionKind ? `en ${(KIND_LABELS[fact.contributionKind] ?? fact.contributionKind).toLowerCase()}` : null, fact.status ? status(fact.status, 1) : null, fact.year ? `de ${fact.year}` : null].filter(Boolean);
      return `Contributions ${scope.length > 0 ? scope.join(', ') : 'toutes'} multipliées par ${formatDecimalFr(fact.factor)}`;
    }
    case 'set-rate':
      return `Taux ${fact.rate.rateId} : ${(KIND_LABELS[fact.rate.kind] ?? fact.rate.kind).toLowerCase()} à ${formatEuros(fact.rate.amount)} par ${UNIT_SHORT[fact.rate.unit] ?? fact.rate.unit} dès le ${frDate(fact.rate.validFrom)}${fact.rate.partnerId ? ` pour ${partnerName(fact.rate.partnerId)}` : ''}`;
    case 'add-funder':
      return `Financeur ajouté : ${fact.name} (${CATEGORY_LABELS[fact.category] ?? fact.category}), subvention ${status(fact.status, 0)} de ${formatEuros(fact.amount)} le ${frDate(fact.date)}`;
    case 'drop-partner':
      return `Sans ${partnerName(fact.partnerId)} : toutes ses contributions retirées`;
    default:
      return String(fact.kind);
  }
}
