// The French lines the command line prints for people (errors and summaries). Machine outputs keep
// their stable shape elsewhere: `ok N HASH` of verify, the JSON of totals, the token alone on the last
// line. One place, so the wording stays consistent from one command to the next.

export const messages = {
  noLedger: (dataDir: string) => `aucun registre dans ${dataDir} (donnez --data DIR, ou lancez d'abord socle demo)`,
  unknownCommand: (name: string) => `commande inconnue « ${name} » (voir socle --help)`,
  noHelpFor: (name: string) => `pas d'aide pour « ${name} » : ce n'est pas une commande (voir socle --help)`,
  unknownOption: (command: string, option: string) => `option inconnue ${option} (voir socle help ${command})`,
  optionNeedsValue: (option: string) => `${option} attend une valeur`,
  optionTakesNoValue: (option: string) => `${option} ne prend pas de valeur`,
  unexpectedArgument: (argument: string) => `argument inattendu « ${argument} »`,
  wholeNumber: (name: string, min: number, max: number, value: string) => `--${name} doit être un nombre entier de ${min} à ${max}, pas « ${value} »`,
} as const;
