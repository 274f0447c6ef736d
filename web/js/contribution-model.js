// A contribution as the pages use it, from the API's list or detail answer.
import { centsToDecimal } from './decimal.js';

/**
 * @typedef {{ partnerId: string, kind: string, status: string, date: string, until?: string,
 *   quantity?: string, unit: string, amount?: string, rate?: string, rateBasis?: string, role?: string,
 *   actionId?: string, siteId?: string, description?: string, evidence?: string, taxBasis?: string,
 *   vatRecoverable?: boolean }} Content
 * @typedef {{ version: number, type: string, recordedAt: string, actor?: string, role?: string,
 *   reason?: string, content?: Content }} HistoryEntry
 * @typedef {{ id: string, content: Content, review: string, version: number, value: string | null,
 *   rateAmount?: string, rateBasis?: string, unvaluedReason?: string, recordedAt?: string,
 *   updatedAt?: string, history: HistoryEntry[] }} Contribution
 */

const CONTENT_KEYS = ['partnerId', 'kind', 'status', 'date', 'until', 'quantity', 'unit', 'amount', 'rate', 'rateBasis', 'role', 'actionId', 'siteId', 'description', 'evidence', 'taxBasis', 'vatRecoverable'];
export { CONTENT_KEYS };

/**
 * @param {any} raw
 * @returns {Contribution}
 */
export function normalizeContribution(raw) {
  /** @type {any} */
  let content = raw.content;
  if (!content) {
    content = {};
    for (const key of CONTENT_KEYS) if (raw[key] !== undefined && raw[key] !== null) content[key] = raw[key];
  }
  /** @type {string | null} */
  let value = null;
  if (typeof raw.value === 'string') value = raw.value;
  else if (typeof raw.valueCents === 'number') value = centsToDecimal(BigInt(raw.valueCents));
  // The valuation details sit in `valuation` (rate used, or why there is none).
  const valuation = raw.valuation ?? {};
  return {
    ...raw,
    rateAmount: raw.rateAmount ?? valuation.rateAmount,
    rateBasis: raw.rateBasis ?? valuation.rateBasis,
    unvaluedReason: raw.unvaluedReason ?? valuation.unvaluedReason,
    id: raw.contributionId ?? raw.id,
    content,
    review: raw.review ?? raw.state ?? 'pending',
    version: raw.version,
    value,
    history: Array.isArray(raw.history) ? raw.history : [],
  };
}

/**
 * The list answer: an array, or a page object `{ items | contributions, total }`.
 * @param {any} raw
 * @returns {{ items: Contribution[], total: number | null }}  total null when the answer does not say
 */
export function normalizeList(raw) {
  const items = Array.isArray(raw) ? raw : (raw.contributions ?? raw.items ?? []);
  const normalized = items.map(normalizeContribution);
  const total = !Array.isArray(raw) && typeof raw.total === 'number' ? raw.total : null;
  return { items: normalized, total };
}
