// The vocabulary of the domain: kinds of contribution, their units, partner categories.
// See ../shared/design/domain.md ("Contributions" and "Programme structure").

export const CONTRIBUTION_KINDS = [
  'staff_time',
  'volunteer_time',
  'premises',
  'kiosk',
  'equipment',
  'prestation',
  'cash',
  'donation_in_kind',
] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

export const UNITS = ['hour', 'half_day', 'day', 'month', 'eur'] as const;
export type Unit = (typeof UNITS)[number];

/** The one unit each kind is counted in. Money kinds are counted in euros and need no rate. */
export const UNIT_OF_KIND: Record<ContributionKind, Unit> = {
  staff_time: 'hour',
  volunteer_time: 'hour',
  premises: 'half_day',
  kiosk: 'month',
  equipment: 'day',
  prestation: 'eur',
  cash: 'eur',
  donation_in_kind: 'eur',
};

export function isMoneyKind(kind: ContributionKind): boolean {
  return UNIT_OF_KIND[kind] === 'eur';
}

/** In the totals document, `cash` holds money actually paid in (cash and bought services). */
export function isCashLike(kind: ContributionKind): boolean {
  return kind === 'cash' || kind === 'prestation';
}

export const CONTRIBUTION_STATUSES = ['planned', 'actual'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

export const PARTNER_CATEGORIES = [
  'commune',
  'epci',
  'ccas',
  'departement',
  'region',
  'etat',
  'caf',
  'europe',
  'association',
  'entreprise',
  'fondation',
  'autre',
] as const;
export type PartnerCategory = (typeof PARTNER_CATEGORIES)[number];

const PUBLIC_CATEGORIES: ReadonlySet<PartnerCategory> = new Set([
  'commune',
  'epci',
  'ccas',
  'departement',
  'region',
  'etat',
  'caf',
  'europe',
]);

/** Public or private follows from the category (domain.md). CAF is a public body (organisme social). */
export function isPublicCategory(category: PartnerCategory): boolean {
  return PUBLIC_CATEGORIES.has(category);
}

/** Local authorities (collectivités territoriales and their groupings), for the CGCT L1111-10 check. */
export function isLocalAuthority(category: PartnerCategory): boolean {
  return category === 'commune' || category === 'epci' || category === 'departement' || category === 'region';
}

export const ACTION_NATURES = ['fonctionnement', 'investissement'] as const;
export type ActionNature = (typeof ACTION_NATURES)[number];

export const TAX_BASES = ['HT', 'TTC'] as const;
export type TaxBasis = (typeof TAX_BASES)[number];
