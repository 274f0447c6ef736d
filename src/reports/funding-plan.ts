// The funding plan of each action, in the layout of the roadmap's "fiche action": DÉPENSES (the
// pilot's own costs by nature, HT or TTC as recorded) against RECETTES (each co-funder with its
// amount, share and status sollicité/acquis; other receipts such as users' fees; the pilot's reste à
// charge), both totalled; then the in-kind contributions, follow-up indicators and a synthesis across
// actions. Uses the same placement rules as the Cerfa budget (budget-lines.ts).
import type { ActionNature, ContributionKind, ContributionStatus, PartnerCategory, TaxBasis } from '../domain/kinds.ts';
import { Decimal, ZERO, absCents, addCents, centsOf, dec, formatIntegerCents, maxCents, sharesOfCents, subtractCents, sumCents, ZERO_CENTS, type Cents } from '../domain/money.ts';
import type { Action, ActionSheet } from '../domain/programme/state.ts';
import { InvalidCommandError } from '../domain/errors.ts';
import { LINE_BY_ID, PUBLIC_FUNDER_LINES, placeContribution } from './budget-lines.ts';
import { contributionsInScope, requireAction, resolveApplicant, type ApplicantSource } from './budget-scope.ts';
import type { UnvaluedItem } from './budget.ts';
import { unvaluedReferenceFr } from './funding-checks.ts';
import { frenchEuros } from '../domain/french-format.ts';
import type { ContributionView, LedgerState, ProgrammeView } from '../read-model/ledger.ts';
import type { Checkpoint } from '../read-model/runner.ts';
import type { Include } from './totals-document.ts';

/** consolidated: per expense line and per funder, the actual figures once any are recorded, else the planned ones. */
export type PlanMode = 'consolidated' | 'planned' | 'actual';
export const PLAN_MODES: readonly PlanMode[] = ['consolidated', 'planned', 'actual'];

export interface FundingPlanOptions {
  /** Only this action; default every action of the programme. */
  actionId?: string;
  /** Files every plan; default each action's pilot (then the programme's default applicant). */
  applicantId?: string;
  year?: number;
  include?: Include;
  mode?: PlanMode;
}

export interface PlanExpense {
  label: string;
  /** The Cerfa leaf line the expense sits on (c64-remuneration, c60-prestations…). */
  lineId: string;
  kind: ContributionKind;
  status: ContributionStatus;
  taxBasis: TaxBasis | null;
  vatRecoverable: boolean | null;
  amount: string;
}

export interface PlanReceipt {
  partnerId: string;
  name: string;
  category: string;
  public: boolean;
  /** acquis: actual cash; sollicité: planned cash. */
  status: 'acquis' | 'sollicité';
  amount: string;
  /** Percent of total receipts with two decimals; null when the total is not positive. */
  share: string | null;
  /** Acquis in consolidated mode: what the funder was asked (its planned cash), when that differs. */
  requested?: string;
}

export interface PlanInKind {
  partnerId: string;
  name: string;
  kind: ContributionKind;
  status: ContributionStatus;
  amount: string;
}

export interface PlanIndicator {
  label: string;
  unit: string;
  planned: string;
  actual: string;
}

export interface FichePlan {
  actionId: string;
  number: number;
  title: string;
  axis: { axisId: string; title: string } | null;
  nature: ActionNature;
  pilot: { partnerId: string; name: string } | null;
  applicant: { partnerId: string; name: string; source: ApplicantSource };
  /** Every partner with a counted contribution to the action, by name. */
  partners: { partnerId: string; name: string }[];
  /** First and last day covered by the counted contributions. */
  period: { from: string; to: string } | null;
  /** The coordinator's fiche facts (services concernés, enjeux, objectifs, calendrier), or null when never set. */
  sheet: ActionSheet | null;
  expenses: PlanExpense[];
  totalExpenses: string;
  cofinanceurs: PlanReceipt[];
  autres: PlanReceipt[];
  resteACharge: { label: string; amount: string; share: string | null };
  totalReceipts: string;
  inKind: PlanInKind[];
  totalInKind: string;
  indicators: PlanIndicator[];
  unvalued: UnvaluedItem[];
  notes: string[];
}

