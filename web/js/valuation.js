// The value a contribution will get, shown before it is sent. Same precedence as the server
// (src/domain/valuation.ts): the contribution's own rate, then the partner's rate for the kind (its
// role first), then the programme's rate for the kind (role first), taken at the contribution's
// date; among equals the latest validity start, then the rate set last. The server's answer is the
// truth; this only lets people see what they are about to record.
import { isMoneyKind } from './labels.js';
import { multiplyToCents, toCents } from './decimal.js';

/**
 * @typedef {{ rateId: string, kind: string, unit: string, amount: string, validFrom: string,
 *   validUntil?: string, partnerId?: string, role?: string, basis: string, sequence: number }} Rate
 * @typedef {{ partnerId: string, kind: string, unit: string, date: string, quantity?: string,
 *   amount?: string, rate?: string, role?: string }} Draft
 * @typedef {{ cents: bigint | null, rate?: Rate, own?: boolean, reason?: string }} Preview
 */

/**
 * @param {Rate} rate
 * @param {Draft} draft
 * @returns {number | undefined} lower is more specific; undefined when the rate does not apply
 */
function tierOf(rate, draft) {
  if (rate.kind !== draft.kind || rate.unit !== draft.unit) return undefined;
  if (rate.validFrom > draft.date || (rate.validUntil !== undefined && draft.date > rate.validUntil)) return undefined;
  if (rate.role !== undefined && rate.role !== draft.role) return undefined;
  if (rate.partnerId !== undefined && rate.partnerId !== draft.partnerId) return undefined;
  return (rate.partnerId !== undefined ? 0 : 2) + (rate.role !== undefined ? 0 : 1);
}

/**
 * @param {Rate[]} rates
 * @param {Draft} draft
 * @returns {Rate | undefined}
 */
export function selectRate(rates, draft) {
  /** @type {Rate | undefined} */
  let best;
  let bestTier = Infinity;
  for (const rate of rates) {
    const tier = tierOf(rate, draft);
    if (tier === undefined) continue;
    if (
      tier < bestTier ||
      (tier === bestTier && best !== undefined && (rate.validFrom > best.validFrom || (rate.validFrom === best.validFrom && rate.sequence > best.sequence)))
    ) {
      best = rate;
      bestTier = tier;
    }
  }
  return best;
}

/**
 * The value the draft would get now; `cents` null when it cannot be valued (and `reason` says why).
 * @param {Draft} draft  decimal fields already normalized ("2.5"), or absent
 * @param {Rate[]} rates
 * @returns {Preview}
 */
export function previewValue(draft, rates) {
  if (isMoneyKind(draft.kind)) {
    return draft.amount ? { cents: toCents(draft.amount) } : { cents: null, reason: 'missing' };
  }
  if (!draft.quantity) return { cents: null, reason: 'missing' };
  if (draft.rate) return { cents: multiplyToCents(draft.quantity, draft.rate), own: true };
  if (!draft.date) return { cents: null, reason: 'missing' };
  const rate = selectRate(rates, draft);
  if (!rate) return { cents: null, reason: 'no-rate' };
  return { cents: multiplyToCents(draft.quantity, rate.amount), rate };
}

/**
 * The rates as the programme set-up lists them, whatever the exact field names, in the order set.
 * @param {any[]} raw
 * @returns {Rate[]}
 */
export function normalizeRates(raw) {
  return raw.map((r, index) => ({
    ...r,
    rateId: r.rateId ?? r.id,
    sequence: typeof r.sequence === 'number' ? r.sequence : index,
  }));
}
