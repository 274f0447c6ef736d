// French words for the ledger's vocabulary, as funders and treasurers read them.
import type { ContributionKind, ContributionStatus, PartnerCategory, Unit } from '../domain/kinds.ts';
import type { Review } from '../domain/contribution/state.ts';
import type { ClosingPolicy } from '../domain/events.ts';

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

/** The figures a check reads (funding-checks.ts, CheckReading): a status, or the plan actualisé's. */
export const CHECK_READING_LABEL: Record<ContributionStatus | 'consolidated', string> = { ...STATUS_LABEL, consolidated: 'Actualisé' };

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
  // service hours and indicators (issue 15)
  ServiceScheduleSet: 'Horaire de service fixé',
  ServiceScheduleCorrected: 'Horaire de service corrigé',
  ServiceScheduleWithdrawn: 'Horaire de service retiré',
  ServiceTargetSet: 'Objectif d’heures fixé',
  ServiceTargetCorrected: 'Objectif d’heures corrigé',
  IndicatorDefined: 'Indicateur défini',
  IndicatorCorrected: 'Indicateur corrigé',
  MeasurementRecorded: 'Mesure enregistrée',
  MeasurementCorrected: 'Mesure corrigée',
  MeasurementWithdrawn: 'Mesure retirée',
  // closings (issue 16)
  PeriodClosed: 'Année close',
  PeriodReopened: 'Année rouverte',
  ClosingPolicySet: 'Règle des écarts après clôture',
  ActionSheetSet: 'Fiche action renseignée',
  // scenarios (issue 16)
  ScenarioDrafted: 'Scénario créé',
  ScenarioEdited: 'Scénario modifié',
  ScenarioFactAdded: 'Hypothèse ajoutée à un scénario',
  ScenarioFactRemoved: 'Hypothèse retirée d’un scénario',
  ScenarioArchived: 'Scénario archivé',
};

export const CLOSING_POLICY_LABEL: Record<ClosingPolicy, string> = {
  allow: 'écarts acceptés, chacun listé',
  'require-reason': 'écarts acceptés avec un motif seulement',
  refuse: 'écarts refusés',
};

export { unvaluedReasonFr } from '../reports/funding-checks.ts';

// Dates and numbers in French: one module for the workbooks, the pages' server side and the CLI.
export { frenchDate, frenchDecimal, frenchEuros } from '../domain/french-format.ts';
