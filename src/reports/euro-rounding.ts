// Whole euros whose printed totals still balance. The Cerfa asks for amounts without cents; rounding
// each line on its own can make the printed lines disagree with the printed total by a few euros.
// Largest remainder instead: every line goes down to the euro, then the euros still missing to reach
// the rounded exact total go one by one to the lines that lost the most cents (ties: the earlier
// line). Works on integer cents (money.ts does the euro arithmetic), so nothing here is a float.
import { assert } from '../domain/errors.ts';
import { eurosAndCentsLeft, eurosHalfAwayFromZero, sumCents, type Cents } from '../domain/money.ts';

/**
 * Whole euros for each amount (non-negative integer cents) so that their sum is the exact sum
 * rounded to the euro, each one at most 1 € away from its exact value (less than 1 € down, at most
 * 1 € up). Deterministic: depends only on the amounts and their order.
 */
export function eurosByLargestRemainder(cents: readonly Cents[]): number[] {
  for (const c of cents) assert(c >= 0, `largest remainder needs non-negative whole cents, not ${c}`);
  const split = cents.map(eurosAndCentsLeft);
  const euros = split.map((s) => s.euros);
  let missing = eurosHalfAwayFromZero(sumCents(cents)) - euros.reduce((a, b) => a + b, 0);
  assert(missing >= 0 && missing <= cents.length, 'largest remainder out of range');
  const order = split.map((s, index) => ({ index, remainder: s.left })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (missing === 0) break;
    euros[index]! += 1;
    missing -= 1;
  }
  return euros;
}
