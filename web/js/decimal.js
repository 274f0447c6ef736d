// Exact decimal arithmetic for the pages: amounts, quantities and rates stay decimal strings or
// BigInt counts of cents, never binary floats (0.1 + 0.2 must not reach a funder's figures).
// Mirrors src/domain/money.ts: a value is rounded once to the cent, half away from zero.

/** What the server accepts (src/domain/money.ts DECIMAL_PATTERN), without the sign. */
const PLAIN_DECIMAL = /^(0|[1-9]\d{0,14})(\.\d{1,6})?$/;
const SIGNED_DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * @typedef {{ digits: bigint, scale: number }} Dec  the value digits / 10^scale
 */

/**
 * Parses a decimal string such as "-12.345" exactly.
 * @param {string} text
 * @returns {Dec | null}
 */
export function parseDecimal(text) {
  const m = SIGNED_DECIMAL.exec(text);
  if (!m) return null;
  const fraction = m[3] ?? '';
  const magnitude = BigInt((m[2] ?? '0') + fraction);
  return { digits: m[1] ? -magnitude : magnitude, scale: fraction.length };
}

/**
 * What someone typed ("2,5", " 1 234,50 ", "007") as the server's decimal string ("2.5", "1234.50",
 * "7"), or null when it is not a plain positive-or-zero decimal with at most 15 + 6 digits.
 * @param {string} typed
 * @returns {string | null}
 */
export function normalizeDecimalInput(typed) {
  // French users group thousands with (narrow) no-break spaces and write a decimal comma.
  let text = typed.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  text = text.replace(/^0+(?=\d)/, '');
  return PLAIN_DECIMAL.test(text) ? text : null;
}

/** @param {bigint} n */
const abs = (n) => (n < 0n ? -n : n);

/**
 * Rounds digits / 10^shift to a whole number, half away from zero.
 * @param {bigint} digits
 * @param {number} shift  how many decimal places to drop (may be negative: adds zeros)
 */
function roundShift(digits, shift) {
  if (shift <= 0) return digits * 10n ** BigInt(-shift);
  const divisor = 10n ** BigInt(shift);
  const magnitude = abs(digits);
  let quotient = magnitude / divisor;
  if ((magnitude % divisor) * 2n >= divisor) quotient += 1n;
  return digits < 0n ? -quotient : quotient;
}

/**
 * A decimal string in whole cents, rounded half away from zero.
 * @param {string} text
 * @returns {bigint}
 */
export function toCents(text) {
  const d = parseDecimal(text);
  if (!d) throw new Error(`not a decimal: ${text}`);
  return roundShift(d.digits, d.scale - 2);
}

/**
 * quantity × rate in cents, computed exactly then rounded once (2.5 × 12.25 = 30.625 → 3063).
 * @param {string} quantity
 * @param {string} rate
 * @returns {bigint}
 */
export function multiplyToCents(quantity, rate) {
  const q = parseDecimal(quantity);
  const r = parseDecimal(rate);
  if (!q || !r) throw new Error(`not a decimal: ${!q ? quantity : rate}`);
  return roundShift(q.digits * r.digits, q.scale + r.scale - 2);
}

/**
 * Cents as the API's decimal string: 123450n → "1234.50".
 * @param {bigint} cents
 */
export function centsToDecimal(cents) {
  const sign = cents < 0n ? '-' : '';
  const text = abs(cents).toString().padStart(3, '0');
  return `${sign}${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** Narrow no-break space: the French thousands separator (what Intl's fr-FR prints too). */
const THIN = '\u202f';

/**
 * A decimal string in French notation, keeping every digit: "1234.5" → "1 234,5".
 * @param {string} text
 */
export function formatDecimalFr(text) {
  const m = SIGNED_DECIMAL.exec(text);
  if (!m) return text;
  const grouped = (m[2] ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, THIN);
  return `${m[1] ? '−' : ''}${grouped}${m[3] ? `,${m[3]}` : ''}`;
}

/**
 * Euros from a decimal string or a count of cents, to the cent: "1234.5" → "1 234,50 €".
 * @param {string | bigint} amount
 */
export function formatEuros(amount) {
  const cents = typeof amount === 'bigint' ? amount : toCents(amount);
  return `${formatDecimalFr(centsToDecimal(cents))}\u00a0€`;
}

/**
 * Exact sum of decimal strings, in cents.
 * @param {Iterable<string>} amounts
 */
export function sumCents(amounts) {
  let total = 0n;
  for (const a of amounts) total += toCents(a);
  return total;
}

/**
 * part / whole as a percentage for drawing (a bar's width); 0 when whole is 0. Display only: the
 * result never feeds back into an amount.
 * @param {bigint} part
 * @param {bigint} whole
 */
export function ratioPercent(part, whole) {
  if (whole <= 0n) return 0;
  const hundredths = (abs(part) * 10000n) / whole;
  return Math.min(100, Number(hundredths) / 100);
}
