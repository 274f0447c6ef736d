// French words for the ledger's vocabulary, as funders and treasurers read them.
import type { ContributionKind, ContributionStatus, PartnerCategory, Unit } from '../src/domain/kinds.ts';
import type { Review } from '../src/domain/contribution/state.ts';

export const KIND_LABEL: Record<ContributionKind, string> = {
  staff_time: 'Temps salarié',
  volunteer_time: 'Bénévolat',
  premises: 'Locaux',
  kiosk: 'Bornes et postes',
  equipment: 'Matériel prêté',
  prestation: 'Prestations',
  cash: 'Numéraire',
  donation_in_kind: 'Dons en nature',
};

export const STATUS_LABEL: Record<ContributionStatus, string> = { planned: 'Prévu', actual: 'Réalisé' };

export const REVIEW_LABEL: Record<Review, string> = { pending: 'En attente', validated: 'Validée', withdrawn: 'Retirée', rejected: 'Rejetée' };

export const UNIT_LABEL: Record<Unit, string> = { hour: 'heure', half_day: 'demi-journée', day: 'jour', month: 'mois', eur: 'euro' };

export const CATEGORY_LABEL: Record<PartnerCategory, string> = {
  commune: 'Commune',
  epci: 'EPCI',
  ccas: 'CCAS',
  departement: 'Département',
  region: 'Région',
  etat: 'État',
  caf: 'CAF',
  europe: 'Union européenne',
  association: 'Association',
  entreprise: 'Entreprise',
  fondation: 'Fondation',
  autre: 'Autre',
};

export const EVENT_LABEL: Record<string, string> = {
  ProgrammeOpened: 'Programme ouvert',
  PartnerJoined: 'Partenaire ajouté',
  AxisDefined: 'Axe défini',
  ActionDefined: 'Action définie',
  SiteRegistered: 'Lieu enregistré',
  ValuationRateSet: 'Taux de valorisation fixé',
  FiguresPublished: 'Chiffres publiés',
  ContributionRecorded: 'Contribution enregistrée',
  ContributionCorrected: 'Contribution corrigée',
  ContributionWithdrawn: 'Contribution retirée',
  ContributionValidated: 'Contribution validée',
  ContributionRejected: 'Contribution rejetée',
};

export { unvaluedReasonFr } from '../projections/funding-checks.ts';

/** 2024-03-04 → 04/03/2024 */
export function frenchDate(isoDate: string): string {
  // The journal calls this for most of a million rows: YYYY-MM-DD, the form the domain keeps, is
  // sliced without an array; anything else takes the general way (the same result).
  if (isoDate.length === 10 && isoDate.indexOf('-') === 4 && isoDate.indexOf('-', 5) === 7 && isoDate.lastIndexOf('-') === 7) {
    return `${isoDate.slice(8)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
  }
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/** "12345.6" → "12 345,6" (narrow no-break space), without a float. */
export function frenchDecimal(value: string): string {
  const negative = value.startsWith('-');
  const [whole, fraction] = (negative ? value.slice(1) : value).split('.');
  // Three characters or fewer have no thousands to group (most quantities and rates).
  const grouped = whole!.length <= 3 ? whole! : whole!.replace(THOUSANDS, '\u202f');
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `,${fraction}`}`;
}

export function frenchEuros(amount: string): string {
  return `${frenchDecimal(amount)} €`;
}
