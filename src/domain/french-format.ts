// Dates and numbers as a French reader expects them, without a binary float anywhere: "12 345,60 €"
// (narrow no-break space between thousands), "55,95 %", "1 157", "04/03/2024". One module for the
// workbooks (src/exports/labels.ts re-exports it) and the command line's human output.

/** 2024-03-04 → 04/03/2024 */
export function frenchDate(isoDate: string): string {
  // The journal calls this for most of a million rows: YYYY-MM-DD, the form the domain keeps, is
  // sliced without an array; anything else takes the general way (the same result).
  if (isoDate.length === 10 && isoDate.indexOf('-') === 4 && isoDate.indexOf('-', 5) === 7 && isoDate.lastIndexOf('-') === 7) {
    return `${isoDate.slice(8)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
  }
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

const THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;

/** "12345.6" → "12 345,6" (narrow no-break space), without a float. */
export function frenchDecimal(value: string): string {
  const negative = value.startsWith('-');
  const [whole, fraction] = (negative ? value.slice(1) : value).split('.');
  // Three characters or fewer have no thousands to group (most quantities and rates).
  const grouped = whole!.length <= 3 ? whole! : whole!.replace(THOUSANDS, '\u202f');
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `,${fraction}`}`;
}

export function frenchEuros(amount: string): string {
  return `${frenchDecimal(amount)} €`;
}

/** A share in percent with its two decimals: "55.95" → "55,95 %". */
export function frenchPercent(share: string): string {
  return `${frenchDecimal(share)} %`;
}

/** A count: 1157 → "1 157". */
export function frenchCount(n: number): string {
  return frenchDecimal(String(n));
}

/** "1 contribution", "4 contributions": in French the plural starts at 2. */
export function frenchPlural(n: number, singular: string, plural = `${singular}s`): string {
  return `${frenchCount(n)} ${Math.abs(n) >= 2 ? plural : singular}`;
}
