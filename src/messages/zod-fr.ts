// zod's own messages in French, for every parse in the process (the API, the command line, a log
// import): zod's French locale, and before it a few messages of our own for the issues people meet
// most, worded as the rest of Socle words them. A schema's own message (a regex's, a refine's)
// still comes first. Imported for its effect by domain/schemas.ts, which every schema builds on.
import { z } from 'zod';

const french = z.locales.fr();

z.config({
  localeError: french.localeError,
  customError: (issue) => {
    switch (issue.code) {
      case 'invalid_type':
        if (issue.input === undefined) return 'obligatoire';
        if (issue.expected === 'int') return 'attendu un nombre entier';
        if (issue.expected === 'string') return 'attendu un texte entre guillemets';
        if (issue.expected === 'number') return 'attendu un nombre';
        if (issue.expected === 'boolean') return 'attendu true ou false';
        if (issue.expected === 'object') return 'attendu un objet JSON';
        return undefined;
      case 'invalid_value':
        return issue.values.length === 1 ? `attendu ${JSON.stringify(issue.values[0])}` : `attendu l’une des valeurs : ${issue.values.map(String).join(', ')}`;
      case 'too_small':
        if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'ne doit pas être vide' : `au moins ${issue.minimum} caractères`;
        if (issue.origin === 'number') return `au moins ${issue.minimum}`;
        return undefined;
      case 'too_big':
        if (issue.origin === 'string') return `au plus ${issue.maximum} caractères`;
        if (issue.origin === 'number') return `au plus ${issue.maximum}`;
        if (issue.origin === 'array') return `au plus ${issue.maximum} éléments`;
        return undefined;
      case 'unrecognized_keys':
        return 'champ inconnu';
      default:
        return undefined;
    }
  },
});