export interface SynthesisRow {
  actionId: string;
  number: number;
  title: string;
  applicant: string;
  nature: ActionNature;
  expenses: string;
  cofinancementsAcquis: string;
  cofinancementsSollicites: string;
  autres: string;
  resteACharge: string;
  inKind: string;
}

export type SynthesisTotals = Omit<SynthesisRow, 'actionId' | 'number' | 'title' | 'applicant' | 'nature'>;

export interface FundingPlanDocument {
  programmeId: string;
  programmeName: string;
  asOf: { position: number; headHash: string };
  filters: { actionId: string | null; applicantId: string | null; year: number | null; include: Include; mode: PlanMode };
  actions: FichePlan[];
  synthesis: { rows: SynthesisRow[]; totals: SynthesisTotals };
}

export function fundingPlanDocument(checkpoint: Checkpoint<LedgerState>, programme: ProgrammeView, options: FundingPlanOptions = {}): FundingPlanDocument {
  const include = options.include ?? 'active';
  const mode = options.mode ?? 'consolidated';
  // Validate the applicant once, up front, so a typo fails before anything is built.
  if (options.applicantId !== undefined) resolveApplicant(programme, undefined, options.applicantId);
  const actions = options.actionId !== undefined ? [requireAction(programme, options.actionId)] : [...programme.actions.values()].sort((a, b) => a.number - b.number || (a.actionId < b.actionId ? -1 : 1));

  // Group the counted contributions by action in one pass.
  const byAction = new Map<string, ContributionView[]>();
  for (const view of contributionsInScope(checkpoint.state, programme, { year: options.year, include })) {
    const actionId = view.content.actionId;
    if (actionId === undefined) continue;
    const list = byAction.get(actionId);
    if (list) list.push(view);
    else byAction.set(actionId, [view]);
  }

  const plans = actions.map((action) => fichePlan(programme, action, byAction.get(action.actionId) ?? [], options.applicantId, mode));
  const rows: SynthesisRow[] = plans.map((plan) => {
    const sumOf = (receipts: PlanReceipt[], status?: PlanReceipt['status']) =>
      formatIntegerCents(sumCents(receipts.filter((r) => status === undefined || r.status === status).map((r) => centsOf(r.amount))));
    return {
      actionId: plan.actionId,
      number: plan.number,
      title: plan.title,
      applicant: plan.applicant.name,
      nature: plan.nature,
      expenses: plan.totalExpenses,
      cofinancementsAcquis: sumOf(plan.cofinanceurs, 'acquis'),
      cofinancementsSollicites: sumOf(plan.cofinanceurs, 'sollicité'),
      autres: sumOf(plan.autres),
      resteACharge: plan.resteACharge.amount,
      inKind: plan.totalInKind,
    };
  });
  const total = (pick: (row: SynthesisRow) => string) => formatIntegerCents(sumCents(rows.map((r) => centsOf(pick(r)))));
  return {
    programmeId: programme.programmeId,
    programmeName: programme.name,
    asOf: { position: checkpoint.position, headHash: checkpoint.hash },
    filters: { actionId: options.actionId ?? null, applicantId: options.applicantId ?? null, year: options.year ?? null, include, mode },
    actions: plans,
    synthesis: {
      rows,
      totals: {
        expenses: total((r) => r.expenses),
        cofinancementsAcquis: total((r) => r.cofinancementsAcquis),
        cofinancementsSollicites: total((r) => r.cofinancementsSollicites),
        autres: total((r) => r.autres),
        resteACharge: total((r) => r.resteACharge),
        inKind: total((r) => r.inKind),
      },
    },
  };
}

interface Item {
  view: ContributionView;
  cents: Cents;
}

/**
 * Keeps, per group, the items of the mode's status: in consolidated mode the actual ones when the
 * group has any (the figure is known), else the planned ones (the figure is still a forecast).
 */
