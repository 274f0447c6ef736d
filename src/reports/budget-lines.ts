// The lines of a budget in the Cerfa 12156*06 layout, by stable id, and the rules that put a
// contribution on a line from the applicant's point of view. Codes belong to the output format,
// not to the lines: Cerfa numbering by default, ANC 2018-06 numbering (870 and 875 swapped) as an
// option. See docs/workbooks.md for the rules in words.
import type { ContributionContent } from '../domain/events.ts';
import type { PartnerCategory } from '../domain/kinds.ts';

export type BudgetSide = 'charges' | 'produits' | 'emplois' | 'ressources';
export type CodeMap = 'cerfa' | 'anc';
export const CODE_MAPS: readonly CodeMap[] = ['cerfa', 'anc'];

export interface LineDef {
  id: string;
  side: BudgetSide;
  label: string;
  /** Cerfa 12156*06 code; '' when the form prints none. */
  code: string;
  /** ANC 2018-06 code when it differs from the Cerfa one. */
  ancCode?: string;
  parentId?: string;
  /** Lines whose amount is filled in by funder (partner) rows underneath. */
  byFunder?: boolean;
  /** The balancing line: the applicant's own funding. */
  balancing?: boolean;
}

const line = (side: BudgetSide, id: string, code: string, label: string, extra: Partial<LineDef> = {}): LineDef => ({ id, side, code, label, ...extra });
const under = (parentId: string) => ({ parentId });

/** Every line of the form in print order; a line without children is a leaf that holds amounts. */
export const BUDGET_LINES: readonly LineDef[] = [
  line('charges', 'c60', '60', 'Achats'),
  line('charges', 'c60-prestations', '', 'Prestations de services', under('c60')),
  line('charges', 'c60-matieres', '', 'Achats matières et fournitures', under('c60')),
  line('charges', 'c60-autres', '', 'Autres fournitures', under('c60')),
  line('charges', 'c61', '61', 'Services extérieurs'),
  line('charges', 'c61-locations', '', 'Locations', under('c61')),
  line('charges', 'c61-entretien', '', 'Entretien et réparation', under('c61')),
  line('charges', 'c61-assurance', '', 'Assurance', under('c61')),
  line('charges', 'c61-documentation', '', 'Documentation', under('c61')),
  line('charges', 'c62', '62', 'Autres services extérieurs'),
  line('charges', 'c62-honoraires', '', 'Rémunérations intermédiaires et honoraires', under('c62')),
  line('charges', 'c62-publicite', '', 'Publicité, publication', under('c62')),
  line('charges', 'c62-deplacements', '', 'Déplacements, missions', under('c62')),
  line('charges', 'c62-services', '', 'Services bancaires, autres', under('c62')),
  line('charges', 'c63', '63', 'Impôts et taxes'),
  line('charges', 'c63-remuneration', '', 'Impôts et taxes sur rémunération', under('c63')),
  line('charges', 'c63-autres', '', 'Autres impôts et taxes', under('c63')),
  line('charges', 'c64', '64', 'Charges de personnel'),
  // The rates of staff time are loaded hourly costs: charges sociales are inside (a note says so).
  line('charges', 'c64-remuneration', '', 'Rémunération des personnels', under('c64')),
  line('charges', 'c64-charges-sociales', '', 'Charges sociales', under('c64')),
  line('charges', 'c64-autres', '', 'Autres charges de personnel', under('c64')),
  line('charges', 'c65', '65', 'Autres charges de gestion courante'),
  line('charges', 'c66', '66', 'Charges financières'),
  line('charges', 'c67', '67', 'Charges exceptionnelles'),
  line('charges', 'c68', '68', 'Dotation aux amortissements'),
  line('charges', 'c-indirectes', '', 'Charges indirectes réparties affectées à l’action'),
  line('charges', 'c-indirectes-fixes', '', 'Charges fixes de fonctionnement', under('c-indirectes')),
  line('charges', 'c-indirectes-financiers', '', 'Frais financiers', under('c-indirectes')),
  line('charges', 'c-indirectes-autres', '', 'Autres', under('c-indirectes')),

  line('produits', 'p70', '70', 'Vente de produits finis, de marchandises, prestations de services'),
  line('produits', 'p70-usagers', '', 'Participations des usagers', { ...under('p70'), byFunder: true }),
  line('produits', 'p73', '73', 'Dotations et produits de tarification'),
  line('produits', 'p74', '74', 'Subventions d’exploitation'),
  line('produits', 'p74-etat', '', 'État', { ...under('p74'), byFunder: true }),
  line('produits', 'p74-region', '', 'Région(s)', { ...under('p74'), byFunder: true }),
  line('produits', 'p74-departement', '', 'Département(s)', { ...under('p74'), byFunder: true }),
  line('produits', 'p74-epci', '', 'Intercommunalité(s) : EPCI', { ...under('p74'), byFunder: true }),
  line('produits', 'p74-commune', '', 'Commune(s)', { ...under('p74'), byFunder: true }),
  line('produits', 'p74-sociaux', '', 'Organismes sociaux (CAF, CCAS…)', { ...under('p74'), byFunder: true }),
  line('produits', 'p74-europe', '', 'Fonds européens (FSE+, FEDER, LEADER…)', { ...under('p74'), byFunder: true }),
  line('produits', 'p74-asp', '', 'L’agence de services et de paiement (emplois aidés)', { ...under('p74'), byFunder: true }),
  line('produits', 'p74-autres-publics', '', 'Autres établissements publics', { ...under('p74'), byFunder: true }),
  line('produits', 'p74-prives', '', 'Aides privées (fondation)', { ...under('p74'), byFunder: true }),
  line('produits', 'p75', '75', 'Autres produits de gestion courante'),
  line('produits', 'p756', '756', 'Cotisations', { ...under('p75'), byFunder: true }),
  line('produits', 'p758', '758', 'Dons manuels – Mécénat', { ...under('p75'), byFunder: true }),
  line('produits', 'p76', '76', 'Produits financiers'),
  line('produits', 'p77', '77', 'Produits exceptionnels'),
  line('produits', 'p78', '78', 'Reprises sur amortissements et provisions'),
  line('produits', 'p-propres', '', 'Ressources propres affectées à l’action (autofinancement du demandeur)', { balancing: true }),

  line('emplois', 'e86', '86', 'Emplois des contributions volontaires en nature'),
  line('emplois', 'e860', '860', 'Secours en nature', under('e86')),
  line('emplois', 'e861', '861', 'Mise à disposition gratuite de biens et services', under('e86')),
  line('emplois', 'e862', '862', 'Prestations', under('e86')),
  line('emplois', 'e864', '864', 'Personnel bénévole', under('e86')),

  line('ressources', 'r87', '87', 'Contributions volontaires en nature'),
  line('ressources', 'r870', '870', 'Bénévolat', { ...under('r87'), ancCode: '875' }),
  line('ressources', 'r871', '871', 'Prestations en nature', under('r87')),
  line('ressources', 'r875', '875', 'Dons en nature', { ...under('r87'), ancCode: '870' }),
];

