// The figures of service hours and indicators: hours a week at one site, targets in hours a week
// over a whole programme, indicators' values (counts, hours, people: never money). Decimal strings
// bounded like every other figure (limits.ts), so that sums stay exact in decimal.js and in cents.
import { z } from 'zod';
import { DECIMAL_PATTERN } from '../money.ts';
import { DecimalStringSchema, limitedDecimal } from '../schemas.ts';
import { limitBreach, type DecimalLimit } from '../limits.ts';

/** A week has 168 hours: no site offers more on one axis. */
export const HOURS_PER_WEEK_LIMIT: DecimalLimit = { max: '168', decimals: 2, unit: 'heures par semaine' };
/** A programme-wide target sums its sites: a few thousand sites at most. */
export const TARGET_HOURS_LIMIT: DecimalLimit = { max: '1000000', decimals: 2, unit: 'heures par semaine' };
/** "Double the hours": a factor applied to the baseline. */
export const MULTIPLIER_LIMIT: DecimalLimit = { max: '100', decimals: 2, unit: 'fois la référence' };
/** An indicator's value: visits, hours, loans, people. Zero is a value (a baseline of none). */
export const INDICATOR_LIMIT: DecimalLimit = { max: '1000000000', decimals: 2, unit: 'unités' };

/** A decimal string of at least zero within `limit` (limitedDecimal refuses zero: a baseline may be zero). */
export function nonNegativeDecimal(limit: DecimalLimit) {
  return DecimalStringSchema.superRefine((value, context) => {
    if (!DECIMAL_PATTERN.test(value)) return;
    if (/^0(\.0+)?$/.test(value)) return;
    const breach = limitBreach(value, limit);
    if (breach !== undefined) context.addIssue({ code: 'custom', message: breach === 'doit être strictement positif' ? 'doit être positif ou nul' : breach });
  });
}

// One instance of each, so that the OpenAPI document can say each one's rule as a pattern
// (src/api/service-openapi.ts): a refine has no JSON Schema form.
export const HoursPerWeekSchema = limitedDecimal(HOURS_PER_WEEK_LIMIT);
export const TargetHoursSchema = limitedDecimal(TARGET_HOURS_LIMIT);
export const MultiplierSchema = limitedDecimal(MULTIPLIER_LIMIT);
export const IndicatorValueSchema = nonNegativeDecimal(INDICATOR_LIMIT);
