// The French lines the command line prints for people (errors and summaries). Machine outputs keep
// their stable shape elsewhere: `ok N HASH` of verify, the JSON of totals, the token alone on the last
// line. One place, so the wording stays consistent from one command to the next. Numbers go through
// src/domain/french-format.ts.
import { frenchCount, frenchEuros, frenchPercent, frenchPlural } from '../domain/french-format.ts';

export const messages = {
  noLedger: (dataDir: string) => `aucun registre dans ${dataDir} (donnez --data DIR, ou lancez d'abord socle demo)`,
  unknownCommand: (name: string) => `commande inconnue « ${name} » (voir socle --help)`,
  noHelpFor: (name: string) => `pas d'aide pour « ${name} » : ce n'est pas une commande (voir socle --help)`,
  unknownOption: (command: string, option: string) => `option inconnue ${option} (voir socle help ${command})`,
  optionNeedsValue: (option: string) => `${option} attend une valeur`,
  optionTakesNoValue: (option: string) => `${option} ne prend pas de valeur`,
  unexpectedArgument: (argument: string) => `argument inattendu « ${argument} »`,
  wholeNumber: (name: string, min: number, max: number, value: string) => `--${name} doit être un nombre entier de ${min} à ${max}, pas « ${value} »`,
  importUsage: 'usage : socle import contributions FICHIER --programme ID [--partner ID] [--mapping M.json] [--dry-run] [--report RAPPORT.xlsx]',
  noSuchFile: (path: string) => `fichier introuvable : ${path}`,
  reportIsXlsx: '--report écrit un classeur : son nom finit par .xlsx',
  reportWritten: (path: string) => `lignes refusées et leurs motifs écrites dans ${path}`,
  scenarioEditNeedsChange: 'socle scenarios edit demande --title TITRE, --description TEXTE ou les deux (une description vide l’efface)',
} as const;

/** What `socle demo` prints. */
export const demoMessages = {
  loading: (dataDir: string, contributions: number) => `chargement du registre de démonstration dans ${dataDir} (${frenchPlural(contributions, 'contribution')})…`,
  progress: (done: number, total: number) => `  ${frenchCount(done)}/${frenchCount(total)} contributions`,
  wrote: (events: number, position: number, hash: string) => `${frenchPlural(events, 'événement écrit', 'événements écrits')} (${frenchCount(position)} dans le registre, empreinte ${hash})`,
  alreadyLoaded: (position: number, hash: string) => `registre de démonstration déjà chargé : rien d'écrit (${frenchPlural(position, 'événement')}, empreinte ${hash})`,
  totalsHeading: (programmeName: string, status: 'planned' | 'actual', total: string) => `\n${programmeName} — ${status === 'actual' ? 'réalisé' : 'prévu'}, toutes années — total ${frenchEuros(total)}`,
  partnerLine: (name: string, width: number, total: string, share: string) => `  ${name.padEnd(width)}  ${frenchEuros(total).padStart(16)}  ${frenchPercent(share).padStart(8)}`,
  unvalued: (count: number, partnerName: string, reason: string) => `  non valorisées : ${frenchPlural(count, 'contribution')}, p. ex. ${partnerName} — ${reason}`,
  workbookWritten: (path: string) => `  écrit ${path}`,
  workbookCurrent: (path: string) => `  déjà à jour ${path}`,
} as const;

/** What `socle verify` prints besides its `ok EVENTS HEADHASH` line (which keeps its shape). */
export const verifyMessages = {
  // A position is printed as digits alone: it is pasted into --as-of.
  brokenChain: (position: number | undefined, events: number) => `la chaîne d'empreintes casse à la position ${position} (sur ${frenchPlural(events, 'événement')}) : le journal a été modifié à cet endroit`,
  alteredSnapshot: (file: string, position: number, events: number) =>
    `le journal est intact (${frenchPlural(events, 'événement')}), mais l'instantané du modèle de lecture (${file}, position ${position}) ne correspond pas à une relecture du journal : il a été modifié ; supprimez-le et redémarrez le serveur`,
} as const;

/** What `socle export` prints once the file is complete. */
export const dossierMessages = {
  needs: (what: string) => `socle dossier demande ${what}`,
  status: (status: string) => `--status prend planned, actual ou both, pas « ${status} »`,
  noFolder: (out: string) => `impossible d’écrire ${out} : le dossier qui doit le contenir n’existe pas`,
  exists: (out: string) => `${out} existe déjà : choisissez un autre --out`,
  noFile: (file: string) => `${file} : fichier introuvable`,
  written: (path: string, position: number, hash: string, files: string[]) => `écrit ${path} (position ${position}, empreinte ${hash}) : ${files.join(', ')} et manifeste.json`,
  ledgerRewritten: (position: number, hash: string) => `le registre ne tient plus, à la position ${position}, l’événement d’empreinte ${hash} : il a été réécrit (lancez socle verify)`,
  differs: (name: string) => `diffère : ${name} n’est pas ce que le registre donne à la position du manifeste`,
  missing: (name: string) => `manquant : ${name} (listé par le manifeste)`,
  extra: (name: string) => `en trop : ${name} (absent du manifeste)`,
  verified: (files: number, position: number, hash: string) => `ok : les ${files} fichiers sont ceux du registre à la position ${position} (empreinte ${hash})`,
  notVerified: (position: number) => `non conforme : ce dossier n’est pas celui que le registre donne à la position ${position}`,
} as const;

export const exportMessages = {
  written: (path: string, position: number, hash: string) => `écrit ${path} (position ${position}, empreinte ${hash})`,
} as const;
