// The budget of one action, or of the whole programme, seen from the applicant that files it: charges
// by Cerfa 12156*06 line, produits (users' fees, grants by funder category, and the applicant's own
// funding as the balancing line), the 86/87 in-kind block, planned and actual side by side with the
// gap, and the six funding checks. Pure: ledger state in, document out. Amounts are exact to the cent
// (`amounts`) and in whole euros that still balance (`euros`, the Cerfa's printed figures).
import type { ActionNature, ContributionStatus } from '../domain/kinds.ts';
import { addCents, eurosHalfAwayFromZero, formatIntegerCents, maxCents, subtractCents, sumCents, ZERO_CENTS, type Cents } from '../domain/money.ts';
import { assert } from '../domain/errors.ts';
import { BUDGET_LINES, PUBLIC_FUNDER_LINES, codeOf, placeContribution, type BudgetSide, type CodeMap } from './budget-lines.ts';
import { contributionsInScope, requireAction, resolveApplicant, statusesOf, type ApplicantSource } from './budget-scope.ts';
import { eurosByLargestRemainder } from './euro-rounding.ts';
import { chooseForm, statusesOfForm, type FunderForm } from './funder-form.ts';
import { DEFAULT_CHECK_OPTIONS, fundingChecks, type CheckFigures, type CheckReading, type FundingCheck, type FundingCheckOptions } from './funding-checks.ts';
import type { ContributionView, LedgerState, ProgrammeView } from '../read-model/ledger.ts';
import type { Checkpoint } from '../read-model/runner.ts';
import type { Include } from './totals-document.ts';

export type BudgetStatus = ContributionStatus | 'both';

export interface BudgetOptions {
  actionId?: string;
  applicantId?: string;
  year?: number;
  /** Default 'both': planned, actual and the gap. */
  status?: BudgetStatus;
  include?: Include;
  /** The output format's numbering: 'cerfa' (default) or 'anc'. */
  codes?: CodeMap;
  checks?: Partial<FundingCheckOptions>;
  /** The form asked; default the applicant's own (funder-form.ts). */
  form?: FunderForm;
}

/** Per status; `gap` (actual − planned) only when both are asked. Decimal strings. */
export interface Amounts {
  planned?: string;
  actual?: string;
  gap?: string;
}

export interface BudgetLine {
  /** The line id, or `lineId:partnerId` for a funder's row. */
  id: string;
  lineId: string;
  side: BudgetSide;
  code: string;
  label: string;
  /** 0: a form line (60, 74, 86…); 1: a line under it; 2: one funder's row. */
  level: 0 | 1 | 2;
  parentId?: string;
  partnerId?: string;
  balancing?: boolean;
  /** Euros with cents. */
  amounts: Amounts;
  /** Whole euros, as printed on the Cerfa: lines rounded so that the printed totals balance. */
  euros: Amounts;
}

export interface BudgetTotals {
  charges: Amounts;
  produits: Amounts;
  emplois86: Amounts;
  ressources87: Amounts;
}

export interface UnvaluedItem {
  contributionId: string;
  partnerId: string;
  partnerName: string;
  kind: string;
  status: ContributionStatus;
  date: string;
  reason: string;
}

export interface BudgetDocument {
  programmeId: string;
  programmeName: string;
  asOf: { position: number; headHash: string };
  scope: {
    actionId: string | null;
    actionNumber: number | null;
    actionTitle: string | null;
    nature: ActionNature | null;
    applicant: { partnerId: string; name: string; category: string; source: ApplicantSource };
    year: number | null;
    statuses: ContributionStatus[];
    include: Include;
  };
  codes: CodeMap;
  /** The form the budget is printed on, chosen for the applicant and the statuses asked (funder-form.ts). */
  form: FunderForm;
  /** The tax bases of the applicant's prestations in scope ('none' when one says nothing): a form adds amounts of one basis only. */
  taxBases: ('HT' | 'TTC' | 'none')[];
  checkOptions: FundingCheckOptions;
  lines: { charges: BudgetLine[]; produits: BudgetLine[] };
  inKind: { emplois: BudgetLine[]; ressources: BudgetLine[] };
  totals: BudgetTotals;
  totalsEuros: BudgetTotals;
  checks: FundingCheck[];
  /**
   * A plan de financement actualisé (both statuses asked): the same checks on the figures it prints,
   * per line actual once recorded, else planned (status 'consolidated'); empty for any other form.
   */
  consolidatedChecks: FundingCheck[];
  unvalued: UnvaluedItem[];
  /** The applicant's own cash contributions: not a produit, they are part of its own funding. */
  applicantCash: Amounts;
  /** The applicant's own rooms, kiosks, equipment and goods, valued: off the form (budget-lines.ts, own-means). */
  applicantMeans: Amounts;
  /**
   * On a Cerfa (an association's operating budget): the applicant's purchases for an investment
   * action, kept off the class-6 lines (an investment is an asset, class 2, not a charge); zero on a
   * plan de financement, which carries them as its dépenses.
   */
  applicantInvestment: Amounts;
  /**
   * The applicant's expenses recorded on the other basis than their eligible one (TTC where the VAT
   * is recovered, HT where it is not): no VAT rate is recorded, so Socle never converts them; the
   * forms list them and ask for a correction on the eligible basis.
   */
  vatToConvert: VatToConvert[];
}