function pick<T extends Item, K>(items: T[], keyOf: (item: T) => K, mode: PlanMode): T[] {
  if (mode !== 'consolidated') return items.filter((i) => i.view.content.status === mode);
  const hasActual = new Set<K>();
  for (const i of items) if (i.view.content.status === 'actual') hasActual.add(keyOf(i));
  return items.filter((i) => (i.view.content.status === 'actual') === hasActual.has(keyOf(i)));
}

function fichePlan(programme: ProgrammeView, action: Action, views: ContributionView[], applicantId: string | undefined, mode: PlanMode): FichePlan {
  const applicant = ficheApplicant(programme, action, applicantId);
  const names = partnerNames(programme);
  const sorted = sortContributions(views, applicant.partnerId, names);
  const expenses = expenseRows(sorted.charges, mode);
  const totalExpenses = sumCents(expenses.map((e) => centsOf(e.amount)));
  const receipts = receiptRows(sorted.receipts, mode, totalExpenses, names);
  const inKindList = inKindRows(sorted.inKind, mode, names);
  const notes = ficheNotes({ receipts, expenses, totalExpenses, applicant, sorted, mode });
  const pilot = action.pilotPartnerId !== undefined && programme.partners.has(action.pilotPartnerId) ? { partnerId: action.pilotPartnerId, name: names.nameOf(action.pilotPartnerId) } : null;
  const axis = action.axisId !== undefined ? programme.axes.get(action.axisId) : undefined;
  return {
    actionId: action.actionId,
    number: action.number,
    title: action.title,
    axis: axis ? { axisId: axis.axisId, title: axis.title } : null,
    nature: action.nature,
    pilot,
    applicant: { partnerId: applicant.partnerId, name: applicant.name, source: applicant.source },
    partners: [...sorted.partners].sort().map((id) => ({ partnerId: id, name: names.nameOf(id) })),
    period: sorted.from !== undefined && sorted.to !== undefined ? { from: sorted.from, to: sorted.to } : null,
    sheet: programme.actionSheets.get(action.actionId) ?? null,
    expenses,
    totalExpenses: formatIntegerCents(totalExpenses),
    cofinanceurs: receipts.cofinanceurs,
    autres: receipts.autres,
    resteACharge: { label: `Reste à charge ${applicant.name}`, amount: formatIntegerCents(receipts.reste), share: receipts.resteShare },
    totalReceipts: formatIntegerCents(addCents(receipts.funded, receipts.reste)),
    inKind: inKindList,
    totalInKind: formatIntegerCents(sumCents(inKindList.map((r) => centsOf(r.amount)))),
    indicators: indicatorsOf(sorted.quantities),
    unvalued: sorted.unvalued,
    notes,
  };
}

type FicheApplicant = ReturnType<typeof resolveApplicant>;

function ficheApplicant(programme: ProgrammeView, action: Action, applicantId: string | undefined): FicheApplicant {
  try {
    return resolveApplicant(programme, action.actionId, applicantId);
  } catch (error) {
    // An action without a pilot is filed by the programme's default applicant.
    if (!(error instanceof InvalidCommandError)) throw error;
    return resolveApplicant(programme, undefined, undefined);
  }
}

interface PartnerNames {
  nameOf(id: string): string;
  categoryOf(id: string): PartnerCategory;
}

function partnerNames(programme: ProgrammeView): PartnerNames {
  return {
    nameOf: (id) => programme.partners.get(id)?.name ?? id,
    categoryOf: (id) => programme.partners.get(id)?.category ?? 'autre',
  };
}

/** An action's counted contributions, sorted by where the Cerfa rules place them. */
interface SortedContributions {
  unvalued: UnvaluedItem[];
  charges: (Item & { lineId: string })[];
  receipts: (Item & { lineId: string; funderId: string })[];
  inKind: Item[];
  ownMeans: Item[];
  quantities: Map<string, { planned: Decimal; actual: Decimal }>;
  from: string | undefined;
  to: string | undefined;
  partners: Set<string>;
}

