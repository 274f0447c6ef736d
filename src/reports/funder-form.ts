// Which form a budget is printed on: the one the funder asks of that applicant for that question
// (domain.md, "Budgets").
//   - An association (any private applicant) asking a grant files the Cerfa 12156*06, « Budget
//     prévisionnel de l'action »: one column, the planned figures.
//   - Once the action is done (realised figures asked), it files the compte rendu financier, Cerfa
//     15059*02: Prévision, Réalisation, écart and %, and an explanation of each gap; never titled
//     « budget prévisionnel ».
//   - A commune, an EPCI, a CCAS, a département, a région (any public body) files no Cerfa: the
//     plan de financement that DETR/DSIL, regions and EU funds ask (dépenses by item on one tax
//     basis, ressources by funder with status sollicité or acquis, amount and %, autofinancement).
// Asking a Cerfa for a public body is refused: it is not that applicant's form.
import { invalid } from '../domain/errors.ts';
import { isPublicCategory, type ContributionStatus, type PartnerCategory } from '../domain/kinds.ts';
import { DOMAIN_FR } from '../messages/fr.ts';

export const FUNDER_FORMS = ['cerfa-12156', 'cerfa-15059', 'plan-de-financement'] as const;
export type FunderForm = (typeof FUNDER_FORMS)[number];

export const FORM_TITLE: Record<FunderForm, string> = {
  'cerfa-12156': 'Cerfa n° 12156*06',
  'cerfa-15059': 'Cerfa n° 15059*02',
  'plan-de-financement': 'Plan de financement',
};

export function isFunderForm(value: string): value is FunderForm {
  return (FUNDER_FORMS as readonly string[]).includes(value);
}

/** The applicant's form for these statuses: realised figures asked → the compte rendu. */
export function defaultForm(category: PartnerCategory, statuses: readonly ContributionStatus[]): FunderForm {
  if (isPublicCategory(category)) return 'plan-de-financement';
  return statuses.includes('actual') ? 'cerfa-15059' : 'cerfa-12156';
}

/** The form asked, or the applicant's own; a Cerfa for a public body is refused. */
export function chooseForm(asked: FunderForm | undefined, applicant: { name: string; category: PartnerCategory }, statuses: readonly ContributionStatus[]): FunderForm {
  if (asked === undefined) return defaultForm(applicant.category, statuses);
  if (asked !== 'plan-de-financement' && isPublicCategory(applicant.category))
    throw invalid('form', DOMAIN_FR.cerfaForPublicBody(FORM_TITLE[asked], applicant.name, applicant.category));
  return asked;
}

/** The statuses a form prints: the Cerfa 12156 the planned figures, the compte rendu both. */
export function statusesOfForm(form: FunderForm, asked: readonly ContributionStatus[]): ContributionStatus[] {
  if (form === 'cerfa-12156') return ['planned'];
  if (form === 'cerfa-15059') return ['planned', 'actual'];
  return [...asked];
}
