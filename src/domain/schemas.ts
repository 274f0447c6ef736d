// Zod building blocks shared by event schemas and request schemas: ids, dates, decimals, bounded text.
import { z } from 'zod';
import { DECIMAL_PATTERN, dec } from './money.ts';

export const MAX_TEXT_LENGTH = 2000;
export const MAX_NAME_LENGTH = 200;

/** A client-chosen id: a slug or a UUID. */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, 'expected a slug or UUID (letters, digits, . _ -, at most 80)');

/** A real calendar date written YYYY-MM-DD (2024-02-30 is refused). */
export const DateSchema = z.string().refine(isCalendarDate, 'expected a real date written YYYY-MM-DD');

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
  .regex(DECIMAL_PATTERN, 'expected a decimal string such as "1234.50" (at most 15 digits before the point, 6 after)');

export const PositiveDecimalSchema = DecimalStringSchema.refine(
  (v) => !v.startsWith('-') && !/^0(\.0*)?$/.test(v),
  'must be strictly positive',
);

export const NameSchema = z.string().trim().min(1, 'must not be empty').max(MAX_NAME_LENGTH);
export const TextSchema = z.string().max(MAX_TEXT_LENGTH);

/**
 * Upper bounds on magnitudes, tighter than the 15 digits of a decimal string. The read model sums
 * values in integer cents that must stay below 2^53 (about 90 trillion euros): a single absurd
 * figure, once stored, would stop every replay of the log for good, since events are never
 * rewritten. 100 000 units at 100 000 € each is ten billion euros, far beyond any digital-inclusion
 * budget, so no honest figure is refused. The same bounds as the API's (src/api/schemas.ts).
 */
export const MAX_QUANTITY = '100000';
export const MAX_RATE_EUR = '100000';
export const MAX_AMOUNT_EUR = '100000000';

export function positiveDecimalAtMost(max: string) {
  // zod runs every check even after the pattern failed: only a plain decimal reaches decimal.js
  // (which throws on "1,5"); the pattern's own message already refuses the others. The bound is
  // parsed once, not at every check.
  const limit = dec(max);
  return PositiveDecimalSchema.refine((v) => !DECIMAL_PATTERN.test(v) || dec(v).lte(limit), `must be at most ${max}`);
}