export interface VatToConvert {
  contributionId: string;
  partnerName: string;
  description: string | null;
  status: ContributionStatus;
  date: string;
  recordedBasis: 'HT' | 'TTC';
  eligibleBasis: 'HT' | 'TTC';
  amount: string;
}

/** Sums in cents per row id, for one status. */
type Column = Map<string, Cents>;
/** The same sums printed in whole euros. */
type EuroColumn = Map<string, number>;

interface Row {
  id: string;
  lineId: string;
  side: BudgetSide;
  level: 0 | 1 | 2;
  parentId?: string;
  partnerId?: string;
  label: string;
  balancing?: boolean;
  children: string[];
}

export function budgetDocument(checkpoint: Checkpoint<LedgerState>, programme: ProgrammeView, options: BudgetOptions = {}): BudgetDocument {
  const include = options.include ?? 'active';
  const codes = options.codes ?? 'cerfa';
  const checkOptions: FundingCheckOptions = { ...DEFAULT_CHECK_OPTIONS, ...options.checks };
  const action = options.actionId === undefined ? undefined : requireAction(programme, options.actionId);
  const applicant = resolveApplicant(programme, options.actionId, options.applicantId);
  const form = chooseForm(options.form, applicant, statusesOf(options.status ?? 'both'));
  const statuses = statusesOfForm(form, statusesOf(options.status ?? 'both'));
  const investmentOffForm = form !== 'plan-de-financement';
  const tally = tallyContributions(checkpoint, programme, { actionId: options.actionId, year: options.year, include }, applicant.partnerId, statuses, investmentOffForm);
  const rows = layoutRows(programme, tally.funders);
  // The leaf sums, before each column is filled in with its parents and totals.
  const leaves = new Map(tally.columns);
  const euroColumns = new Map<ContributionStatus, EuroColumn>();
  for (const status of statuses) {
    const { cents, euros } = fillColumn(rows, tally.columns.get(status)!);
    tally.columns.set(status, cents);
    euroColumns.set(status, euros);
  }
  const amounts = amountsReader(statuses, tally.columns, euroColumns);
  const toLine = (row: Row): BudgetLine => ({
    id: row.id,
    lineId: row.lineId,
    side: row.side,
    code: row.level === 2 ? '' : codeOf(row.lineId, codes),
    label: row.label,
    level: row.level,
    ...(row.parentId !== undefined && { parentId: row.parentId }),
    ...(row.partnerId !== undefined && { partnerId: row.partnerId }),
    ...(row.balancing && { balancing: true }),
    amounts: amounts.cents(row.id),
    euros: amounts.euros(row.id),
  });
  const linesOf = (side: BudgetSide) => rows.filter((r) => r.side === side).map(toLine);
  const nature = action?.nature ?? null;
  return {
    programmeId: programme.programmeId,
    programmeName: programme.name,
    asOf: { position: checkpoint.position, headHash: checkpoint.hash },
    scope: {
      actionId: action?.actionId ?? null,
      actionNumber: action?.number ?? null,
      actionTitle: action?.title ?? null,
      nature,
      applicant: { partnerId: applicant.partnerId, name: applicant.name, category: applicant.category, source: applicant.source },
      year: options.year ?? null,
      statuses,
      include,
    },
    codes,
    form,
    taxBases: [...tally.taxBases].sort(),
    checkOptions,
    lines: { charges: linesOf('charges'), produits: linesOf('produits') },
    inKind: { emplois: linesOf('emplois'), ressources: linesOf('ressources') },
    totals: totalsFrom(amounts.cents),
    totalsEuros: totalsFrom(amounts.euros),
    checks: checksOf(statuses, tally, { partnerId: applicant.partnerId, name: applicant.name, category: applicant.category }, nature, checkOptions),
    consolidatedChecks:
      form === 'plan-de-financement' && statuses.length === 2
        ? consolidatedChecksOf(rows, leaves, tally, { partnerId: applicant.partnerId, name: applicant.name, category: applicant.category }, nature, checkOptions)
        : [],
    unvalued: tally.unvalued,
    applicantCash: amountsByStatus(statuses, tally.applicantCash),
    applicantMeans: amountsByStatus(statuses, tally.applicantMeans),
    applicantInvestment: amountsByStatus(statuses, tally.applicantInvestment),
    vatToConvert: tally.vatToConvert,
  };
}

