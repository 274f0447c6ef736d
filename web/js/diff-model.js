// What the « Ce qui a changé » page reads and says, without the DOM: a stamp typed as a position or
// a French date (what GET /diff takes: digits, or AAAA-MM-JJ), and a figure's key said with the
// programme's names.
import { frToIso, isoToFr } from './forms.js';
import { KIND_LABELS } from './labels.js';
import { actionLabel, partnerName } from './setup-model.js';

/** What is said of a stamp that is neither a position nor a day. */
export const BAD_STAMP = 'position du registre (un nombre entier) ou date au format JJ/MM/AAAA attendue, par exemple 31/01/2025';

/**
 * A stamp as typed → what the API takes: "12" stays "12", "31/01/2025" becomes "2025-01-31";
 * '' when empty; null when it is neither (a 31/02/2025 is no day).
 * @param {string} typed
 * @returns {string | null}
 */
export function stampOfTyped(typed) {
  const text = typed.trim();
  if (text === '') return '';
  if (/^\d{1,15}$/.test(text)) return text;
  return frToIso(text);
}

/** What the API took → what the field shows ("2025-01-31" → "31/01/2025"). @param {string} stamp */
export function typedOfStamp(stamp) {
  return isoToFr(stamp);
}

const STATUS_WORDS = { planned: 'prévu', actual: 'réalisé' };

/**
 * A totals figure's key (`actual:byPartner:caf`) said with the programme's names; a key of
 * another shape (a budget line's) keeps the server's label.
 * @param {string} key @param {string} label @param {import('./setup-model.js').Setup} setup
 */
export function figureLabel(key, label, setup) {
  const [status = '', dimension = '', id = ''] = key.split(':');
  const s = STATUS_WORDS[/** @type {'planned' | 'actual'} */ (status)] ?? status;
  const sentence = (/** @type {string} */ text) => `${s.charAt(0).toUpperCase()}${s.slice(1)} — ${text}`;
  switch (dimension) {
    case 'total':
      return `Total ${s}`;
    case 'byPartner':
      return sentence(`partenaire ${partnerName(setup, id)}`);
    case 'byKind':
      return sentence(`nature ${(KIND_LABELS[id] ?? id).toLowerCase()}`);
    case 'byAction':
      return sentence(id === 'none' ? 'hors action' : `action ${actionLabel(setup, id)}`);
    default:
      return label;
  }
}
