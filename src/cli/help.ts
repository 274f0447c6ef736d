// What `socle --help`, `socle help COMMAND` and `socle COMMAND --help` print, in French: each
// command's usage line, its options and a few examples that can be pasted as they are.

export interface CommandHelp {
  /** One line for the general list. */
  summary: string;
  /** The usage lines (a command with sub-commands has one per sub-command). */
  usage: string[];
  options: [string, string][];
  examples: string[];
}

const DATA: [string, string] = ['--data DIR', 'dossier des données (défaut ./data, ou SOCLE_DATA_DIR)'];

export const HELP: Record<string, CommandHelp> = {
  demo: {
    summary: "charge le registre de démonstration et écrit tous les classeurs",
    usage: ['socle demo [--out DIR] [--data DIR]'],
    options: [['--out DIR', 'dossier des classeurs (défaut ./out)'], DATA],
    examples: ['npx socle demo', 'npx socle demo --data /tmp/essai --out /tmp/essai/classeurs'],
  },
  serve: {
    summary: "démarre l'API HTTP et les pages web",
    usage: ['socle serve [--host H] [--port N] [--no-snapshot] [--data DIR]'],
    options: [
      ['--host H', "adresse d'écoute (défaut 127.0.0.1)"],
      ['--port N', "port (défaut 3000 ; 0 : un port libre)"],
      ['--no-snapshot', "ni lire ni écrire l'instantané du modèle de lecture"],
      DATA,
    ],
    examples: ['npx socle serve', 'npx socle serve --port 8080 --data /srv/socle'],
  },
  token: {
    summary: "crée, liste ou révoque les jetons d'accès à l'API",
    usage: ['socle token create --role ROLE [--partner ID] [--name TEXTE] [--data DIR]', 'socle token list [--data DIR]', 'socle token revoke ID [--data DIR]'],
    options: [
      ['--role ROLE', 'coordinator, partner, treasurer ou auditor'],
      ['--partner ID', 'le partenaire du jeton (rôle partner)'],
      ['--name TEXTE', 'un nom pour le reconnaître dans token list'],
      DATA,
    ],
    examples: ['npx socle token create --role partner --partner orditous --name Orditous', 'npx socle token list', 'npx socle token revoke ID'],
  },
  export: {
    summary: 'écrit un classeur : contributions, budget, funding-plan, journal ou service',
    usage: ['socle export CLASSEUR --programme ID [--year AAAA] [--action ID] [--applicant ID] [--as-of POSITION | --as-of-date DATE] [--out FICHIER] [--data DIR]'],
    options: [
      ['CLASSEUR', 'contributions (tableau des contributions), budget (le formulaire du demandeur et les contrôles), funding-plan (fiches action), journal (tous les événements) ou service (heures de service par lieu et par axe, semaine et mois, face aux objectifs)'],
      ['--programme ID', 'le programme (obligatoire)'],
      ['--year AAAA', "l'année (1900 à 2200)"],
      ['--action ID', "l'action"],
      ['--applicant ID', 'le porteur de la demande (budget, funding-plan)'],
      ['--as-of POSITION', 'le registre tel qu’il était juste après cette position'],
      ['--as-of-date DATE', 'ou à une date (AAAA-MM-JJ : jusqu’à la fin de ce jour en UTC) ou un instant ISO 8601 avec son fuseau : après le dernier événement enregistré à cet instant ou avant'],
      ['--out FICHIER', 'le fichier écrit (défaut CLASSEUR-PROGRAMME[-ACTION][-ANNÉE].xlsx)'],
      ['--status S', 'budget : planned, actual ou both ; funding-plan : consolidated, planned ou actual'],
      ['--include I', 'active (défaut) ou validated'],
      ['--codes C', 'budget : cerfa (défaut) ou anc'],
      ['--public-cap P', 'budget : plafond des aides publiques en % (défaut 100)'],
      ['--eu-cap P', 'budget : taux maximal de cofinancement de l’UE en % du coût éligible (défaut 85)'],
      ['--in-kind-eligible', 'budget : le bénévolat valorisé compte dans le coût éligible'],
      ['--chef-de-file', 'budget : contrôle 4 à 30 % (chef de file) au lieu de 20 %'],
      ['--form F', 'budget : cerfa-12156 (association, prévisionnel), cerfa-15059 (compte rendu financier) ou plan-de-financement (personne publique) ; défaut : celui du demandeur'],
      DATA,
    ],
    examples: [
      'npx socle export budget --programme rafcom --action a02 --year 2025 --out budget.xlsx',
      'npx socle export contributions --programme rafcom --year 2024',
      'npx socle export funding-plan --programme acte3 --applicant ccas',
      'npx socle export journal --programme rafcom --as-of 500',
    ],
  },
  dossier: {
    summary: 'le dossier d’un demandeur pour un financeur (zip : son formulaire, ses fiches action, ses contributions, un manifeste), et sa vérification',
    usage: [
      'socle dossier --programme ID --applicant ID [--action ID] [--year AAAA] [--status planned|actual|both] [--as-of POSITION] --out FICHIER.zip [--data DIR]',
      'socle dossier verify FICHIER.zip [--data DIR]',
    ],
    options: [
      ['--programme ID', 'le programme (obligatoire)'],
      ['--applicant ID', 'le demandeur (obligatoire) : son formulaire est le sien (Cerfa d’association ou plan de financement)'],
      ['--action ID', "l'action"],
      ['--year AAAA', "l'année (1900 à 2200)"],
      ['--status S', 'planned (défaut : une demande), actual ou both (un compte rendu)'],
      ['--as-of POSITION', 'le registre tel qu’il était juste après cette position'],
      ['--out FICHIER.zip', 'le zip écrit (refusé s’il existe déjà)'],
      DATA,
    ],
    examples: [
      'npx socle dossier --programme rafcom --applicant rafcom --action a05 --out dossier-detr.zip',
      'npx socle dossier --programme rafcom --applicant canopee --action a11 --year 2026 --out dossier-canopee.zip',
      'npx socle dossier verify dossier-detr.zip',
    ],
  },
  totals: {
    summary: 'le document des totaux, en JSON',
    usage: ['socle totals --programme ID [--status planned|actual] [--year AAAA] [--action ID] [--include active|validated] [--as-of POSITION | --as-of-date DATE] [--data DIR]'],
    options: [
      ['--programme ID', 'le programme (obligatoire)'],
      ['--status S', 'actual (réalisé, défaut) ou planned (prévu)'],
      ['--year AAAA', "l'année (1900 à 2200)"],
      ['--action ID', "l'action"],
      ['--include I', 'active (défaut) ou validated'],
      ['--as-of POSITION', 'le registre tel qu’il était juste après cette position'],
      ['--as-of-date DATE', 'ou à une date (AAAA-MM-JJ : jusqu’à la fin de ce jour en UTC) ou un instant ISO 8601 avec son fuseau : après le dernier événement enregistré à cet instant ou avant'],
      DATA,
    ],
    examples: ['npx socle totals --programme rafcom --year 2024', 'npx socle totals --programme acte3 --status planned --as-of 500',
      'npx socle totals --programme rafcom --as-of-date 2025-01-31',
    ],
  },
  diff: {
    summary: 'ce qui a changé entre deux positions ou dates : chaque chiffre des totaux et du budget, et les événements qui l’ont fait bouger',
    usage: ['socle diff --programme ID --from POSITION|DATE [--to POSITION|DATE] [--year AAAA] [--action ID] [--include active|validated] [--json] [--data DIR]'],
    options: [
      ['--programme ID', 'le programme (obligatoire)'],
      ['--from POSITION|DATE', 'le point de départ : une position du journal, une date AAAA-MM-JJ ou un instant ISO 8601 (obligatoire)'],
      ['--to POSITION|DATE', 'le point d’arrivée (défaut : la dernière position)'],
      ['--year AAAA', "l'année (1900 à 2200)"],
      ['--action ID', "l'action"],
      ['--include I', 'active (défaut) ou validated'],
      ['--json', 'le document en JSON plutôt qu’en lignes'],
      DATA,
    ],
    examples: ['npx socle diff --programme rafcom --from 500', 'npx socle diff --programme acte3 --from 2025-01-31 --to 2025-06-30'],
  },
  closing: {
    summary: 'clôt une année du programme, la rouvre, fixe la règle des écarts, montre son compte clos et les écarts postérieurs',
    usage: [
      'socle closing close --programme ID --year AAAA --reason TEXTE [--data DIR]',
      'socle closing reopen --programme ID --year AAAA --reason TEXTE [--data DIR]',
      'socle closing policy --programme ID --policy allow|require-reason|refuse [--data DIR]',
      'socle closing show --programme ID --year AAAA [--json] [--data DIR]',
    ],
    options: [
      ['--programme ID', 'le programme (obligatoire)'],
      ['--year AAAA', 'l’année close ou à clore'],
      ['--reason TEXTE', 'le motif (obligatoire pour clore et rouvrir)'],
      ['--policy P', 'allow (défaut : écarts acceptés, chacun listé), require-reason (seulement corrections, retraits et rejets, qui portent un motif) ou refuse'],
      ['--json', 'show : le compte en JSON'],
      DATA,
    ],
    examples: ['npx socle closing close --programme acte3 --year 2024 --reason "compte rendu 2024 envoyé"', 'npx socle closing show --programme acte3 --year 2024'],
  },
  scenarios: {
    summary: 'scénarios « et si » : les crée, les modifie, ajoute et retire leurs hypothèses, les copie, les archive, et les montre à côté du plan réel (jamais dans ses chiffres)',
    usage: [
      'socle scenarios show --programme ID [--year AAAA] [--status planned|actual] [--as-of POSITION|--as-of-date DATE] [--all] [--json] [--data DIR]',
      'socle scenarios export --programme ID [--year AAAA] [--status planned|actual] [--as-of POSITION|--as-of-date DATE] [--all] [--out FICHIER.xlsx] [--data DIR]',
      'socle scenarios draft --programme ID --id ID --title TITRE [--description TEXTE] [--as-of POSITION|--as-of-date DATE] [--data DIR]',
      'socle scenarios edit --programme ID --scenario ID [--title TITRE] [--description TEXTE] [--data DIR]',
      'socle scenarios fact --programme ID --scenario ID --id ID --fact JSON [--data DIR]',
      'socle scenarios remove-fact --programme ID --scenario ID --fact ID --reason TEXTE [--data DIR]',
      'socle scenarios copy --programme ID --scenario ID --id ID --title TITRE [--data DIR]',
      'socle scenarios archive --programme ID --scenario ID --reason TEXTE [--data DIR]',
    ],
    options: [
      ['--programme ID', 'le programme (obligatoire)'],
      ['--scenario ID', 'le scénario (edit, fact, remove-fact, copy, archive)'],
      ['--id ID', 'le nouveau scénario (draft, copy) ou l’hypothèse (fact)'],
      ['--title TITRE', 'draft, copy : le titre ; edit : le nouveau titre (sans lui, le titre reste)'],
      ['--description TEXTE', 'draft, copy : la description ; edit : la nouvelle (sans elle, elle reste ; vide, elle est effacée)'],
      ['--fact JSON', 'fact : une hypothèse, p. ex. {"kind":"staff-per-site","hoursPerSite":"1607","year":2025,"status":"planned"} (docs/api.md, « Scénarios ») ; remove-fact : l’identifiant de l’hypothèse retirée'],
      ['--reason TEXTE', 'remove-fact, archive : le motif (obligatoire)'],
      ['--year AAAA', 'show : l’année comparée'],
      ['--status S', 'show : planned (défaut) ou actual'],
      ['--all', 'show, export : les scénarios archivés aussi'],
      ['--out FICHIER', 'export : le classeur (défaut scenarios-ID.xlsx)'],
      ['--json', 'show : la comparaison en JSON'],
      DATA,
    ],
    examples: ['npx socle scenarios show --programme acte3 --year 2025', 'npx socle scenarios draft --programme acte3 --id sobriete --title "Sobriété"'],
  },
  service: {
    summary: 'heures de service, objectifs, indicateurs et mesures : les enregistrer, les corriger, les retirer ; lire les heures d’une date et les indicateurs',
    usage: [
      'socle service schedule --programme ID --id ID --site S --axis A --hours H --from AAAA-MM-JJ [--until AAAA-MM-JJ] [--note TEXTE]',
      'socle service correct-schedule … (mêmes options) --reason TEXTE  ·  socle service withdraw-schedule --programme ID --id ID --reason TEXTE',
      'socle service target --programme ID --id ID --label TEXTE (--value H | --multiplier M) --baseline-on AAAA-MM-JJ --due AAAA-MM-JJ [--site S] [--axis A]',
      'socle service correct-target … (mêmes options) --reason TEXTE',
      'socle service indicator --programme ID --id ID --action A --label TEXTE --unit U --baseline V --baseline-on AAAA-MM-JJ --target V --due AAAA-MM-JJ --direction increase|decrease',
      'socle service correct-indicator … (mêmes options) --reason TEXTE',
      'socle service measurement --programme ID --id ID --indicator I --value V --from AAAA-MM-JJ --to AAAA-MM-JJ [--evidence TEXTE]',
      'socle service correct-measurement … (mêmes options) --reason TEXTE  ·  socle service withdraw-measurement --programme ID --id ID --reason TEXTE',
      'socle service show --programme ID [--date AAAA-MM-JJ] [--as-of POSITION] [--json] [--data DIR]',
      'socle service indicators --programme ID [--action A] [--date AAAA-MM-JJ] [--as-of POSITION] [--json] [--data DIR]',
    ],
    options: [
      ['--programme ID', 'le programme (obligatoire)'],
      ['--id ID', 'l’identifiant du fait : le même une seconde fois, à l’identique, n’écrit rien'],
      ['--reason TEXTE', 'le motif (obligatoire pour corriger et retirer)'],
      ['--date AAAA-MM-JJ', 'show, indicators : le jour lu (défaut : aujourd’hui, tenu dans la période du programme)'],
      ['--as-of POSITION', 'show, indicators : le registre tel qu’il était à cette position'],
      ['--json', 'show, indicators : les rapports en JSON'],
      DATA,
    ],
    examples: [
      'npx socle service schedule --programme rafcom --id retiers-9 --site fablab-retiers --axis a1 --hours 9 --from 2024-09-01 --note "mercredi après-midi ajouté"',
      'npx socle service show --programme rafcom --date 2024-10-01',
    ],
  },
  verify: {
    summary: "vérifie la chaîne d'empreintes, le rejeu, les points de contrôle signés : ok ÉVÉNEMENTS EMPREINTE",
    usage: ['socle verify [--against POSITION:EMPREINTE|CLASSEUR.xlsx] [--key FICHIER] [--data DIR]'],
    options: [
      ['--against TAMPON', "prouve que le journal d'aujourd'hui prolonge ce tampon (une position et une empreinte, ou un classeur dont la feuille Provenance les donne)"],
      ['--key FICHIER', 'la clé de signature, ou sa moitié publique FICHIER.pub (défaut SOCLE_KEY_FILE, puis ~/.config/socle/)'],
      DATA,
    ],
    examples: ['npx socle verify', 'npx socle verify --against out/budget-rafcom.xlsx', 'npx socle verify --against 1157:3f5a…'],
  },
  checkpoint: {
    summary: 'signe la tête du journal (point de contrôle Ed25519)',
    usage: ['socle checkpoint [--key FICHIER] [--data DIR]'],
    options: [['--key FICHIER', 'la clé de signature (défaut SOCLE_KEY_FILE, puis ~/.config/socle/ ; créée au premier usage)'], DATA],
    examples: ['npx socle checkpoint'],
  },
  log: {
    summary: 'exporte ou importe tout le journal (JSON Lines)',
    usage: ['socle log export --out FICHIER [--data DIR]', 'socle log import FICHIER [--data DIR]'],
    options: [['--out FICHIER', 'le fichier écrit (refusé s’il existe déjà)'], DATA],
    examples: ['npx socle log export --out ledger.jsonl', 'npx socle log import ledger.jsonl --data /srv/copie'],
  },
  import: {
    summary: 'importe un tableau de contributions (.xlsx, .csv) ou un export d’activités de La Coop',
    usage: ['socle import contributions FICHIER --programme ID [--partner ID] [--mapping M.json] [--dry-run] [--report RAPPORT.xlsx] [--data DIR]'],
    options: [
      ['--programme ID', 'le programme qui reçoit les contributions'],
      ['--partner ID', 'le partenaire des lignes qui n’en nomment pas (un export de La Coop : la structure du médiateur)'],
      ['--mapping M.json', 'les colonnes et les mots du fichier, quand l’en-tête ne suffit pas (docs/import.md)'],
      ['--dry-run', 'lit, vérifie et rend compte, sans rien écrire'],
      ['--report RAPPORT.xlsx', 'écrit les lignes refusées et leurs motifs, à corriger et renvoyer'],
      DATA,
    ],
    examples: [
      'npx socle import contributions contributions-2024.xlsx --programme acte3 --dry-run',
      'npx socle import contributions activites.xlsx --programme acte3 --partner ccas --report refus.xlsx',
    ],
  },
};

export const COMMAND_NAMES = Object.keys(HELP);

/** `socle --help`: every command with its usage lines. */
export function generalUsage(version: string): string {
  const lines = [`${version} — registre des contributions et budgets des réseaux d'inclusion numérique`, '', 'usage : socle COMMANDE [options] [--data DIR]', '', 'commandes :'];
  for (const [name, help] of Object.entries(HELP)) {
    lines.push(`  ${name.padEnd(8)} ${help.summary}`);
    for (const usage of help.usage) lines.push(`           ${usage}`);
  }
  lines.push('', 'socle help COMMANDE ou socle COMMANDE --help : les options et des exemples.', 'socle --version : la version.');
  return lines.join('\n');
}

/** `socle help COMMAND`: its usage, options and examples. */
export function commandUsage(name: string): string {
  const help = HELP[name]!;
  const width = Math.max(...help.options.map(([option]) => option.length));
  return [
    `socle ${name} — ${help.summary}`,
    '',
    'usage :',
    ...help.usage.map((u) => `  ${u}`),
    '',
    'options :',
    ...help.options.map(([option, what]) => `  ${option.padEnd(width)}  ${what}`),
    '',
    'exemples :',
    ...help.examples.map((e) => `  ${e}`),
  ].join('\n');
}
