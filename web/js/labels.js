// Every word the pages show for the API's codes, in French, in one place.
import { KIND_LABELS } from './kind-labels.js';

/** The natures' words, shared with the workbooks (kind-labels.js). */
export { KIND_LABELS };
export const KINDS = Object.keys(KIND_LABELS);

/** The one unit each kind is counted in (src/domain/kinds.ts UNIT_OF_KIND). */
/** @type {Record<string, string>} */
export const UNIT_OF_KIND = {
  staff_time: 'hour',
  volunteer_time: 'hour',
  premises: 'half_day',
  kiosk: 'month',
  equipment: 'day',
  prestation: 'eur',
  cash: 'eur',
  donation_in_kind: 'eur',
};

/** @param {string} kind */
export const isMoneyKind = (kind) => UNIT_OF_KIND[kind] === 'eur';

/** Plural unit names, for "Quantité (en heures)". */
/** @type {Record<string, string>} */
export const UNIT_LABELS = { hour: 'heures', half_day: 'demi-journées', day: 'jours', month: 'mois', eur: 'euros' };
/** Short unit names after a figure: "2,5 h". */
/** @type {Record<string, string>} */
export const UNIT_SHORT = { hour: 'h', half_day: 'demi-journée(s)', day: 'jour(s)', month: 'mois', eur: '€' };

/**
 * The unit after a quantity, agreed as French does: singular below 2 ("1,5 jour"), plural from 2
 * ("5 demi-journées"), never "(s)". Only the whole part decides, read from the decimal string.
 * @param {string} quantity  a decimal string, "2.5"
 * @param {string} unit
 */
export function unitAfter(quantity, unit) {
  const whole = (quantity.replace(/^-/, '').split('.')[0] ?? '').replace(/^0+(?=\d)/, '');
  const plural = whole.length > 1 || Number(whole) >= 2;
  const words = /** @type {Record<string, [string, string]>} */ ({ half_day: ['demi-journée', 'demi-journées'], day: ['jour', 'jours'] })[unit];
  return words ? words[plural ? 1 : 0] : (UNIT_SHORT[unit] ?? unit);
}

/** @type {Record<string, string>} */
export const STATUS_LABELS = { planned: 'Prévisionnel', actual: 'Réalisé' };

/** @type {Record<string, string>} */
export const REVIEW_LABELS = { pending: 'En attente', validated: 'Validée', withdrawn: 'Retirée', rejected: 'Rejetée' };

/** @type {Record<string, string>} */
export const ROLE_LABELS = { coordinator: 'coordination', partner: 'partenaire', treasurer: 'trésorerie', auditor: 'contrôle' };

/** @type {Record<string, string>} */
export const CATEGORY_LABELS = {
  commune: 'Commune',
  epci: 'EPCI (intercommunalité)',
  ccas: 'CCAS',
  departement: 'Département',
  region: 'Région',
  etat: 'État',
  caf: 'CAF',
  europe: 'Fonds européens',
  association: 'Association',
  entreprise: 'Entreprise',
  fondation: 'Fondation',
  autre: 'Autre',
};

/** @type {Record<string, string>} */
export const NATURE_LABELS = { fonctionnement: 'Fonctionnement', investissement: 'Investissement' };

/** @type {Record<string, string>} */
export const EVENT_LABELS = {
  ContributionRecorded: 'Enregistrée',
  ContributionCorrected: 'Corrigée',
  ContributionWithdrawn: 'Retirée',
  ContributionValidated: 'Validée',
  ContributionRejected: 'Rejetée',
};

/** The contribution's fields, for history diffs and error summaries. */
/** @type {Record<string, string>} */
export const FIELD_LABELS = {
  id: 'Identifiant',
  partnerId: 'Partenaire',
  kind: 'Nature',
  status: 'Statut',
  date: 'Date',
  until: 'Jusqu’au',
  quantity: 'Quantité',
  unit: 'Unité',
  amount: 'Montant',
  rate: 'Taux particulier',
  rateBasis: 'Justification du taux',
  role: 'Fonction',
  actionId: 'Action',
  siteId: 'Lieu',
  description: 'Description',
  evidence: 'Justificatif',
  taxBasis: 'HT ou TTC',
  vatRecoverable: 'TVA récupérable',
  reason: 'Motif',
  expectedVersion: 'Version',
  name: 'Nom',
  title: 'Intitulé',
  category: 'Catégorie',
  number: 'Numéro',
  axisId: 'Axe',
  pilotPartnerId: 'Pilote',
  nature: 'Nature de l’action',
  validFrom: 'Valable à partir du',
  validUntil: 'Valable jusqu’au',
  basis: 'Base de calcul',
  startsOn: 'Début',
  endsOn: 'Fin',
  territory: 'Territoire',
};

/** The six funding checks (projections/funding-checks.ts ids), should a budget omit their label. */
/** @type {Record<string, string>} */
export const CHECK_LABELS = {
  equilibre: 'Équilibre charges / produits et 86 / 87',
  autofinancement: 'Pas de sur-financement',
  'plafond-aides-publiques': 'Aides publiques plafonnées',
  'part-maitre-ouvrage': 'Part minimale du maître d’ouvrage (CGCT L1111-10, L1111-9 pour un chef de file)',
  'fonds-europeens': 'Fonds européens (règlement 2021/1060, art. 67)',
  valorisation: 'Toutes les contributions valorisées',
};