/** What one pass over the contributions in scope gives: cents per row and status, and what sits off the form. */
interface Tally {
  columns: Map<ContributionStatus, Column>;
  applicantCash: Map<ContributionStatus, Cents>;
  applicantMeans: Map<ContributionStatus, Cents>;
  applicantInvestment: Map<ContributionStatus, Cents>;
  vatToConvert: VatToConvert[];
  /** The funders of each produit line that is filled in by funder. */
  funders: Map<string, Set<string>>;
  unvalued: UnvaluedItem[];
  taxBases: Set<'HT' | 'TTC' | 'none'>;
}

function tallyContributions(
  checkpoint: Checkpoint<LedgerState>,
  programme: ProgrammeView,
  scope: Parameters<typeof contributionsInScope>[2],
  applicantId: string,
  statuses: readonly ContributionStatus[],
  investmentOffForm: boolean,
): Tally {
  const tally: Tally = {
    columns: new Map(statuses.map((s) => [s, new Map()])),
    applicantCash: new Map(statuses.map((s) => [s, ZERO_CENTS])),
    applicantMeans: new Map(statuses.map((s) => [s, ZERO_CENTS])),
    applicantInvestment: new Map(statuses.map((s) => [s, ZERO_CENTS])),
    vatToConvert: [],
    funders: new Map(),
    unvalued: [],
    taxBases: new Set(),
  };
  const add = (column: Map<string, Cents>, id: string, cents: Cents) => column.set(id, addCents(column.get(id) ?? ZERO_CENTS, cents));
  for (const view of contributionsInScope(checkpoint.state, programme, scope)) {
    const c = view.content;
    const column = tally.columns.get(c.status);
    if (!column) continue;
    if (view.valueCents === null) {
      tally.unvalued.push({ contributionId: view.contributionId, partnerId: c.partnerId, partnerName: programme.partners.get(c.partnerId)?.name ?? c.partnerId, kind: c.kind, status: c.status, date: c.date, reason: view.unvaluedReason ?? 'aucun taux' });
      continue;
    }
    const placement = placeContribution(c, applicantId, programme.partners.get(c.partnerId)?.category ?? 'autre');
    if (investmentOffForm && placement.to === 'charge' && isInvestmentPurchase(c, programme)) {
      add(tally.applicantInvestment, c.status, view.valueCents);
      continue;
    }
    switch (placement.to) {
      case 'charge':
        add(column, placement.lineId, view.valueCents);
        if (c.kind === 'prestation') tally.taxBases.add(c.taxBasis ?? 'none');
        noteVatToConvert(tally, view, programme);
        break;
      case 'produit': {
        add(column, `${placement.lineId}:${placement.funderId}`, view.valueCents);
        let set = tally.funders.get(placement.lineId);
        if (!set) tally.funders.set(placement.lineId, (set = new Set()));
        set.add(placement.funderId);
        break;
      }
      case 'own-cash':
        add(tally.applicantCash, c.status, view.valueCents);
        break;
      case 'own-means':
        add(tally.applicantMeans, c.status, view.valueCents);
        break;
      case 'in-kind':
        add(column, placement.emploi, view.valueCents);
        add(column, placement.ressource, view.valueCents);
        break;
    }
  }
  return tally;
}

/**
 * The applicant's own purchase (a prestation) for an action declared as an investment: an asset
 * it acquires, not an operating charge, so never on a Cerfa's class-6 lines.
 */
function isInvestmentPurchase(content: ContributionView['content'], programme: ProgrammeView): boolean {
  if (content.kind !== 'prestation' || content.actionId === undefined) return false;
  return programme.actions.get(content.actionId)?.nature === 'investissement';
}

/**
 * An amount is eligible HT where the applicant recovers the VAT (or the FCTVA), TTC where it does
 * not. Recorded on the other basis, it needs the VAT rate to convert, which the ledger does not hold:
 * listed, never converted by a guessed rate.
 */
