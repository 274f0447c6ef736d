// Zod building blocks shared by event schemas and request schemas: ids, dates, decimals, bounded text.
import { z } from 'zod';
import { DECIMAL_PATTERN } from './money.ts';
import { limitBreach, type DecimalLimit } from './limits.ts';
// zod's own messages in French, for every schema built on these.
import '../messages/zod-fr.ts';

export const MAX_TEXT_LENGTH = 2000;
export const MAX_NAME_LENGTH = 200;

/** A client-chosen id: a slug or a UUID. */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, 'attendu un identifiant : lettres, chiffres, . _ -, 80 caractères au plus, commençant par une lettre ou un chiffre');

/** A real calendar date written YYYY-MM-DD (2024-02-30 is refused). */
export const DateSchema = z.string().refine(isCalendarDate, 'attendu une date réelle écrite AAAA-MM-JJ, de 1900 à 2200');

export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** A decimal string with at most 15 integer digits and 6 decimals; never a JSON number (no float). */
export const DecimalStringSchema = z
  .string()
  .regex(DECIMAL_PATTERN, 'attendu un nombre décimal écrit entre guillemets, comme "1234.50" (pas d\'exposant, au plus 15 chiffres avant le point et 6 après)');

// Characters no free text may hold: they corrupt the workbooks (XML 1.0 forbids the C0 controls
// but tab, line feed and carriage return, and U+FFFE, U+FFFF and lone surrogates), or are invisible
// controls nobody means to type (DEL, the C1 controls U+0080–U+009F). A name is one line: no tab,
// no line break at all. A long text (description, evidence) may have tabs and line breaks, written
// as line feeds: a carriage return would come back from a workbook as a line feed (XML turns
// CR LF into LF), so the text would no longer be the one recorded.
const FORBIDDEN_IN_LINE = /[\x00-\x1F\x7F-\x9F\uFFFE\uFFFF]|\p{Cs}/u;
const FORBIDDEN_IN_TEXT = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uFFFE\uFFFF]|\p{Cs}/u;

export type TextKind = 'line' | 'text';

/** Why `text` may not be stored as a name ('line') or a long text ('text'), in French; undefined if it may. */
export function forbiddenCharacter(text: string, kind: TextKind): string | undefined {
  const found = (kind === 'line' ? FORBIDDEN_IN_LINE : FORBIDDEN_IN_TEXT).exec(text);
  if (found === null) return undefined;
  const code = `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (kind === 'text' && found[0] === '\r') return `contient un retour chariot (${code}) : marquer les fins de ligne par un simple saut de ligne (U+000A)`;
  return kind === 'line'
    ? `contient un caractère interdit (${code}) : un nom tient sur une ligne, sans tabulation, saut de ligne ni caractère de contrôle`
    : `contient un caractère interdit (${code}) : seuls la tabulation et le saut de ligne sont admis parmi les caractères de contrôle`;
}

const withoutForbidden = (kind: TextKind) => (schema: z.ZodString) =>
  schema.superRefine((text, context) => {
    const why = forbiddenCharacter(text, kind);
    if (why !== undefined) context.addIssue({ code: 'custom', message: why });
  });

export const NameSchema = withoutForbidden('line')(z.string().trim().min(1, 'ne doit pas être vide').max(MAX_NAME_LENGTH));
export const TextSchema = withoutForbidden('text')(z.string().max(MAX_TEXT_LENGTH));

/**
 * A strictly positive decimal string within `limit` (limits.ts): the bounds that keep every value
 * and every sum exact in integer cents, so that no stored figure can stop a replay.
 */
export function limitedDecimal(limit: DecimalLimit) {
  // zod runs every check even after the pattern failed: limitBreach judges only decimal literals.
  return DecimalStringSchema.superRefine((value, context) => {
    const breach = limitBreach(value, limit);
    if (breach !== undefined) context.addIssue({ code: 'custom', message: breach });
  });
}
