// The French texts of the HTTP API: every problem's title, every detail and field message the API
// layer writes. One place, so that the API speaks one language with one voice, and a test can read
// them all. The `type` URIs (urn:socle:problem:…) and field paths stay in English: programs read
// those. The domain's own messages (deciders, limits) are French where they are written, and zod's
// messages are French through zod-fr.ts.
import { frenchCount } from '../domain/french-format.ts';

/** Status → [slug of the type URI (stable, English), French title]. */
export const PROBLEM_TITLES: Record<number, readonly [slug: string, title: string]> = {
  400: ['invalid-request', 'Requête invalide'],
  401: ['unauthenticated', 'Authentification requise'],
  403: ['forbidden', 'Accès refusé'],
  404: ['not-found', 'Introuvable'],
  405: ['method-not-allowed', 'Méthode non admise'],
  409: ['conflict', 'Conflit'],
  413: ['body-too-large', 'Corps de requête trop volumineux'],
  415: ['unsupported-media-type', 'Type de contenu non pris en charge'],
  429: ['too-many-requests', 'Trop de requêtes'],
  500: ['internal-error', 'Erreur interne'],
  503: ['unavailable', 'Service indisponible'],
  507: ['insufficient-storage', 'Espace de stockage insuffisant'],
};

export const PROBLEM_STATUSES: readonly number[] = Object.keys(PROBLEM_TITLES).map(Number);

export const API_FR = {
  // routing and media types
  noSuchRoute: 'aucune route de l’API à cette adresse',
  notFound: 'page introuvable',
  methodNotAllowed: (method: string, allowed: string[]) => `la méthode ${method} n’est pas admise ici : ${allowed.join(', ')} seulement`,
  bodyNotJson: 'envoyez le corps en application/json',
  // authentication and access
  tokenMissing: 'cet appel demande un en-tête Authorization: Bearer JETON (voir socle token create)',
  tokenInvalid: 'le jeton n’est pas valable (inconnu ou révoqué)',
  notAPartnerOf: (partnerId: string | undefined, programmeId: string) =>
    partnerId === undefined ? `ce jeton de partenaire ne nomme aucun partenaire du programme ${programmeId}` : `le partenaire ${partnerId} n’est pas partenaire du programme ${programmeId}`,
  ownContributionsOnly: (partnerId: string | undefined) => `un partenaire ne voit que ses propres contributions (${partnerId ?? 'aucun'})`,
  // parsing
  expectedPosition: 'attendu une position du journal (un nombre entier)',
  expectedYear: 'attendu une année de 1900 à 2200',
  expectedPageSize: 'attendu un nombre entier de 1 à 10000',
  expectedOffset: 'attendu un nombre entier de 0 à 1000000000',
  expectedPercent: 'attendu un pourcentage supérieur à 0 et au plus 100, comme 80',
  badBody: 'le corps ne correspond pas aux champs attendus',
  badQuery: 'paramètres de requête invalides',
  badPath: 'paramètres de chemin invalides',
  illFormedText: 'le texte doit être de l’Unicode bien formé',
  loneSurrogate: 'contient une moitié de paire de substitution isolée (\\ud800-\\udfff)',
  unknownField: 'champ inconnu',
  otherContribution: 'le corps nomme une autre contribution que le chemin',
  mustBe: (value: string) => `doit valoir ${value}`,
  // reads
  asOfBeyondHead: (asOf: number, head: number) => `asOf ${asOf} est au-delà de la dernière position du journal (${head})`,
  atMost: (n: number) => `au plus ${n}`,
  partnerNoAsOfDate: 'un partenaire lit le registre à une de ses positions (asOf), pas à une date : une date désignerait l’écriture d’un autre',
  partnerByPosition: 'une position de vos écritures ou d’une publication (asOf)',
  // read-your-writes across servers (min-position.ts)
  minPositionNotANumber: 'minPosition attend une position du registre (un nombre entier)',
  aWholeNumber: 'un nombre entier',
  minPositionNotYours: (position: number) => `La position ${position} n’est pas celle d’une de vos écritures ni du paramétrage d’un de vos programmes.`,
  aPositionOfYours: 'une position que ce jeton a écrite ou peut lire',
  minPositionBeyondHead: (position: number, head: number) => `minPosition ${position} est au-delà de la dernière position du registre (${head})`,
  minPositionNotReached: (position: number, seconds: number) => `Ce serveur n’a pas encore lu la position ${position} du registre (attendu ${seconds} s) : réessayez dans un instant.`,
  // the ledger's proof (ledger-routes.ts)
  proofBeyondHead: (to: number, head: number) => `la position ${to} est au-delà de la tête du journal (${head})`,
  proofFromAfterTo: (from: number, to: number) => `from (${from}) doit être au plus to (${to})`,
  unknownWorkbook: (name: string) => `aucun classeur « ${name} » : contributions, budget, funding-plan, journal ou service`,
  // conflicts
  versionConflict: (expected: number | string, actual: number) =>
    `conflit de version : version attendue ${expected}, la version actuelle est ${actual} ; relisez la contribution`,
  currentVersion: (actual: number) => `la version actuelle est ${actual}`,
  idReused: 'cet identifiant est déjà pris avec un autre contenu',
  // bodies
  bodyTooLarge: 'le corps dépasse la limite de 64 Kio',
  bodyNotJsonText: 'le corps n’est pas un objet ou un tableau JSON',
  invalidJson: 'JSON invalide',
  compressedBody: 'les corps compressés ne sont pas acceptés',
  notUtf8: 'le corps doit être du JSON en UTF-8',
  bodyUnreadable: 'le corps n’a pas pu être lu',
  requestUnreadable: 'la requête n’a pas pu être lue',
  requestNotUnderstood: 'la requête n’a pas pu être comprise',
  // read limits
  tooManyReads: (n: number) => `trop de lectures en cours pour ce jeton (${n} au plus) : réessayez dans un instant`,
  tooManyHeavyReads: (n: number) => `trop de lectures lourdes en cours pour ce jeton (classeurs ou asOf, ${n} au plus) : réessayez dans un instant`,
  // failures
  internal: 'erreur interne ; le journal du serveur en donne le détail sous cet identifiant de requête',
} as const;