function noteVatToConvert(tally: Tally, view: ContributionView, programme: ProgrammeView): void {
  const c = view.content;
  if (c.kind !== 'prestation' || c.taxBasis === undefined || c.vatRecoverable === undefined || view.valueCents === null) return;
  const eligibleBasis = c.vatRecoverable ? 'HT' : 'TTC';
  if (c.taxBasis === eligibleBasis) return;
  tally.vatToConvert.push({
    contributionId: view.contributionId,
    partnerName: programme.partners.get(c.partnerId)?.name ?? c.partnerId,
    description: c.description ?? null,
    status: c.status,
    date: c.date,
    recordedBasis: c.taxBasis,
    eligibleBasis,
    amount: formatIntegerCents(view.valueCents),
  });
}

/** A row's amounts per status (and the gap when both), exact and in whole euros. */
function amountsReader(statuses: readonly ContributionStatus[], cents: Map<ContributionStatus, Column>, euros: Map<ContributionStatus, EuroColumn>) {
  const inCents = (id: string): Amounts => {
    const at = (status: ContributionStatus) => cents.get(status)!.get(id) ?? ZERO_CENTS;
    const out: Amounts = {};
    for (const status of statuses) out[status] = formatIntegerCents(at(status));
    if (statuses.length === 2) out.gap = formatIntegerCents(subtractCents(at('actual'), at('planned')));
    return out;
  };
  const inEuros = (id: string): Amounts => {
    const at = (status: ContributionStatus) => euros.get(status)!.get(id) ?? 0;
    const out: Amounts = {};
    for (const status of statuses) out[status] = String(at(status));
    if (statuses.length === 2) out.gap = String(at('actual') - at('planned'));
    return out;
  };
  return { cents: inCents, euros: inEuros };
}

function totalsFrom(value: (id: string) => Amounts): BudgetTotals {
  return { charges: value(TOTAL_ID.charges), produits: value(TOTAL_ID.produits), emplois86: value('e86'), ressources87: value('r87') };
}

/** The funding checks of each status, from its column's cents. */
function checksOf(statuses: readonly ContributionStatus[], tally: Tally, applicant: CheckFigures['applicant'], nature: ActionNature | null, options: FundingCheckOptions): FundingCheck[] {
  return statuses.flatMap((status) =>
    fundingChecks(figuresOf(status, tally.columns.get(status)!, { applicant, nature, unvalued: tally.unvalued.filter((u) => u.status === status) }), options),
  );
}

/**
 * The checks of the plan actualisé, on the figures it prints: each leaf line (an expense, a funder,
 * an in-kind line) at its actual amount once one is recorded, else its planned one — the rule of
 * planDeFinancementOf's amountOf —, then parents, totals and the balancing line summed again.
 */
function consolidatedChecksOf(rows: Row[], leaves: Map<ContributionStatus, Column>, tally: Tally, applicant: CheckFigures['applicant'], nature: ActionNature | null, options: FundingCheckOptions): FundingCheck[] {
  const planned = leaves.get('planned')!;
  const actual = leaves.get('actual')!;
  const merged: Column = new Map();
  for (const id of new Set([...planned.keys(), ...actual.keys()])) {
    const recorded = actual.get(id) ?? ZERO_CENTS;
    merged.set(id, recorded !== 0 ? recorded : (planned.get(id) ?? ZERO_CENTS));
  }
  const { cents } = fillColumn(rows, merged);
  return fundingChecks(figuresOf('consolidated', cents, { applicant, nature, unvalued: tally.unvalued }), options);
}

function figuresOf(status: CheckReading, column: Column, context: Pick<CheckFigures, 'applicant' | 'nature' | 'unvalued'>): CheckFigures {
  const get = (id: string) => column.get(id) ?? ZERO_CENTS;
  return {
    status,
    totalCharges: get(TOTAL_ID.charges),
    totalProduits: get(TOTAL_ID.produits),
    total86: get('e86'),
    total87: get('r87'),
    // Signed, unlike the printed line: below zero the action is over-funded (check 2).
    ownFunding: subtractCents(get(TOTAL_ID.charges), subtractCents(get(TOTAL_ID.produits), get('p-propres'))),
    publicAid: sumCents([...PUBLIC_FUNDER_LINES].map(get)),
    euFunding: get('p74-europe'),
    ...context,
  };
}

