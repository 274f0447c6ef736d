// The six checks a budget must show (domain.md, "Budgets"), each passed or failed with the figures on
// both sides, like a balance assertion in a plain-text ledger: data that says expected and actual.
// Pure: figures in, checks out. Figures are integer cents; amounts leave as decimal strings.
import { addCents, dec, formatIntegerCents, maxCents, negateCents, percentOfCents, subtractCents, ZERO_CENTS, type Cents } from '../domain/money.ts';
import { KIND_LABELS } from '../../web/js/kind-labels.js';
import { frenchEuros } from '../domain/french-format.ts';
import { isLocalAuthority, isPublicCategory, type ActionNature, type ContributionStatus, type PartnerCategory } from '../domain/kinds.ts';

/**
 * Which figures a check reads: one status column, or — for a plan de financement actualisé — per
 * line the actual figures once any are recorded, else the planned ones (plan-de-financement.ts).
 */
export type CheckReading = ContributionStatus | 'consolidated';

export interface CheckSide {
  label: string;
  /** A decimal string: euros with cents, or a count for check 6. */
  amount: string;
}

export interface FundingCheck {
  /** Stable: 'equilibre', 'autofinancement', 'plafond-aides-publiques', 'part-maitre-ouvrage', 'fonds-europeens', 'valorisation'. */
  id: string;
  /** 1 to 6, as numbered in domain.md. */
  number: number;
  label: string;
  status: CheckReading;
  passed: boolean;
  /** False when the rule does not apply to this budget (it then passes, and says why). */
  applicable: boolean;
  left: CheckSide;
  right: CheckSide;
  /** Check 1 compares two pairs: charges/produits, then 86/87. */
  second?: { left: CheckSide; right: CheckSide };
  detail: string;
}

export interface FundingCheckOptions {
  /** Public funding may not exceed this share of the eligible cost (percent, default "100"; "80" for LEADER). */
  publicFundingCapPercent: string;
  /** Whether valued in-kind contributions count in the eligible cost of check 3 (default false). */
  inKindEligible: boolean;
  /** A "chef de file" operation: the local authority's minimum share is 30 % instead of 20 %. */
  chefDeFile: boolean;
  /** Overrides the minimum share of check 4 (percent). */
  ownShareMinPercent?: string;
  /** Check 5's maximum EU co-financing rate of the eligible cost (percent); default EU_CAP_DEFAULT_PERCENT. */
  euCapPercent?: string;
}

/**
 * The highest EU co-financing rate Regulation (EU) 2021/1060 allows (art. 112(3)(a): less developed
 * regions; 40 % to 70 % elsewhere). Each programme sets its own rate within it, per priority: a budget
 * of such a programme says its rate (`--eu-cap`); by default the check only refuses what no
 * programme may fund.
 */
export const EU_CAP_DEFAULT_PERCENT = '85';

export function euCapPercent(options: FundingCheckOptions): string {
  return options.euCapPercent ?? EU_CAP_DEFAULT_PERCENT;
}

export const DEFAULT_CHECK_OPTIONS: FundingCheckOptions = { publicFundingCapPercent: '100', inKindEligible: false, chefDeFile: false };

export function ownShareMinPercent(options: FundingCheckOptions): string {
  return options.ownShareMinPercent ?? (options.chefDeFile ? '30' : '20');
}

/** One status column of a budget, in integer cents. */
export interface CheckFigures {
  status: CheckReading;
  totalCharges: Cents;
  totalProduits: Cents;
  total86: Cents;
  total87: Cents;
  /** Charges minus every other produit: negative when over-funded (the printed line then shows 0). */
  ownFunding: Cents;
  /** Cash from public funders other than the applicant (the public 74 lines). */
  publicAid: Cents;
  /** The 74 Fonds européens line. */
  euFunding: Cents;
  applicant: { partnerId: string; name: string; category: PartnerCategory };
  /** The action's nature; null for a whole-programme budget. */
  nature: ActionNature | null;
  unvalued: ReadonlyArray<{ contributionId: string; partnerName: string; reason: string }>;
}

