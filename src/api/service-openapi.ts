// The rules of the service figures (src/domain/service/figures.ts) as patterns for the OpenAPI
// document (openapi.ts): their zod refines have no JSON Schema form.
import type { z } from 'zod';
import { HOURS_PER_WEEK_LIMIT, HoursPerWeekSchema, INDICATOR_LIMIT, IndicatorValueSchema, MULTIPLIER_LIMIT, MultiplierSchema, TARGET_HOURS_LIMIT, TargetHoursSchema } from '../domain/service/figures.ts';

/** (0, 168] with two decimals, no leading zero: 1–99, 100–159, 160–167, a fraction of 0, or 168 itself. */
const HOURS_PATTERN = '^(?:(?:[1-9]\\d?|1[0-5]\\d|16[0-7])(?:\\.\\d{1,2})?|0\\.(?:0[1-9]|[1-9]\\d?)|168(?:\\.0{1,2})?)$';

export function servicePatterns(limitPattern: (limit: typeof INDICATOR_LIMIT) => string): [z.ZodType, string][] {
  if (HOURS_PER_WEEK_LIMIT.max !== '168' || HOURS_PER_WEEK_LIMIT.decimals !== 2) throw new Error('HOURS_PATTERN says 168 with two decimals');
  const inner = (pattern: string) => pattern.slice(1, -1);
  return [
    [HoursPerWeekSchema, HOURS_PATTERN],
    [TargetHoursSchema, limitPattern(TARGET_HOURS_LIMIT)],
    [MultiplierSchema, limitPattern(MULTIPLIER_LIMIT)],
    // Zero too (a baseline of none), written with up to six decimals as DECIMAL_PATTERN allows.
    [IndicatorValueSchema, `^(?:0(?:\\.0{1,6})?|${inner(limitPattern(INDICATOR_LIMIT))})$`],
  ];
}