function amountsByStatus(statuses: readonly ContributionStatus[], cents: Map<ContributionStatus, Cents>): Amounts {
  const out: Amounts = {};
  for (const status of statuses) out[status] = formatIntegerCents(cents.get(status)!);
  return out;
}

/** Pseudo row ids for the section totals, kept in the same columns as the lines. */
const TOTAL_ID = { charges: '#total-charges', produits: '#total-produits' } as const;

/** Every form line in print order, with one row per funder under the lines filled by funder. */
function layoutRows(programme: ProgrammeView, funders: Map<string, Set<string>>): Row[] {
  const rows: Row[] = [];
  const byId = new Map<string, Row>();
  for (const def of BUDGET_LINES) {
    const row: Row = {
      id: def.id,
      lineId: def.id,
      side: def.side,
      level: def.parentId === undefined ? 0 : 1,
      label: def.label,
      children: [],
      ...(def.parentId !== undefined && { parentId: def.parentId }),
      ...(def.balancing && { balancing: true }),
    };
    rows.push(row);
    byId.set(row.id, row);
    if (def.parentId !== undefined) byId.get(def.parentId)!.children.push(row.id);
    if (def.byFunder) {
      for (const partnerId of [...(funders.get(def.id) ?? [])].sort()) {
        const funderRow: Row = {
          id: `${def.id}:${partnerId}`,
          lineId: def.id,
          side: def.side,
          level: 2,
          parentId: def.id,
          partnerId,
          label: programme.partners.get(partnerId)?.name ?? partnerId,
          children: [],
        };
        rows.push(funderRow);
        row.children.push(funderRow.id);
      }
    }
  }
  return rows;
}

/**
 * Completes one status column: parents as the sum of their children, the section totals, the
 * balancing line; and the same in whole euros, leaves rounded by largest remainder per section so
 * that every printed sum holds.
 */
function fillColumn(rows: Row[], leaves: Column): { cents: Column; euros: EuroColumn } {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const cents: Column = new Map();
  const euros: EuroColumn = new Map();
  const isLeafRow = (r: Row) => r.children.length === 0;

  for (const side of ['charges', 'produits', 'emplois', 'ressources'] as const) {
    const leafRows = rows.filter((r) => r.side === side && isLeafRow(r) && !r.balancing);
    const leafCents = leafRows.map((r) => leaves.get(r.id) ?? ZERO_CENTS);
    const leafEuros = eurosByLargestRemainder(leafCents);
    leafRows.forEach((r, i) => {
      cents.set(r.id, leafCents[i]!);
      euros.set(r.id, leafEuros[i]!);
    });
  }
  for (const id of leaves.keys()) assert(cents.has(id), `amount on ${id}, which is not a leaf of the budget`);

  // Parents from their children, deepest first (children always follow their parent in print order).
  for (const row of [...rows].reverse()) {
    if (isLeafRow(row)) continue;
    cents.set(row.id, sumCents(row.children.map((id) => cents.get(id)!)));
    euros.set(row.id, row.children.reduce((sum, id) => sum + euros.get(id)!, 0));
  }

  const topLevel = (side: BudgetSide) => rows.filter((r) => r.side === side && r.level === 0 && !r.balancing);
  const centsOf = (side: BudgetSide) => sumCents(topLevel(side).map((r) => cents.get(r.id)!));
  const eurosOf = (side: BudgetSide) => topLevel(side).reduce((sum, r) => sum + euros.get(r.id)!, 0);

  const chargesCents = centsOf('charges');
  const chargesEuros = eurosOf('charges');
  // The applicant's own funding balances the budget, in cents and again in printed euros; never
  // below zero on a form: an over-funded action shows its produits above its charges, and fails
  // checks 1 and 2 with both sides.
  cents.set('p-propres', maxCents(ZERO_CENTS, subtractCents(chargesCents, centsOf('produits'))));
  euros.set('p-propres', Math.max(0, chargesEuros - eurosOf('produits')));
  cents.set(TOTAL_ID.charges, chargesCents);
  euros.set(TOTAL_ID.charges, chargesEuros);
  cents.set(TOTAL_ID.produits, addCents(centsOf('produits'), cents.get('p-propres')!));
  euros.set(TOTAL_ID.produits, eurosOf('produits') + euros.get('p-propres')!);
  assert(byId.has('p-propres'), 'the balancing line exists');
  // Rounded totals stay within rounding of the exact ones.
  assert(Math.abs(chargesEuros - eurosHalfAwayFromZero(chargesCents)) === 0, 'charges rounded by largest remainder');
  return { cents, euros };
}
