// Whole euros whose printed totals still balance. The Cerfa asks for amounts without cents; rounding
// each line on its own can make the printed lines disagree with the printed total by a few euros.
// Largest remainder instead: every line goes down to the euro, then the euros still missing to reach
// the rounded exact total go one by one to the lines that lost the most cents (ties: the earlier
// line). Works on integer cents, so nothing here is a float.
import { assert } from '../domain/errors.ts';

/** The exact total of `cents`, rounded to the euro half away from zero. */
export function roundedEuros(cents: number): number {
  assert(Number.isSafeInteger(cents), 'cents must be a whole number');
  const sign = cents < 0 ? -1 : 1;
  const magnitude = Math.abs(cents);
  return sign * (Math.floor(magnitude / 100) + (magnitude % 100 >= 50 ? 1 : 0));
}

/**
 * Whole euros for each amount (non-negative integer cents) so that their sum is the exact sum
 * rounded to the euro, each one at most 1 € away from its exact value (less than 1 € down, at most
 * 1 € up). Deterministic: depends only on the amounts and their order.
 */
export function eurosByLargestRemainder(cents: readonly number[]): number[] {
  let total = 0;
  for (const c of cents) {
    assert(Number.isSafeInteger(c) && c >= 0, `largest remainder needs non-negative whole cents, not ${c}`);
    total += c;
  }
  const euros = cents.map((c) => Math.floor(c / 100));
  let missing = roundedEuros(total) - euros.reduce((a, b) => a + b, 0);
  assert(missing >= 0 && missing <= cents.length, 'largest remainder out of range');
  const order = cents.map((c, index) => ({ index, remainder: c % 100 })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (missing === 0) break;
    euros[index]! += 1;
    missing -= 1;
  }
  return euros;
}