function sortContributions(views: ContributionView[], applicantId: string, names: PartnerNames): SortedContributions {
  const sorted: SortedContributions = { unvalued: [], charges: [], receipts: [], inKind: [], ownMeans: [], quantities: new Map(), from: undefined, to: undefined, partners: new Set() };
  for (const view of views) {
    const c = view.content;
    sorted.partners.add(c.partnerId);
    const end = c.until ?? c.date;
    if (sorted.from === undefined || c.date < sorted.from) sorted.from = c.date;
    if (sorted.to === undefined || end > sorted.to) sorted.to = end;
    if (c.quantity !== undefined) {
      const q = sorted.quantities.get(c.kind) ?? { planned: ZERO, actual: ZERO };
      q[c.status] = q[c.status].plus(dec(c.quantity));
      sorted.quantities.set(c.kind, q);
    }
    if (view.valueCents === null) {
      sorted.unvalued.push({ contributionId: view.contributionId, partnerId: c.partnerId, partnerName: names.nameOf(c.partnerId), kind: c.kind, status: c.status, date: c.date, reason: view.unvaluedReason ?? 'aucun taux' });
      continue;
    }
    const item = { view, cents: view.valueCents };
    const placement = placeContribution(c, applicantId, names.categoryOf(c.partnerId));
    if (placement.to === 'charge') sorted.charges.push({ ...item, lineId: placement.lineId });
    else if (placement.to === 'produit') sorted.receipts.push({ ...item, lineId: placement.lineId, funderId: placement.funderId });
    else if (placement.to === 'in-kind') sorted.inKind.push(item);
    else if (placement.to === 'own-means') sorted.ownMeans.push(item);
    // The pilot's own cash is part of its reste à charge: nothing to list.
  }
  return sorted;
}

/** DÉPENSES: grouped by what a treasurer reads on the invoice: nature, wording, HT/TTC, VAT. */
function expenseRows(charges: SortedContributions['charges'], mode: PlanMode): PlanExpense[] {
  const expenseGroups = new Map<string, PlanExpense & { cents: Cents; hours: Decimal }>();
  for (const item of pick(charges, (i) => i.lineId, mode)) {
    const c = item.view.content;
    const wording = c.kind === 'staff_time' ? (c.role ?? '') : (c.description ?? LINE_BY_ID.get(item.lineId)!.label);
    const key = JSON.stringify([item.lineId, c.kind, wording, c.taxBasis ?? null, c.vatRecoverable ?? null, c.status]);
    let group = expenseGroups.get(key);
    if (!group) {
      group = { label: wording, lineId: item.lineId, kind: c.kind, status: c.status, taxBasis: c.taxBasis ?? null, vatRecoverable: c.vatRecoverable ?? null, amount: '', cents: ZERO_CENTS, hours: ZERO };
      expenseGroups.set(key, group);
    }
    group.cents = addCents(group.cents, item.cents);
    if (c.kind === 'staff_time' && c.quantity !== undefined) group.hours = group.hours.plus(dec(c.quantity));
  }
  return [...expenseGroups.values()]
    .map(({ cents, hours, ...e }) => ({
      ...e,
      label: e.kind === 'staff_time' ? `Temps de travail${e.label ? ` — ${e.label}` : ''} (${frenchNumber(hours)} h, coût horaire chargé)` : e.label,
      amount: formatIntegerCents(cents),
    }))
    .sort((a, b) => lineOrder(a.lineId) - lineOrder(b.lineId) || compare(a.label, b.label) || compare(a.status, b.status));
}

interface FicheReceipts {
  cofinanceurs: PlanReceipt[];
  autres: PlanReceipt[];
  all: PlanReceipt[];
  /** Cents of every receipt on the fiche; the reste à charge never below zero. */
  funded: Cents;
  reste: Cents;
  resteShare: string | null;
}