/**
 * The domain's messages (deciders, roles, the read model's look-ups): what a person reads when a
 * command breaks a rule, through the API's `detail` and field messages or on the command line.
 * Ids and field names stay as they are; kinds and units are the API's own words.
 */
export const DOMAIN_FR = {
  unknownProgramme: (programmeId: string) => `programme inconnu : ${programmeId}`,
  unknownContribution: (contributionId: string, programmeId: string) => `contribution inconnue dans le programme ${programmeId} : ${contributionId}`,
  unknownPartner: (partnerId: string) => `partenaire inconnu : ${partnerId}`,
  unknownAction: (actionId: string) => `action inconnue : ${actionId}`,
  unknownActionIn: (actionId: string, programmeId: string) => `action inconnue dans le programme ${programmeId} : ${actionId}`,
  unknownSite: (siteId: string) => `lieu inconnu : ${siteId}`,
  unknownAxis: (axisId: string) => `axe inconnu : ${axisId}`,
  unknownApplicant: (applicantId: string, programmeId: string) => `demandeur inconnu : ${applicantId} n’est pas partenaire du programme ${programmeId}`,
  noPilot: (actionId: string) => `l’action ${actionId} n’a pas de partenaire pilote : nommez le demandeur`,
  noPilotField: 'obligatoire : l’action n’a pas de pilote',
  noPilotInProgramme: (programmeId: string) => `aucune action du programme ${programmeId} n’a de pilote : nommez le demandeur`,
  required: 'obligatoire',
  // roles
  roleMayNot: (role: string) => `le rôle ${role} ne permet pas cette opération`,
  actsForItself: (partnerId: string | undefined) => `un partenaire n’agit que pour lui-même (${partnerId ?? 'aucun'})`,
  // ids and idempotency
  alreadyExists: (what: string) => `${what} existe déjà avec un autre contenu`,
  contributionNamed: (contributionId: string) => `la contribution ${contributionId}`,
  programmeNamed: (id: string) => `le programme ${id}`,
  partnerNamed: (id: string) => `le partenaire ${id}`,
  axisNamed: (id: string) => `l’axe ${id}`,
  actionNamed: (id: string) => `l’action ${id}`,
  siteNamed: (id: string) => `le lieu ${id}`,
  rateNamed: (id: string) => `le taux ${id}`,
  // a contribution's life
  finalReview: (contributionId: string, review: string) =>
    `la contribution ${contributionId} est ${review === 'withdrawn' ? 'retirée' : review === 'rejected' ? 'rejetée' : review} : plus rien ne peut suivre`,
  reasonRequired: 'un motif est obligatoire',
  mustNotBeEmpty: 'ne doit pas être vide',
  correctionChangesNothing: 'la correction ne change rien',
  identicalContent: 'identique au contenu actuel',
  alreadyValidated: (contributionId: string) => `la contribution ${contributionId} est déjà validée`,
  validatedWithdrawInstead: (contributionId: string) => `la contribution ${contributionId} est validée : retirez-la plutôt`,
  // content
  unitOfKind: (kind: string, expected: string, given: string) => `${kind} se compte en ${expected}, pas en ${given}`,
  needsAmount: (kind: string) => `${kind} demande un montant en euros (amount)`,
  amountNotQuantity: (kind: string) => `${kind} est un montant en euros, pas une quantité`,
  takesNoRate: (kind: string) => `${kind} ne prend pas de taux`,
  needsQuantity: (kind: string, unit: string) => `${kind} demande une quantité en ${unit} (quantity)`,
  valuedFromQuantity: (kind: string) => `${kind} se valorise par sa quantité : donnez un taux (rate) pour fixer sa valeur`,
  ownRateNeedsBasis: 'le taux propre d’une contribution demande sa justification (rateBasis)',
  basisWithoutRate: 'rateBasis est donné sans taux (rate)',
  taxForPrestationsOnly: 'HT/TTC et TVA ne concernent que les prestations',
  outsideProgramme: (date: string, startsOn: string, endsOn: string) => `${date} est hors de la période du programme (du ${startsOn} au ${endsOn})`,
  periodEndsBeforeStart: 'la période doit finir le jour de son début ou après',
  afterProgrammeEnds: (until: string, endsOn: string) => `${until} est après la fin du programme (${endsOn})`,
  // set-up
  programmeEndsBeforeStart: 'le programme doit finir le jour de son début ou après',
  actionNumberTaken: (number: number, actionId: string) => `le numéro d’action ${number} est déjà celui de ${actionId}`,
  moneyKindTakesNoRate: (kind: string) => `${kind} se compte en euros et ne prend pas de taux`,
  rateEndsBeforeStart: 'le taux doit finir le jour de son début ou après',
  // the fiche action (ActionSheetSet)
  stepEndsBeforeStart: (label: string) => `l’étape « ${label} » doit finir le jour de son début ou après`,
  stepOutsideProgramme: (label: string, startsOn: string, endsOn: string) =>
    `l’étape « ${label} » sort de la période du programme (du ${startsOn} au ${endsOn})`,
  sheetTextTooLong: (max: number) => `au plus ${max} caractères`,
  calendarTooLong: (max: number) => `au plus ${max} étapes au calendrier`,
  blankSheetText: 'ne doit pas être vide : omettez le champ pour le laisser en blanc',
  // export requests (src/exports/workbook-request.ts parseExportRequest: the command line's options and the API's
  // query parameters alike, so both names are given)
  budgetStatus: (status: string) => `le budget prend planned, actual ou both, pas « ${status} »`,
  planStatus: (status: string) => `le plan de financement prend consolidated, planned ou actual, pas « ${status} »`,
  everyStatus: (workbook: string) => `${workbook} montre tous les statuts : status (--status) ne s’applique pas`,
  budgetOnlyOptions: 'la numérotation et les options des contrôles ne valent que pour le classeur budget',
  codeMap: (codes: string) => `attendu cerfa ou anc, pas « ${codes} »`,
  publicCap: (cap: string) => `attendu un pourcentage supérieur à 0 et au plus 100, pas « ${cap} »`,
  journalFilters: 'le journal liste tous les événements du programme : il ne prend que asOf (--as-of)',
  contributionsNoApplicant: 'le tableau des contributions n’a pas de demandeur',
  // funder forms (src/reports/funder-form.ts)
  funderForm: (form: string) => `attendu cerfa-12156, cerfa-15059 ou plan-de-financement, pas « ${form} »`,
  cerfaForPublicBody: (form: string, name: string, category: string) =>
    `le ${form} est le formulaire des associations ; ${name} (${category}) est une personne publique, qui dépose un plan de financement (--form plan-de-financement)`,
  formOnlyForBudget: 'le formulaire (form, --form) ne vaut que pour le classeur budget',
  notADossier: 'ce fichier n’est pas un dossier Socle (un zip avec son manifeste.json)',
  // closings (src/domain/programme/decider.ts, src/domain/contribution/decider.ts)
  yearAlreadyClosed: (year: number, position: number) => `l’année ${year} est déjà close (à la position ${position}) : rouvrez-la d’abord`,
  yearNotClosed: (year: number) => `l’année ${year} n’est pas close`,
  yearOutsideProgramme: (year: number, startsOn: string, endsOn: string) => `l’année ${year} est hors de la période du programme (du ${startsOn} au ${endsOn})`,
  closedYearRefuses: (year: number) => `l’année ${year} est close et le programme refuse les écarts postérieurs à la clôture : rouvrez-la pour changer ses chiffres`,
  closedYearNeedsReason: (year: number) =>
    `l’année ${year} est close et le programme demande un motif pour chaque écart : corrigez, retirez ou rejetez avec un motif (un enregistrement ou une validation n’en portent pas)`,
  // report specs (src/reports/report-specs.ts)
  includeChoice: (include: string) => `attendu active ou validated, pas « ${include} »`,
  totalsStatus: (status: string) => `les totaux prennent planned ou actual, pas « ${status} »`,
  notTakenHere: 'cette option ne s’applique pas à ce rapport',
  // as-of dates (src/reports/report-specs.ts, src/app/as-of-date.ts)
  asOfDateMalformed: (text: string) => `attendu une date AAAA-MM-JJ ou un instant ISO 8601 avec son fuseau (2025-01-31T18:00:00Z), pas « ${text} »`,
  asOfAndDate: 'donnez une position (asOf, --as-of) ou une date (asOfDate, --as-of-date), pas les deux',
  asOfDateInFuture: (asked: string, now: string) => `la date ${asked} est dans le futur (il est ${now}) : le registre ne dit pas encore ce qu’il contiendra`,
  asOfDateBeforeProgramme: (asked: string, programmeId: string, opened: string) =>
    `la date ${asked} précède le premier événement du programme ${programmeId} (enregistré le ${opened}) : il n’existait pas encore`,
  stampMalformed: (text: string) => `attendu une position du journal (un nombre entier) ou une date AAAA-MM-JJ ou un instant ISO 8601 avec son fuseau, pas « ${text} »`,
  diffBackwards: (from: number, to: number) => `le point de départ (position ${from}) est après le point d’arrivée (position ${to}) : échangez from et to`,
  asOfDateResolved: (asked: string, instant: string, position: number) => `${asked} (jusqu’à ${instant}) : position ${position}, le dernier événement enregistré à cet instant ou avant`,
} as const;

