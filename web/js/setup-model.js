// A programme's set-up (partners, axes, actions, sites, rates) as the pages use it, whatever the
// exact shape the API gives (arrays or maps keyed by id, `id` or `partnerId`…).
import { normalizeRates } from './valuation.js';

/**
 * @typedef {{ id: string, name: string, category: string }} Partner
 * @typedef {{ id: string, title: string }} Axis
 * @typedef {{ id: string, number: number, title: string, axisId?: string, pilotPartnerId?: string, nature: string }} Action
 * @typedef {{ id: string, name: string, partnerId?: string }} Site
 * @typedef {{ id: string, name: string, startsOn: string, endsOn: string, territory?: string,
 *   partners: Partner[], axes: Axis[], actions: Action[], sites: Site[],
 *   rates: import('./valuation.js').Rate[] }} Setup
 */

/**
 * @param {any} collection  an array, or an object keyed by id
 * @param {string} idKey    e.g. "partnerId"
 * @returns {any[]}
 */
function list(collection, idKey) {
  if (!collection) return [];
  const items = Array.isArray(collection) ? collection : Object.entries(collection).map(([id, v]) => ({ [idKey]: id, ...v }));
  return items.map((item) => ({ ...item, id: item[idKey] ?? item.id }));
}

/**
 * @param {any} raw  GET /api/programmes/:p
 * @returns {Setup}
 */
export function normalizeSetup(raw) {
  const source = raw.programme && !raw.partners ? { ...raw.programme, ...raw } : raw;
  const actions = list(source.actions, 'actionId').sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
  return {
    id: source.programmeId ?? source.id,
    name: source.name ?? source.programmeId ?? source.id,
    startsOn: source.startsOn,
    endsOn: source.endsOn,
    territory: source.territory,
    partners: list(source.partners, 'partnerId').sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    axes: list(source.axes, 'axisId'),
    actions,
    sites: list(source.sites, 'siteId').sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    rates: normalizeRates(list(source.rates, 'rateId')),
  };
}

/** @param {Setup} setup @param {string | undefined | null} id */
export function partnerName(setup, id) {
  if (!id) return '';
  return setup.partners.find((p) => p.id === id)?.name ?? id;
}

/** @param {Setup} setup @param {string | undefined | null} id */
export function actionLabel(setup, id) {
  if (!id || id === 'none') return 'Sans action';
  const action = setup.actions.find((a) => a.id === id);
  return action ? `${action.number}. ${action.title}` : id;
}

/** @param {Setup} setup @param {string | undefined | null} id */
export function siteName(setup, id) {
  if (!id) return '';
  return setup.sites.find((s) => s.id === id)?.name ?? id;
}

/** @param {Setup} setup @param {string | undefined | null} id */
export function axisTitle(setup, id) {
  if (!id) return '';
  return setup.axes.find((a) => a.id === id)?.title ?? id;
}

/** The programme's calendar years, for year filters. @param {Setup} setup */
export function programmeYears(setup) {
  const from = Number((setup.startsOn ?? '').slice(0, 4));
  const to = Number((setup.endsOn ?? '').slice(0, 4));
  if (!from || !to || to < from || to - from > 50) return [];
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
}