const eur = (cents: Cents) => formatIntegerCents(cents);
/** "12 345,67 €" for the detail sentences; the amount fields stay plain decimal strings. */
const fe = (cents: Cents) => frenchEuros(eur(cents));

function frenchPercent(percent: string): string {
  return `${dec(percent).toString().replace('.', ',')} %`;
}

export function fundingChecks(f: CheckFigures, options: FundingCheckOptions = DEFAULT_CHECK_OPTIONS): FundingCheck[] {
  return [balanceCheck(f), overFundingCheck(f), publicCapCheck(f, options), ownShareCheck(f, options), euFundsCheck(f, options), valuationCheck(f)];
}

// 1. Balance: charges = produits, and 86 = 87; and something to fund.
function balanceCheck(f: CheckFigures): FundingCheck {
  const balanced = f.totalCharges === f.totalProduits;
  const inKindBalanced = f.total86 === f.total87;
  const empty = f.totalCharges === 0 && f.totalProduits === 0 && f.total86 === 0;
  const problems = [
    ...(balanced ? [] : [`les charges (${fe(f.totalCharges)}) et les produits (${fe(f.totalProduits)}) diffèrent de ${fe(subtractCents(f.totalProduits, f.totalCharges))}`]),
    ...(inKindBalanced ? [] : [`les emplois 86 (${fe(f.total86)}) et les contributions 87 (${fe(f.total87)}) diffèrent de ${fe(subtractCents(f.total87, f.total86))}`]),
  ];
  return {
    id: 'equilibre',
    number: 1,
    label: 'Budget équilibré : total des charges = total des produits, total 86 = total 87',
    status: f.status,
    passed: balanced && inKindBalanced && !empty,
    applicable: true,
    left: { label: 'Total des charges', amount: eur(f.totalCharges) },
    right: { label: 'Total des produits', amount: eur(f.totalProduits) },
    second: { left: { label: 'Total 86 (emplois en nature)', amount: eur(f.total86) }, right: { label: 'Total 87 (contributions en nature)', amount: eur(f.total87) } },
    detail: empty
      ? 'Budget vide : aucune charge, aucun produit, aucune contribution en nature — rien à financer.'
      : problems.length === 0
        ? `Charges = produits = ${fe(f.totalCharges)} ; 86 = 87 = ${fe(f.total86)}.`
        : `Déséquilibre : ${problems.join(' ; ')}.`,
  };
}

// 2. What others fund stays within the charges: beyond, the action is over-funded (the printed
// own funding line stops at zero, so the excess shows here, both sides positive).
function overFundingCheck(f: CheckFigures): FundingCheck {
  const others = subtractCents(f.totalCharges, f.ownFunding);
  return {
    id: 'autofinancement',
    number: 2,
    label: 'Financements des autres partenaires ≤ total des charges (pas de sur-financement)',
    status: f.status,
    passed: f.ownFunding >= 0,
    applicable: true,
    left: { label: 'Financements des autres partenaires', amount: eur(others) },
    right: { label: 'Total des charges', amount: eur(f.totalCharges) },
    detail:
      f.ownFunding >= 0
        ? `Reste à charge de ${f.applicant.name} : ${fe(f.ownFunding)}.`
        : `Action sur-financée : les financements (${fe(others)}) dépassent les charges (${fe(f.totalCharges)}) de ${fe(negateCents(f.ownFunding))} ; réduire une aide ou compléter les charges.`,
  };
}

