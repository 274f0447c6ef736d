// The French words of the what-if scenarios (issue 16): deciders' refusals, the comparison's labels.
export const SCENARIO_FR = {
  coordinatorOnly:
    'seule la coordination crée et modifie les scénarios : ils font voir les chiffres de tous les partenaires et engagent la stratégie du programme (docs/api.md, « Scénarios »)',
  unknownScenario: (scenarioId: string) => `scénario inconnu : ${scenarioId}`,
  scenarioNamed: (scenarioId: string) => `le scénario ${scenarioId}`,
  factNamed: (factId: string) => `l’hypothèse ${factId}`,
  unknownFact: (factId: string, scenarioId: string) => `hypothèse inconnue dans le scénario ${scenarioId} : ${factId}`,
  archived: (scenarioId: string) => `le scénario ${scenarioId} est archivé : copiez-le pour le reprendre`,
  tooManyFacts: (max: number) => `un scénario tient au plus ${max} hypothèses`,
  rateTaken: (rateId: string) => `le taux ${rateId} existe déjà dans le programme ou le scénario : donnez un autre identifiant`,
  baseBeforeProgramme: (position: number) => `la position ${position} précède l’ouverture du programme`,
  real: 'Plan réel',
  gap: (title: string) => `Écart ${title}`,
} as const;