/** RECETTES: one row per funder, acquis when its actual cash is recorded, else sollicité. */
function receiptRows(receipts: SortedContributions['receipts'], mode: PlanMode, totalExpenses: Cents, names: PartnerNames): FicheReceipts {
  const rows = new Map<string, { lineId: string; funderId: string; status: ContributionStatus; cents: Cents }>();
  for (const r of pick(receipts, (i) => `${i.lineId}|${i.funderId}`, mode)) {
    const key = `${r.lineId}|${r.funderId}|${r.view.content.status}`;
    const row = rows.get(key) ?? { lineId: r.lineId, funderId: r.funderId, status: r.view.content.status, cents: ZERO_CENTS };
    row.cents = addCents(row.cents, r.cents);
    rows.set(key, row);
  }
  const ordered = [...rows.values()].sort((a, b) => lineOrder(a.lineId) - lineOrder(b.lineId) || compare(a.funderId, b.funderId) || compare(a.status, b.status));
  const funded = sumCents(ordered.map((r) => r.cents));
  // Never below zero on the fiche: over-funded, the receipts total passes the expenses, and a note says by how much.
  const reste = maxCents(ZERO_CENTS, subtractCents(totalExpenses, funded));
  const shares = sharesOf([...ordered.map((r) => r.cents), reste]);
  const asked = askedByFunder(receipts, mode);
  const all = ordered.map((r, index): PlanReceipt => {
    const requested = r.status === 'actual' ? asked.get(`${r.lineId}|${r.funderId}`) : undefined;
    return {
      partnerId: r.funderId,
      name: names.nameOf(r.funderId),
      category: names.categoryOf(r.funderId),
      public: PUBLIC_FUNDER_LINES.has(r.lineId),
      status: r.status === 'actual' ? 'acquis' : 'sollicité',
      amount: formatIntegerCents(r.cents),
      share: shares[index]!,
      ...(requested !== undefined && requested !== r.cents && { requested: formatIntegerCents(requested) }),
    };
  });
  const cofinanceurs = all.filter((_, i) => ordered[i]!.lineId !== 'p70-usagers');
  const autres = all.filter((_, i) => ordered[i]!.lineId === 'p70-usagers');
  return { cofinanceurs, autres, all, funded, reste, resteShare: shares[shares.length - 1]! };
}

/**
 * What each funder was asked, so that a grant cut (asked 20 000, granted 16 000) stays visible
 * once the granted amount replaces the asked one.
 */
function askedByFunder(receipts: SortedContributions['receipts'], mode: PlanMode): Map<string, Cents> {
  const asked = new Map<string, Cents>();
  if (mode === 'consolidated')
    for (const r of receipts)
      if (r.view.content.status === 'planned') asked.set(`${r.lineId}|${r.funderId}`, addCents(asked.get(`${r.lineId}|${r.funderId}`) ?? ZERO_CENTS, r.cents));
  return asked;
}

/** In kind, apart: per partner and kind, actual once recorded. */
function inKindRows(inKind: Item[], mode: PlanMode, names: PartnerNames): PlanInKind[] {
  const rows = new Map<string, PlanInKind & { cents: Cents }>();
  for (const item of pick(inKind, (i) => `${i.view.content.partnerId}|${i.view.content.kind}`, mode)) {
    const c = item.view.content;
    const key = `${c.partnerId}|${c.kind}|${c.status}`;
    const row = rows.get(key) ?? { partnerId: c.partnerId, name: names.nameOf(c.partnerId), kind: c.kind, status: c.status, amount: '', cents: ZERO_CENTS };
    row.cents = addCents(row.cents, item.cents);
    rows.set(key, row);
  }
  return [...rows.values()]
    .map(({ cents, ...row }) => ({ ...row, amount: formatIntegerCents(cents) }))
    .sort((a, b) => compare(a.partnerId, b.partnerId) || compare(a.kind, b.kind) || compare(a.status, b.status));
}

