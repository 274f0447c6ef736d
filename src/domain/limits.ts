// The bounds on every figure a contribution or a rate can carry: one module, read by the event
// schemas (schemas.ts: what can be stored at all), the contribution decider (content.ts) and the
// rate set-up (programme/decider.ts), and the API's request schemas, so the API, the command line,
// the demo and `socle log import` all meet the same rule with the same French message.
//
// | figure                        | bound                   | decimals |
// |-------------------------------|-------------------------|----------|
// | quantity (hours, half-days, days, months) | > 0, ≤ 10 000 units | 2 |
// | rate, own or programme's      | > 0, ≤ 1 000 € per unit | 4 (loaded hourly costs such as 16.8925 €) |
// | amount (cash, prestation, gift) | > 0, ≤ 10 000 000 €   | 2 (cents) |
// | value of one contribution     | ≤ 10 000 000 €          | 2 (rounded once) |
//
// Why the value bound needs no check of its own: a contribution's value is resolved at read time
// (quantity × the rate that applies then), and a rate set later revalues contributions recorded
// earlier, so a check when recording could be undone by the next rate. Instead the bounds are
// chosen so that MAX_QUANTITY × MAX_RATE_EUR = MAX_VALUE_EUR = MAX_AMOUNT_EUR: whatever rate is ever
// set, no contribution is worth more than 10 000 000.00 € = 10^9 cents (asserted below). The seeds'
// dearest figures are far below: 1 301 hours, 80 € a unit, a 24 600 € grant.
//
// Why no accepted log can overflow a sum: the read model sums values in integer cents as JavaScript
// numbers, exact up to Number.MAX_SAFE_INTEGER = 9 007 199 254 740 991 cents. One contribution
// weighs at most 10^9 cents, so any sum of at most 9 007 199 contributions is exact, even were
// every one at the maximum. Every sum the read model makes is within one programme (its aggregate
// cells, totals, budget and funding-plan lines: subsets of the programme's contributions, each
// counted once a side), and a programme takes at most MAX_CONTRIBUTIONS_PER_PROGRAMME = 1 000 000
// contributions (a network records a few thousand a year): 10^15 cents at most, nine times below
// the bound. The cap is checked against the read model the writer has (commands.ts) and by
// `socle log import` (import-domain-check.ts); writes in flight on other servers while one checks
// can pass it by as many as they are, which the 8 million contributions of slack absorb.
import { DECIMAL_PATTERN, dec } from './money.ts';

export interface DecimalLimit {
  /** The largest value allowed, as a decimal string. */
  readonly max: string;
  /** Digits allowed after the point. */
  readonly decimals: number;
  /** The unit in the French message: "au plus 10 000 unités". */
  readonly unit: string;
}

export const QUANTITY_LIMIT: DecimalLimit = { max: '10000', decimals: 2, unit: 'unités' };
export const RATE_LIMIT_EUR: DecimalLimit = { max: '1000', decimals: 4, unit: '€ par unité' };
export const AMOUNT_LIMIT_EUR: DecimalLimit = { max: '10000000', decimals: 2, unit: '€' };
/** The most one contribution can be worth, by construction (see the header). */
export const MAX_VALUE_EUR = '10000000';

if (!dec(QUANTITY_LIMIT.max).times(RATE_LIMIT_EUR.max).eq(MAX_VALUE_EUR) || !dec(AMOUNT_LIMIT_EUR.max).eq(MAX_VALUE_EUR))
  throw new Error('invariant violated: the largest quantity at the largest rate must be the largest value');

/** The most contributions one programme takes (see the header): sums stay exact whatever their values. */
export const MAX_CONTRIBUTIONS_PER_PROGRAMME = 1_000_000;

if (MAX_CONTRIBUTIONS_PER_PROGRAMME * Number(MAX_VALUE_EUR) * 100 > Number.MAX_SAFE_INTEGER)
  throw new Error('invariant violated: a full programme at the largest value must sum exactly');

/** Why a programme already holding `count` contributions takes no new one, in French, or undefined. */
export function programmeFullBreach(count: number, max = MAX_CONTRIBUTIONS_PER_PROGRAMME): string | undefined {
  if (count < max) return undefined;
  return `le programme compte déjà ${frenchNumber(String(max))} contributions, le plus qu'il puisse en recevoir ; ouvrez un nouveau programme`;
}

/**
 * Why `value` breaks `limit`, in French, or undefined when it keeps to it. Only a decimal literal
 * (DECIMAL_PATTERN) is judged: the schemas' pattern refuses the rest with its own message.
 */
export function limitBreach(value: string, limit: DecimalLimit): string | undefined {
  if (!DECIMAL_PATTERN.test(value)) return undefined;
  const number = dec(value);
  if (number.lte(0)) return 'doit être strictement positif';
  const point = value.indexOf('.');
  if (point !== -1 && value.length - point - 1 > limit.decimals) return `au plus ${limit.decimals} décimales`;
  if (number.gt(limit.max)) return `au plus ${frenchNumber(limit.max)} ${limit.unit}`;
  return undefined;
}

// ---- imports (socle import contributions, POST …/imports): every bound refuses the file whole ----

/** 50 MiB: a network's spreadsheet of ten years is a few megabytes; an upload is held in memory once. */
export const MAX_IMPORT_FILE_BYTES = 50 * 1024 * 1024;
/** Rows of one file: a Coop export of a large network for a year is a few tens of thousands. */
export const MAX_IMPORT_ROWS = 200_000;
/** Columns of one row, and characters of one cell (a comment is a few lines). */
export const MAX_COLUMNS = 200;
export const MAX_CELL_CHARS = 10_000;
/** Rows decided and appended together: one store append (appendMany, one transaction) per batch. */
export const IMPORT_BATCH_ROWS = 500;

// ---- the fiche action (ActionSheetSet): what a coordinator writes of an action ----

/** Characters of one of the fiche's texts (services concernés, enjeux, objectifs): a paragraph or a short list. */
export const MAX_SHEET_TEXT_CHARS = 2000;
/** Steps of a fiche's calendar: a quarterly step over a four-year roadmap is sixteen. */
export const MAX_CALENDAR_STEPS = 24;

/** 10000000 → "10 000 000" (digits grouped by three, as French writes them). */
function frenchNumber(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+$)/g, ' ');
}
