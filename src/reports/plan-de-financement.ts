// The plan de financement a public body files (DETR/DSIL, a région, a département, EU funds): the
// budget document of the same scope (budget.ts) read the way those funders ask it, with no Cerfa and
// no account code:
//   - DÉPENSES: each charge line the applicant bears (prestations by nature, staff time, rents), on
//     one tax basis, stated;
//   - RESSOURCES: each funder with its status — acquis once its cash is recorded as actual (the
//     amount granted), sollicité otherwise (the amount asked) —, its amount and its share of the
//     total; users' fees, membership fees and gifts as other resources; the autofinancement of the
//     maître d'ouvrage as the balance, never below zero (over-funding is a failed check, budget.ts);
//   - the totals, equal by construction unless the operation is over-funded.
// Asked for the planned figures, the plan is the prévisionnel; for the realised ones, the réalisé;
// for both (the default), the actualisé: per expense line and per funder, the actual figures once any
// are recorded, else the planned ones (the fiche action's consolidated mode, funding-plan.ts), each
// funder acquis or sollicité accordingly.
import type { ContributionStatus } from '../domain/kinds.ts';
import { addCents, centsOf as cents, formatIntegerCents, maxCents, percentOfWhole as shareOf, subtractCents, sumCents, ZERO_CENTS, type Cents } from '../domain/money.ts';
import type { BudgetDocument, BudgetLine } from './budget.ts';
import { LINE_BY_ID, PUBLIC_FUNDER_LINES } from './budget-lines.ts';

export interface PlanExpenseLine {
  lineId: string;
  label: string;
  amount: string;
}

export interface PlanResource {
  partnerId: string;
  name: string;
  /** What the funder is, as the form groups it: État, Région(s), Fonds européens… */
  group: string;
  public: boolean;
  status: 'acquis' | 'sollicité';
  amount: string;
  /** Percent of the total expenses, two decimals; null when there is nothing to fund. */
  share: string | null;
  /** Acquis for less or more than was asked: the amount asked (planned). */
  requested?: string;
}

export interface PlanDeFinancement {
  /** prévisionnel: planned figures; réalisé: actual ones; actualisé: per line, actual once any is recorded, else planned. */
  kind: 'prévisionnel' | 'réalisé' | 'actualisé';
  /** The status the expenses are read at. */
  status: ContributionStatus;
  basis: 'HT' | 'TTC' | 'sans TVA' | 'mixte';
  expenses: PlanExpenseLine[];
  totalExpenses: string;
  resources: PlanResource[];
  publicAid: { amount: string; share: string | null };
  autofinancement: { amount: string; share: string | null };
  /** Resources and autofinancement; above the expenses only when over-funded. */
  totalResources: string;
}

function basisOf(doc: BudgetDocument): PlanDeFinancement['basis'] {
  const bases = doc.taxBases;
  if (bases.length === 0) return 'sans TVA';
  if (bases.length === 1 && bases[0] !== 'none') return bases[0]!;
  return 'mixte';
}

/** A line's amount in the plan's reading: its status's, or in consolidated mode actual once any. */
function amountOf(line: BudgetLine, status: ContributionStatus, consolidated: boolean): Cents {
  if (!consolidated) return cents(line.amounts[status]);
  const actual = cents(line.amounts.actual);
  return actual !== 0 ? actual : cents(line.amounts.planned);
}

function funderRow(line: BudgetLine, status: ContributionStatus, consolidated: boolean, total: Cents): PlanResource {
  const planned = cents(line.amounts.planned);
  const actual = cents(line.amounts.actual);
  const acquis = consolidated ? actual > 0 : status === 'actual';
  const amount = amountOf(line, status, consolidated);
  const group = LINE_BY_ID.get(line.lineId)?.label ?? line.lineId;
  return {
    partnerId: line.partnerId!,
    name: line.label,
    group,
    public: PUBLIC_FUNDER_LINES.has(line.lineId),
    status: acquis ? 'acquis' : 'sollicité',
    amount: formatIntegerCents(amount),
    share: shareOf(amount, total),
    ...(consolidated && acquis && planned > 0 && planned !== actual && { requested: formatIntegerCents(planned) }),
  };
}

export function planDeFinancementOf(doc: BudgetDocument): PlanDeFinancement {
  const statuses = doc.scope.statuses;
  const status: ContributionStatus = statuses.includes('planned') ? 'planned' : 'actual';
  // Both statuses asked: the expenses as planned, each funder as granted where it is.
  const consolidated = statuses.length === 2;
  const expenses = doc.lines.charges
    .filter((l) => l.level > 0 || !doc.lines.charges.some((c) => c.parentId === l.id))
    .map((l) => ({ lineId: l.lineId, label: l.label, amount: formatIntegerCents(amountOf(l, status, consolidated)) }))
    .filter((e) => e.amount !== '0.00');
  const total = sumCents(expenses.map((e) => cents(e.amount)));
  const resources = doc.lines.produits
    .filter((l) => l.level === 2 && l.partnerId !== undefined)
    .map((l) => funderRow(l, status, consolidated, total))
    .filter((r) => r.amount !== '0.00' || r.requested !== undefined);
  const received = sumCents(resources.map((r) => cents(r.amount)));
  const publicAid = sumCents(resources.filter((r) => r.public).map((r) => cents(r.amount)));
  const own = maxCents(ZERO_CENTS, subtractCents(total, received));
  return {
    kind: consolidated ? 'actualisé' : status === 'actual' ? 'réalisé' : 'prévisionnel',
    status,
    basis: basisOf(doc),
    expenses,
    totalExpenses: formatIntegerCents(total),
    resources,
    publicAid: { amount: formatIntegerCents(publicAid), share: shareOf(publicAid, total) },
    autofinancement: { amount: formatIntegerCents(own), share: shareOf(own, total) },
    totalResources: formatIntegerCents(addCents(received, own)),
  };
}
