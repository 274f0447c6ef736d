// The contributions list: a partner's own ("Mes contributions"), everybody's for the other roles,
// with filters, pages of 50, and a link from each row to its detail and history.
import { api, describeError } from '../api.js';
import { h, notice, replaceChildren, takeFlash } from '../dom.js';
import { field } from '../forms.js';
import { KIND_LABELS, KINDS, REVIEW_LABELS, STATUS_LABELS } from '../labels.js';
import { normalizeList } from '../contribution-model.js';
import { actionLabel, partnerName, programmeYears } from '../setup-model.js';
import { kindText, noProgramme, periodText, quantityText, reviewBadge, statusText, valueText } from './common.js';

const PAGE_SIZE = 50;

/** Filters survive going to a contribution and back (not a reload: nothing is stored). */
/** @type {Record<string, string>} */
let filters = {};
let offset = 0;
let filtersProgramme = '';

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  const setup = ctx.setup;
  const title = ctx.me.role === 'partner' ? 'Mes contributions' : 'Contributions';
  if (!setup) return noProgramme(ctx, title);
  if (filtersProgramme !== setup.id) {
    filters = {};
    offset = 0;
    filtersProgramme = setup.id;
  }
  const results = h('div', { class: 'results', 'aria-live': 'polite' });

  const filterForm = h(
    'form',
    { role: 'search', 'aria-label': 'Filtrer les contributions' },
    h(
      'div',
      { class: 'filter-grid' },
      ctx.me.role !== 'partner'
        ? field({ name: 'partnerId', label: 'Partenaire', options: setup.partners.map((p) => [p.id, p.name]), placeholderOption: 'Tous', value: filters.partnerId })
        : null,
      field({ name: 'status', label: 'Statut', options: Object.entries(STATUS_LABELS), placeholderOption: 'Tous', value: filters.status }),
      field({ name: 'review', label: 'Validation', options: Object.entries(REVIEW_LABELS), placeholderOption: 'Toutes', value: filters.review }),
      field({ name: 'kind', label: 'Nature', options: KINDS.map((k) => [k, KIND_LABELS[k] ?? k]), placeholderOption: 'Toutes', value: filters.kind }),
      field({ name: 'year', label: 'Année', options: programmeYears(setup).map((y) => [y, y]), placeholderOption: 'Toutes', value: filters.year }),
      field({ name: 'actionId', label: 'Action', options: setup.actions.map((a) => [a.id, `${a.number}. ${a.title}`]), placeholderOption: 'Toutes', value: filters.actionId }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button-secondary' }, 'Filtrer')),
  );
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    filters = {};
    for (const [key, value] of new FormData(filterForm)) if (typeof value === 'string' && value) filters[key] = value;
    offset = 0;
    void load();
  });

  async function load() {
    if (!setup) return;
    results.setAttribute('aria-busy', 'true');
    try {
      /** @type {Record<string, string | number>} */
      const query = { ...filters, limit: PAGE_SIZE, offset };
      if (ctx.me.role === 'partner' && ctx.me.partnerId) query.partnerId = ctx.me.partnerId;
      const { items, total } = normalizeList(await api(`/programmes/${encodeURIComponent(setup.id)}/contributions`, { query }));
      replaceChildren(results, table(ctx, items, total));
    } catch (error) {
      replaceChildren(results, notice('error', describeError(error)));
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  const table = (/** @type {import('../app.js').Ctx} */ ctx, /** @type {import('../contribution-model.js').Contribution[]} */ items, /** @type {number | null} */ total) => {
    if (items.length === 0) {
      return h('p', { class: 'empty' }, offset > 0 ? 'Plus aucune contribution.' : 'Aucune contribution ne correspond à ces critères.');
    }
    const showPartner = ctx.me.role !== 'partner';
    const hasMore = total !== null ? total > offset + items.length : items.length === PAGE_SIZE;
    const summary = `${offset + 1} à ${offset + items.length}${total !== null ? ` sur ${total}` : ''}`;
    return h(
      'div',
      null,
      h('p', { class: 'count' }, `Contributions ${summary}`),
      h(
        'table',
        { class: 'data responsive' },
        h('caption', { class: 'visually-hidden' }, `${title}, ${summary}`),
        h(
          'thead',
          null,
          h('tr', null, h('th', { scope: 'col' }, 'Date'), showPartner ? h('th', { scope: 'col' }, 'Partenaire') : null, h('th', { scope: 'col' }, 'Nature'), h('th', { scope: 'col', class: 'num' }, 'Quantité'), h('th', { scope: 'col', class: 'num' }, 'Valeur'), h('th', { scope: 'col' }, 'Statut'), h('th', { scope: 'col' }, 'Validation'), h('th', { scope: 'col' }, 'Action')),
        ),
        h(
          'tbody',
          null,
          items.map((c) =>
            h(
              'tr',
              { dataset: { contribution: c.id } },
              h('td', { dataset: { label: 'Date' } }, h('a', { href: `#/contribution/${encodeURIComponent(c.id)}`, 'aria-label': `Contribution du ${periodText(c.content)}, ${kindText(c.content.kind)} : détail et historique` }, periodText(c.content))),
              showPartner ? h('td', { dataset: { label: 'Partenaire' } }, partnerName(setup, c.content.partnerId)) : null,
              h('td', { dataset: { label: 'Nature' } }, kindText(c.content.kind)),
              h('td', { class: 'num', dataset: { label: 'Quantité' } }, quantityText(c.content)),
              h('td', { class: 'num', dataset: { label: 'Valeur' } }, valueText(c.value)),
              h('td', { dataset: { label: 'Statut' } }, statusText(c.content.status)),
              h('td', { dataset: { label: 'Validation' } }, reviewBadge(c.review)),
              h('td', { dataset: { label: 'Action' } }, c.content.actionId ? actionLabel(setup, c.content.actionId) : '—'),
            ),
          ),
        ),
      ),
      h(
        'div',
        { class: 'pager' },
        offset > 0 ? h('button', { type: 'button', class: 'button-secondary', onclick: () => { offset = Math.max(0, offset - PAGE_SIZE); void load(); } }, 'Page précédente') : null,
        hasMore ? h('button', { type: 'button', class: 'button-secondary', onclick: () => { offset += PAGE_SIZE; void load(); } }, 'Page suivante') : null,
      ),
    );
  };

  await load();
  return h(
    'section',
    { class: 'page' },
    h('h1', null, title),
    takeFlash(),
    ctx.me.role === 'partner' ? h('p', { class: 'lead' }, 'Vous voyez ici vos seules contributions. Ouvrez-en une pour voir son historique, la corriger ou la retirer.') : null,
    ctx.me.role === 'partner' || ctx.me.role === 'coordinator' ? h('p', null, h('a', { href: '#/saisie', class: 'button-link' }, 'Nouvelle contribution')) : null,
    // Folded on a phone (five selects would fill the screen), open on a wide screen or when in use.
    h('details', { class: 'filters card filters-box', open: window.matchMedia('(min-width: 40rem)').matches || Object.keys(filters).length > 0 }, h('summary', null, 'Filtres'), filterForm),
    results,
  );
}