// 3. Public funding within the cap of the eligible cost.
function publicCapCheck(f: CheckFigures, options: FundingCheckOptions): FundingCheck {
  const percent = options.publicFundingCapPercent;
  const eligible = addCents(f.totalCharges, options.inKindEligible ? f.total86 : ZERO_CENTS);
  const cap = percentOfCents(eligible, percent, 'floor');
  const eligibleWords = options.inKindEligible ? 'charges et contributions en nature valorisées' : 'charges, hors contributions en nature';
  return {
    id: 'plafond-aides-publiques',
    number: 3,
    label: `Aides publiques ≤ ${frenchPercent(percent)} du coût éligible`,
    status: f.status,
    passed: f.publicAid <= cap,
    applicable: true,
    left: { label: 'Aides publiques reçues', amount: eur(f.publicAid) },
    right: { label: `${frenchPercent(percent)} du coût éligible (${fe(eligible)})`, amount: eur(cap) },
    detail:
      f.publicAid <= cap
        ? `Coût éligible : ${fe(eligible)} (${eligibleWords}).`
        : `Les aides publiques dépassent le plafond de ${fe(subtractCents(f.publicAid, cap))} (coût éligible : ${fe(eligible)}, ${eligibleWords}).`,
  };
}

// 4. CGCT L1111-10 (L1111-9 as chef de file): a local authority's own share of an investment it leads.
function ownShareCheck(f: CheckFigures, options: FundingCheckOptions): FundingCheck {
  const percent = ownShareMinPercent(options);
  const applies = f.nature === 'investissement' && isLocalAuthority(f.applicant.category);
  // "du montant total des financements apportés par des personnes publiques": its own included.
  const publicTotal = addCents(f.publicAid, maxCents(f.ownFunding, ZERO_CENTS));
  const minimum = percentOfCents(publicTotal, percent, 'ceil');
  const passed = !applies || f.ownFunding >= minimum;
  return {
    id: 'part-maitre-ouvrage',
    number: 4,
    // 20 %: CGCT L1111-10 III; 30 % for an operation in a field where a collectivity is chef de
    // file: CGCT L1111-9 (loi MAPTAM), unless a convention territoriale says otherwise.
    label: `Participation minimale du maître d’ouvrage public ≥ ${frenchPercent(percent)} des financements publics (${options.chefDeFile ? 'CGCT L1111-9, chef de file' : 'CGCT L1111-10 III'})`,
    status: f.status,
    passed,
    applicable: applies,
    left: { label: `Autofinancement de ${f.applicant.name}`, amount: eur(f.ownFunding) },
    right: { label: `${frenchPercent(percent)} des financements publics (${fe(publicTotal)})`, amount: eur(minimum) },
    detail: !applies
      ? f.nature === null
        ? 'Sans objet : budget de tout le programme (la règle vise une opération d’investissement).'
        : f.nature !== 'investissement'
          ? 'Sans objet : action de fonctionnement.'
          : `Sans objet : le demandeur (${f.applicant.category}) n’est pas une collectivité territoriale ou un groupement.`
      : passed
        ? `Part du demandeur : ${fe(f.ownFunding)} sur ${fe(publicTotal)} de financements publics.`
        : `Il manque ${fe(subtractCents(minimum, f.ownFunding))} de participation du demandeur.`,
  };
}

