// The French texts of service hours, targets and indicators (issue 15): the deciders' refusals, the
// reports' words, the workbook's headings. Kept apart from fr.ts so that the catalogue of the rest
// stays as it is.
export const SERVICE_FR = {
  // names
  scheduleNamed: (id: string) => `l’horaire ${id}`,
  targetNamed: (id: string) => `l’objectif ${id}`,
  indicatorNamed: (id: string) => `l’indicateur ${id}`,
  measurementNamed: (id: string) => `la mesure ${id}`,
  // refusals
  unknownSchedule: (id: string, programmeId: string) => `horaire inconnu dans le programme ${programmeId} : ${id}`,
  unknownTarget: (id: string, programmeId: string) => `objectif inconnu dans le programme ${programmeId} : ${id}`,
  unknownIndicator: (id: string) => `indicateur inconnu : ${id} (définissez-le sur son action avant d’en enregistrer une mesure)`,
  unknownMeasurement: (id: string, programmeId: string) => `mesure inconnue dans le programme ${programmeId} : ${id}`,
  scheduleWithdrawn: (id: string) => `l’horaire ${id} est retiré : plus rien ne peut suivre`,
  measurementWithdrawn: (id: string) => `la mesure ${id} est retirée : plus rien ne peut suivre`,
  overlaps: (siteId: string, axisId: string, other: string, from: string, until: string | undefined) =>
    `le lieu ${siteId} a déjà un horaire sur l’axe ${axisId} sur cette période (${other}, du ${from}${until ? ` au ${until}` : ', sans fin'}) : terminez-le (until) ou corrigez-le d’abord`,
  untilBeforeFrom: 'la fin doit tomber le jour du début ou après',
  periodToBeforeFrom: 'la période doit finir le jour de son début ou après',
  dueBeforeBaseline: 'l’échéance doit suivre la date de référence',
  outsideProgramme: (date: string, startsOn: string, endsOn: string) => `${date} est hors de la période du programme (du ${startsOn} au ${endsOn})`,
  valueOrMultiplier: 'donnez soit une valeur (value), soit un multiple de la référence (multiplier), pas les deux ni aucun',
  noPartnerSite: (siteId: string) => `le lieu ${siteId} n’est tenu par aucun partenaire : seule la coordination en enregistre les horaires`,
  otherPartnersSite: (siteId: string, owner: string, partnerId: string | undefined) =>
    `le lieu ${siteId} est tenu par le partenaire ${owner} : un partenaire (${partnerId ?? 'aucun'}) n’enregistre les horaires que de ses propres lieux`,
  notPilot: (actionId: string, pilot: string | undefined, partnerId: string | undefined) =>
    pilot === undefined
      ? `l’action ${actionId} n’a pas de pilote : seule la coordination en définit et en mesure les indicateurs`
      : `l’action ${actionId} est pilotée par le partenaire ${pilot} : un partenaire (${partnerId ?? 'aucun'}) ne tient que les indicateurs des actions qu’il pilote`,
  serviceFilters: 'le classeur service montre tous les lieux, axes, semaines et mois : il ne prend que asOf (--as-of)',
  targetsCoordinatorOnly: 'les objectifs d’heures de service sont fixés par la coordination',
} as const;