export const LINE_BY_ID: ReadonlyMap<string, LineDef> = new Map(BUDGET_LINES.map((l) => [l.id, l]));
const PARENTS = new Set(BUDGET_LINES.flatMap((l) => (l.parentId ? [l.parentId] : [])));

export function isLeaf(id: string): boolean {
  return !PARENTS.has(id);
}

export function codeOf(lineId: string, codes: CodeMap): string {
  const def = LINE_BY_ID.get(lineId);
  if (!def) throw new Error(`unknown budget line ${lineId}`);
  return codes === 'anc' && def.ancCode !== undefined ? def.ancCode : def.code;
}

/**
 * The produit line of each funder category's cash: public bodies on their 74 line, foundations and
 * associations on 74 Aides privées, a company's cash is mécénat (758). Whatever the category, a role
 * naming users' fees goes to 70, membership fees to 756 and gifts to 758 (cashLine).
 */
export const FUNDER_LINE: Record<PartnerCategory, string> = {
  etat: 'p74-etat',
  region: 'p74-region',
  departement: 'p74-departement',
  epci: 'p74-epci',
  commune: 'p74-commune',
  ccas: 'p74-sociaux',
  caf: 'p74-sociaux',
  europe: 'p74-europe',
  association: 'p74-prives',
  entreprise: 'p758',
  fondation: 'p74-prives',
  autre: 'p74-prives',
};

/** The 74 lines that hold public money (check 3); private aids and users' fees are not public. */
export const PUBLIC_FUNDER_LINES: ReadonlySet<string> = new Set([
  'p74-etat',
  'p74-region',
  'p74-departement',
  'p74-epci',
  'p74-commune',
  'p74-sociaux',
  'p74-europe',
  'p74-asp',
  'p74-autres-publics',
]);

/** Lower case without accents, for matching words in free text. */
function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * A cash contribution is a users' fee (70) when its role names the users ("usagers", "usager",
 * "participation des usagers"), whoever recorded it; any other cash is a grant (74).
 */
export function isUsersFee(content: Pick<ContributionContent, 'role'>): boolean {
  return content.role !== undefined && /\busagers?\b/.test(plain(content.role));
}

/** Membership fees (756): a role naming "cotisation(s)" or "adhésion(s)". */
export function isMembershipFee(content: Pick<ContributionContent, 'role'>): boolean {
  return content.role !== undefined && /\b(cotisations?|adhesions?)\b/.test(plain(content.role));
}

/** Gifts (758): a role naming "don(s)", "dons manuels" or "mécénat". */
export function isGift(content: Pick<ContributionContent, 'role'>): boolean {
  return content.role !== undefined && /\b(dons?|mecenat)\b/.test(plain(content.role));
}

/** The produit line of cash from another partner, by its role first, then by the funder's category. */
export function cashLine(content: Pick<ContributionContent, 'role'>, funderCategory: PartnerCategory): string {
  if (isUsersFee(content)) return 'p70-usagers';
  if (isMembershipFee(content)) return 'p756';
  if (isGift(content)) return 'p758';
  return FUNDER_LINE[funderCategory];
}