// 5. EU funds (Regulation 2021/1060): public support ≤ eligible cost excluding in kind (art. 67(1)(a)),
// and the EU funds themselves ≤ the co-financing rate of that cost (art. 112), shown as a second pair.
function euFundsCheck(f: CheckFigures, options: FundingCheckOptions): FundingCheck {
  const applies = f.euFunding > 0;
  // Public support counts the applicant's own money when the applicant is itself a public body.
  const ownPublic = isPublicCategory(f.applicant.category) ? maxCents(f.ownFunding, ZERO_CENTS) : ZERO_CENTS;
  const publicSupport = addCents(f.publicAid, ownPublic);
  const supportPassed = publicSupport <= f.totalCharges;
  const rate = euCapPercent(options);
  // The cap rounds down to the cent: a rate is a ceiling, never passed by a rounding.
  const euCap = percentOfCents(f.totalCharges, rate, 'floor');
  const ratePassed = f.euFunding <= euCap;
  const passed = !applies || (supportPassed && ratePassed);
  return {
    id: 'fonds-europeens',
    number: 5,
    label: `Fonds européens : soutien public ≤ coût éligible hors contributions en nature (règlement (UE) 2021/1060, art. 67) et fonds de l’UE ≤ ${frenchPercent(rate)} de ce coût (taux de cofinancement, art. 112)`,
    status: f.status,
    passed,
    applicable: applies,
    left: { label: `Soutien public${ownPublic > 0 ? ' (dont autofinancement public)' : ''}`, amount: eur(publicSupport) },
    right: { label: 'Coût éligible hors contributions en nature', amount: eur(f.totalCharges) },
    ...(applies && { second: { left: { label: 'Fonds européens', amount: eur(f.euFunding) }, right: { label: `${frenchPercent(rate)} du coût éligible`, amount: eur(euCap) } } }),
    detail: !applies ? 'Sans objet : aucun fonds européen dans ce budget.' : euFundsDetail(f, { publicSupport, supportPassed, euCap, ratePassed, rate }),
  };
}

function euFundsDetail(f: CheckFigures, r: { publicSupport: Cents; supportPassed: boolean; euCap: Cents; ratePassed: boolean; rate: string }): string {
  const problems: string[] = [];
  if (!r.supportPassed) problems.push(`Le soutien public dépasse de ${fe(subtractCents(r.publicSupport, f.totalCharges))} les dépenses hors contributions en nature.`);
  if (!r.ratePassed) problems.push(`Les fonds européens (${fe(f.euFunding)}) dépassent de ${fe(subtractCents(f.euFunding, r.euCap))} le taux de cofinancement de ${frenchPercent(r.rate)}.`);
  return problems.length > 0 ? problems.join(' ') : `Fonds européens : ${fe(f.euFunding)}.`;
}

// 6. Every contribution valued.
function valuationCheck(f: CheckFigures): FundingCheck {
  const count = f.unvalued.length;
  const shown = f.unvalued.slice(0, 5).map(unvaluedReferenceFr);
  return {
    id: 'valorisation',
    number: 6,
    label: 'Toutes les contributions sont valorisées',
    status: f.status,
    passed: count === 0,
    applicable: true,
    left: { label: 'Contributions non valorisées', amount: String(count) },
    right: { label: 'Attendu', amount: '0' },
    detail:
      count === 0
        ? 'Chaque contribution a un taux de valorisation.'
        : `Non valorisées, donc absentes des montants : ${shown.join(' ; ')}${count > shown.length ? ` et ${count - shown.length} autre(s)` : ''}.`,
  };
}

/**
 * Each nature in the words of the record form and the pages: the one table both sides read
 * (web/js/kind-labels.js), so that a check read in a workbook names a contribution as the person
 * who recorded it saw it.
 */
export const NATURE_LABEL: Readonly<Record<string, string>> = KIND_LABELS;

/** The valuation's reason ("no equipment rate (role imprimante 3D) on 2024-02-26") in French, as the pages say it. */
export function unvaluedReasonFr(reason: string): string {
  const match = /^no (\w+) rate(?: \(role (.+)\))? on (\d{4})-(\d{2})-(\d{2})$/.exec(reason);
  if (!match) return reason;
  const [, kind, role, y, m, d] = match;
  return `aucun taux « ${NATURE_LABEL[kind!] ?? kind} »${role ? ` pour la fonction « ${role} »` : ''} au ${d}/${m}/${y}`;
}

/** A contribution named for a reader, as the dashboard lists it: its partner, then why it has no value. */
export function unvaluedReferenceFr(item: { partnerName: string; reason: string }): string {
  return `${item.partnerName} : ${unvaluedReasonFr(item.reason)}`;
}