// The API's field messages are French (src/messages/fr.ts) but written for every client: ids, ISO
// dates and the API's words for kinds and units. For people recording contributions, the most
// frequent are said again in the pages' own words (French dates, labels); anything else is shown as
// the server wrote it. The English patterns stay for a server of an earlier version.
/** @type {Array<[RegExp, (m: RegExpExecArray) => string]>} */
const MESSAGES = [
  [/^must be strictly positive$|^doit être strictement positif$/, () => 'doit être strictement positif'],
  [/^expected a decimal string|^attendu un nombre décimal/, () => 'nombre attendu, par exemple 12,5'],
  [/^expected a real date|^attendu une date réelle/, () => 'date attendue (jour, mois, année)'],
  [/^must not be empty$|^ne doit pas être vide$/, () => 'à renseigner'],
  [/^unknown field$|^champ inconnu$/, () => 'champ inconnu'],
  [/^Required$|^Invalid input: expected \w+, received undefined$|^obligatoire$/, () => 'à renseigner'],
  [/^Invalid option|^attendu l’une des valeurs/, () => 'choix non valable'],
  [/^expected a slug or UUID|^attendu un identifiant/, () => 'identifiant : lettres, chiffres, point, tiret ou souligné (80 au plus)'],
  [/^(\S+) is outside the programme \((\S+) to (\S+)\)$|^(\S+) est hors de la période du programme \(du (\S+) au (\S+)\)$/, (m) => `hors de la période du programme (du ${frDate(m[2] ?? m[5])} au ${frDate(m[3] ?? m[6])})`],
  [/^the period must end on or after its start$|^la période doit finir le jour de son début ou après$/, () => 'la période doit finir le jour du début ou après'],
  [/^(\S+) is after the programme ends \((\S+)\)$|^(\S+) est après la fin du programme \((\S+)\)$/, (m) => `après la fin du programme (${frDate(m[2] ?? m[4])})`],
  [/^\w+ needs a quantity in (\w+)$|^\w+ demande une quantité en (\w+)/, (m) => `quantité à renseigner (en ${UNIT_LABELS[m[1] ?? m[2] ?? ''] ?? m[1] ?? m[2]})`],
  [/^\w+ needs an amount in euros$|^\w+ demande un montant en euros/, () => 'montant à renseigner (en euros)'],
  [/needs its justification|demande sa justification/, () => 'un taux particulier doit être justifié'],
  [/^rateBasis is given without a rate$|^rateBasis est donné sans taux/, () => 'justification donnée sans taux'],
  [/^unknown partner (.+)$|^partenaire inconnu : (.+)$/, (m) => `partenaire inconnu : ${m[1] ?? m[2]}`],
  [/^unknown action (.+)$|^action inconnue : (.+)$/, (m) => `action inconnue : ${m[1] ?? m[2]}`],
  [/^unknown site (.+)$|^lieu inconnu : (.+)$/, (m) => `lieu inconnu : ${m[1] ?? m[2]}`],
  [/^the current version is (\d+)$|^la version actuelle est (\d+)$/, (m) => `la contribution a changé entre-temps (version ${m[1] ?? m[2]})`],
  [/^HT\/TTC and VAT apply to prestations only$/, () => 'HT/TTC et TVA ne concernent que les prestations'],
];

/**
 * « text », with the guillemets of a name that already has some turned into “ ” (French
 * nests them so): « Feuille de route “Usages du numérique” », never « … « … » … ».
 * @param {string} text
 */
export function quoted(text) {
  return `«\u00a0${text.replace(/«\s*/g, '“').replace(/\s*»/g, '”')}\u00a0»`;
}

/**
 * "de Janzé", "d’Orditous": the elision before a vowel (or a mute h, which cannot be told apart).
 * @param {string} name
 */
export function ofName(name) {
  return /^[aeiouyàâäéèêëîïôöùûüœæh]/i.test(name) ? `d’${name}` : `de ${name}`;
}

/** @param {string | undefined} iso YYYY-MM-DD */
export function frDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso ?? '');
}

/** @param {string} message */
export function frMessage(message) {
  for (const [pattern, say] of MESSAGES) {
    const m = pattern.exec(message);
    if (m) return say(m);
  }
  return message;
}

/**
 * "no volunteer_time rate (role x) on 2024-03-01" → a French sentence.
 * @param {string} reason
 */
export function frUnvaluedReason(reason) {
  const m = /^no (\w+) rate(?: \(role (.+)\))? on (\d{4}-\d{2}-\d{2})$/.exec(reason);
  if (!m) return reason;
  const role = m[2] ? ` pour la fonction ${quoted(m[2])}` : '';
  return `aucun taux ${quoted(KIND_LABELS[m[1] ?? ''] ?? m[1] ?? '')}${role} au ${frDate(m[3])}`;
}