/**
 * The Cerfa line of a prestation the applicant pays, from the words of its role and description,
 * first rule that matches; a plain service ("ateliers par le prestataire") is 60 Prestations de
 * services. Keeping the rules as data lets docs/workbooks.md print them.
 */
export const PRESTATION_RULES: ReadonlyArray<{ lineId: string; words: RegExp; example: string }> = [
  { lineId: 'c61-locations', words: /\b(location|loyer|locatif|locative)/, example: 'Location d’une salle, loyer' },
  { lineId: 'c61-entretien', words: /\b(entretien|reparation|maintenance)/, example: 'Maintenance des bornes' },
  { lineId: 'c61-assurance', words: /\bassurance/, example: 'Assurance du matériel' },
  { lineId: 'c61-documentation', words: /\b(documentation|abonnement|ouvrage)/, example: 'Abonnement à une revue' },
  { lineId: 'c62-deplacements', words: /\b(deplacement|mission|transport|carburant|hebergement)/, example: 'Déplacements du bus numérique' },
  { lineId: 'c62-publicite', words: /\b(publicite|publication|affiche|flyer|impression|plaquette)/, example: 'Impression des affiches' },
  { lineId: 'c62-services', words: /\b(bancaire|postaux|affranchissement|telecom|telephon|internet|wifi)/, example: 'Wifi public, frais postaux' },
  { lineId: 'c62-honoraires', words: /\b(honoraire|consultant|expert|avocat|commissaire aux comptes)/, example: 'Honoraires d’un consultant' },
  { lineId: 'c60-matieres', words: /\b(achat|acquisition|materiel|ordinateur|tablette|imprimante|fourniture|equipement|licence)/, example: 'Achat de 20 ordinateurs portables' },
];

export function prestationLine(content: Pick<ContributionContent, 'role' | 'description'>): string {
  const text = plain(`${content.role ?? ''} ${content.description ?? ''}`);
  for (const rule of PRESTATION_RULES) if (rule.words.test(text)) return rule.lineId;
  return 'c60-prestations';
}

/** In kind: the 86 line (how it was used) and the 87 line (what was given) of each kind. */
export const IN_KIND_LINES = {
  /** Another partner's staff put at the action's disposal. */
  staff_time: { emploi: 'e862', ressource: 'r871' },
  volunteer_time: { emploi: 'e864', ressource: 'r870' },
  premises: { emploi: 'e861', ressource: 'r871' },
  kiosk: { emploi: 'e861', ressource: 'r871' },
  equipment: { emploi: 'e861', ressource: 'r871' },
  /** A service another partner paid for, given free to the action. */
  prestation: { emploi: 'e862', ressource: 'r871' },
  donation_in_kind: { emploi: 'e860', ressource: 'r875' },
} as const;

/** Where one contribution goes in the applicant's budget. */
export type Placement =
  | { to: 'charge'; lineId: string }
  | { to: 'produit'; lineId: string; funderId: string }
  /** The applicant's own cash: already inside the balancing line, never a produit of its own. */
  | { to: 'own-cash' }
  /**
   * The applicant's own rooms, kiosks, equipment or goods: not a contribution in kind (those come
   * from third parties: an applicant gives nothing to itself), not a charge of the action either (no
   * invoice; their cost is the applicant's, in its depreciation or indirect costs). Left off the form
   * and stated in a note.
   */
  | { to: 'own-means' }
  | { to: 'in-kind'; emploi: string; ressource: string };

/**
 * The applicant's staff time and prestations are its charges; cash is a produit (users' fees on 70,
 * grants on the 74 line of the funder's category); the applicant's own rooms, kiosks, equipment and
 * goods are its own means, off the form; everything else — volunteers (the applicant's own
 * volunteers too: bénévolat is given to it), other partners' staff time, prestations, rooms,
 * equipment and gifts — is in kind (86/87).
 */
export function placeContribution(content: ContributionContent, applicantId: string, funderCategory: PartnerCategory): Placement {
  const own = content.partnerId === applicantId;
  switch (content.kind) {
    case 'staff_time':
      return own ? { to: 'charge', lineId: 'c64-remuneration' } : { to: 'in-kind', ...IN_KIND_LINES.staff_time };
    case 'prestation':
      return own ? { to: 'charge', lineId: prestationLine(content) } : { to: 'in-kind', ...IN_KIND_LINES.prestation };
    case 'cash':
      if (isUsersFee(content)) return { to: 'produit', lineId: 'p70-usagers', funderId: content.partnerId };
      return own ? { to: 'own-cash' } : { to: 'produit', lineId: cashLine(content, funderCategory), funderId: content.partnerId };
    case 'volunteer_time':
      return { to: 'in-kind', ...IN_KIND_LINES.volunteer_time };
    case 'premises':
    case 'kiosk':
    case 'equipment':
    case 'donation_in_kind':
      return own ? { to: 'own-means' } : { to: 'in-kind', ...IN_KIND_LINES[content.kind] };
    default: {
      const never: never = content.kind;
      throw new Error(`unhandled kind ${String(never)}`);
    }
  }
}
