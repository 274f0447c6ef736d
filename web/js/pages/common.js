// Pieces shared by several pages.
import { describeError } from '../api.js';
import { h, notice, replaceChildren } from '../dom.js';
import { formatDecimalFr, formatEuros } from '../decimal.js';
import { KIND_LABELS, REVIEW_LABELS, STATUS_LABELS, frDate, unitAfter } from '../labels.js';

/**
 * The page shown when no programme exists yet (or none is visible to this role).
 * @param {import('../app.js').Ctx} ctx
 * @param {string} title
 */
export function noProgramme(ctx, title) {
  return h(
    'section',
    { class: 'page' },
    h('h1', null, title),
    h(
      'p',
      { class: 'notice notice-info' },
      ctx.me.role === 'coordinator'
        ? h('span', null, 'Aucun programme pour l’instant. ', h('a', { href: '#/parametrage' }, 'Créez-en un dans le paramétrage'), '.')
        : 'Aucun programme ne vous est ouvert pour l’instant. Rapprochez-vous de la coordination du réseau.',
    ),
  );
}

/**
 * "2,5 h" or "1 250,00 €": what was given, in its unit.
 * @param {import('../contribution-model.js').Content} content
 */
export function quantityText(content) {
  if (content.amount !== undefined) return formatEuros(content.amount);
  if (content.quantity !== undefined) return `${formatDecimalFr(content.quantity)}\u00a0${unitAfter(content.quantity, content.unit)}`;
  return '';
}

/** @param {string | null} value */
export function valueText(value) {
  return value === null ? 'non valorisée' : formatEuros(value);
}

/** @param {import('../contribution-model.js').Content} content */
export function periodText(content) {
  return content.until ? `du ${frDate(content.date)} au ${frDate(content.until)}` : frDate(content.date);
}

/** @param {string} review */
export function reviewBadge(review) {
  return h('span', { class: `badge badge-${review}` }, REVIEW_LABELS[review] ?? review);
}

/** @param {string} status */
export function statusText(status) {
  return STATUS_LABELS[status] ?? status;
}

/** @param {string} kind */
export function kindText(kind) {
  return KIND_LABELS[kind] ?? kind;
}

/**
 * A heading and a body: one section of a page, labelled by its heading.
 * @param {string} title
 * @param {...any} children
 */
export function section(title, ...children) {
  const id = `s-${title.normalize('NFD').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`;
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/**
 * Fills a page's region with what `build` gives, the region marked busy meanwhile (screen readers
 * wait for it); a failure shows as the error's notice in its place.
 * @param {HTMLElement} region
 * @param {() => Promise<import('../dom.js').Child[]>} build
 */
export async function fillBusy(region, build) {
  region.setAttribute('aria-busy', 'true');
  try {
    replaceChildren(region, ...(await build()));
  } catch (error) {
    replaceChildren(region, notice('error', describeError(error)));
  } finally {
    region.removeAttribute('aria-busy');
  }
}