/**
 * The import's messages (src/import, socle import contributions, POST …/imports): a whole file
 * refused in one sentence, or one row refused with the column and the reason, so that the sender
 * can fix the row and send the file again.
 */
export const IMPORT_FR = {
  // the file as a whole
  emptyFile: 'le fichier est vide',
  fileTooLarge: (size: number, max: number) => `le fichier pèse ${megabytes(size)} Mo, au plus ${megabytes(max)} Mo : découpez-le (par année ou par partenaire)`,
  notASpreadsheet: 'ce fichier n’est pas un tableur : envoyez un fichier .xlsx, .ods ou .csv',
  brokenOds: (cause: string) => `le classeur .ods est illisible (${cause.slice(0, 120)})`,
  encryptedOds: 'le classeur .ods est protégé par un mot de passe : enregistrez-le sans mot de passe, puis envoyez-le',
  xlsOld: 'les fichiers .xls (Excel 97-2003) ne sont pas lus : enregistrez le classeur au format .xlsx',
  brokenXlsx: (cause: string) => `le classeur .xlsx est illisible (${cause.slice(0, 120)})`,
  mixedEncoding: 'le fichier CSV mêle deux encodages (UTF-8 puis autre chose) : enregistrez-le de nouveau en « CSV UTF-8 »',
  unclosedQuote: (row: number) => `le fichier CSV a un guillemet ouvert à la ligne ${row} qui n’est jamais fermé`,
  tooManyColumns: (row: number, max: number) => `la ligne ${row} a plus de ${max} colonnes`,
  cellTooLong: (row: number, max: number) => `une cellule de la ligne ${row} dépasse ${max} caractères`,
  tooManyRows: (max: number) => `le fichier a plus de ${max.toLocaleString('fr-FR').replace(/\u202f/g, ' ')} lignes : découpez-le`,
  emptySheet: 'la feuille est vide : aucune ligne à importer',
  noSuchSheet: (sheet: string) => `le classeur n’a pas de feuille « ${sheet} »`,
  noHeader: 'aucune ligne d’en-tête trouvée dans les 30 premières lignes : il faut au moins les colonnes Date et Nature (ou Partenaire), ou un fichier de correspondance (--mapping)',
  missingColumn: (field: string) => `la colonne ${field} est introuvable : ajoutez-la ou nommez-la dans le fichier de correspondance`,
  headerNotFound: (header: string) => `la colonne « ${header} » du fichier de correspondance n’est pas dans l’en-tête`,
  noRows: 'la feuille n’a aucune ligne de données sous son en-tête',
  badMapping: (detail: string) => `fichier de correspondance invalide : ${detail}`,
  needsPartner: 'le fichier n’a pas de colonne Partenaire : précisez le partenaire (--partner ou partnerId)',
  unknownProgramme: (programmeId: string) => `programme inconnu : ${programmeId}`,
  // one row
  formulaCell: (formula: string) => `cellule calculée par une formule (${formula.slice(0, 60)}) : collez-y la valeur`,
  required: 'obligatoire',
  notANumber: (text: string) => `« ${text} » n’est pas un nombre (exemples : 12,5 ou 1 234,50)`,
  notADate: (text: string) => `« ${text} » n’est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ)`,
  unknownKind: (text: string) => `nature inconnue : « ${text} » (bénévolat, temps salarié, locaux, borne, matériel, prestation, subvention, don en nature)`,
  unknownStatus: (text: string) => `« ${text} » n’est ni Prévu ni Réalisé`,
  unknownUnit: (text: string) => `unité inconnue : « ${text} » (heure, demi-journée, jour, mois, €)`,
  unknownPartnerName: (text: string) => `partenaire inconnu dans le programme : « ${text} »`,
  unknownActionName: (text: string) => `action inconnue dans le programme : « ${text} »`,
  unknownSiteName: (text: string) => `lieu inconnu dans le programme : « ${text} »`,
  otherPartner: (partnerId: string) => `ligne du partenaire ${partnerId} : un partenaire n’importe que ses propres lignes`,
  conflict: 'une ligne de même identité a déjà été importée avec d’autres chiffres : corrigez la contribution dans Socle plutôt que de la réimporter',
  inFileConflict: (row: number) => `même identité que la ligne ${row} mais d’autres chiffres`,
  durationNotPositive: 'la durée doit être strictement positive',
  // the report
  totalsRow: 'ligne de total, ignorée',
  summary: (rows: number, imported: number, already: number, refused: number, skipped: number, dryRun: boolean) =>
    `${frenchCount(rows)} lignes lues : ${frenchCount(imported)} ${dryRun ? 'à importer' : 'importées'}, ${frenchCount(already)} déjà importées, ${frenchCount(refused)} refusées${skipped > 0 ? `, ${frenchCount(skipped)} ignorées` : ''}${dryRun ? ' (essai : rien n’a été écrit)' : ''}`,
  refusedLine: (row: number, column: string, reason: string) => `ligne ${row}, colonne ${column} : ${reason}`,
  progress: (rows: number, imported: number) => `… ${frenchCount(rows)} lignes lues, ${frenchCount(imported)} importées`,
  sheetRefused: 'Lignes refusées',
  sheetSummary: 'Résumé',
  columnRow: 'Ligne d’origine',
  columnColumn: 'Colonne',
  columnReason: 'Motif du refus',
} as const;

function megabytes(bytes: number): string {
  return (Math.round((bytes / (1024 * 1024)) * 10) / 10).toString().replace('.', ',');
}