function indicatorsOf(quantities: SortedContributions['quantities']): PlanIndicator[] {
  return INDICATORS.filter((i) => quantities.has(i.kind)).map((i) => {
    const q = quantities.get(i.kind)!;
    return { label: i.label, unit: i.unit, planned: q.planned.toString(), actual: q.actual.toString() };
  });
}

interface FicheFacts {
  receipts: FicheReceipts;
  expenses: PlanExpense[];
  totalExpenses: Cents;
  applicant: FicheApplicant;
  sorted: SortedContributions;
  mode: PlanMode;
}

/** What the figures alone do not say: a grant cut, mixed tax bases, over-funding, own means, unvalued items. */
function ficheNotes({ receipts, expenses, totalExpenses, applicant, sorted, mode }: FicheFacts): string[] {
  const notes: string[] = [];
  for (const r of receipts.all)
    if (r.requested !== undefined) {
      const gap = subtractCents(centsOf(r.amount), centsOf(r.requested));
      notes.push(
        `${r.name} : ${frenchEuros(r.requested)} sollicités, ${frenchEuros(r.amount)} acquis (écart ${gap < 0 ? '−' : '+'}${frenchEuros(formatIntegerCents(absCents(gap)))}).`,
      );
    }
  const bases = new Set(expenses.filter((e) => e.taxBasis !== null).map((e) => e.taxBasis));
  if (bases.size > 1) notes.push('Attention : les dépenses mêlent des montants HT et TTC (voir la colonne HT/TTC).');
  const funded = receipts.funded;
  if (funded > totalExpenses)
    notes.push(
      `Sur-financement : les recettes (${frenchEuros(formatIntegerCents(funded))}) dépassent les dépenses (${frenchEuros(formatIntegerCents(totalExpenses))}) de ${frenchEuros(formatIntegerCents(subtractCents(funded, totalExpenses)))} ; réduire une aide ou compléter les dépenses.`,
    );
  const ownMeansCents = sumCents(pick(sorted.ownMeans, (i) => i.view.content.kind, mode).map((i) => i.cents));
  if (ownMeansCents > 0)
    notes.push(
      `Locaux, bornes, matériel et biens propres de ${applicant.name} valorisés à ${frenchEuros(formatIntegerCents(ownMeansCents))} : hors plan (ce ne sont pas des contributions en nature, qui viennent de tiers).`,
    );
  const unvalued = sorted.unvalued;
  if (unvalued.length > 0) notes.push(`${unvalued.length} contribution(s) non valorisée(s), absente(s) des montants : ${unvalued.slice(0, 5).map(unvaluedReferenceFr).join(' ; ')}${unvalued.length > 5 ? '…' : ''}.`);
  return notes;
}

const INDICATORS: { kind: ContributionKind; label: string; unit: string }[] = [
  { kind: 'staff_time', label: 'Heures de travail des salariés', unit: 'h' },
  { kind: 'volunteer_time', label: 'Heures de bénévolat', unit: 'h' },
  { kind: 'premises', label: 'Demi-journées de salle mises à disposition', unit: 'demi-journée' },
  { kind: 'kiosk', label: 'Mois de borne ou d’ordinateur en accès libre', unit: 'mois' },
  { kind: 'equipment', label: 'Jours de prêt de matériel', unit: 'jour' },
];

const LINE_ORDER = new Map([...LINE_BY_ID.keys()].map((id, index) => [id, index]));
function lineOrder(lineId: string): number {
  return LINE_ORDER.get(lineId) ?? Number.MAX_SAFE_INTEGER;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Shares of the receipts in percent (all non-negative), by largest remainder: they add up to 100.00. */
function sharesOf(cents: Cents[]): (string | null)[] {
  const total = sumCents(cents);
  if (total <= 0) return cents.map(() => null);
  const shares = sharesOfCents(cents.map((c, i) => [String(i), c] as const));
  return cents.map((_, i) => shares.get(String(i))!);
}

/** 1234.5 → "1 234,5" */
function frenchNumber(value: Decimal): string {
  const [whole, fraction] = value.toString().split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return fraction === undefined ? grouped : `${grouped},${fraction}`;
}
