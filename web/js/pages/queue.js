// "À valider": the coordination's queue of pending contributions (recorded or corrected since the
// last decision), each validated or rejected with a reason, in place.
import { api, ApiError, describeError } from '../api.js';
import { announce, h, notice, replaceChildren } from '../dom.js';
import { normalizeList } from '../contribution-model.js';
import { actionLabel, partnerName, siteName } from '../setup-model.js';
import { decide, focusFirstField, reasonForm } from '../review-actions.js';
import { kindText, noProgramme, periodText, quantityText, statusText, valueText } from './common.js';
import { formatDecimalFr } from '../decimal.js';
import { field } from '../forms.js';
import { ofName } from '../labels.js';

const QUEUE_LIMIT = 500;
const PAGE_SIZE = 20;

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  const setup = ctx.setup;
  if (!setup) return noProgramme(ctx, 'Contributions à valider');
  const base = `/programmes/${encodeURIComponent(setup.id)}/contributions`;
  const { items, total } = normalizeList(await api(base, { query: { review: 'pending', limit: QUEUE_LIMIT } }));
  // The API filters by review; the check here keeps the page right against any server.
  const pending = items.filter((c) => c.review === 'pending');
  const count = h('p', { class: 'count', id: 'queue-count' });
  const list = h('ul', { class: 'queue', 'aria-labelledby': 'queue-count' });
  const status = h('div', { class: 'form-status' });

  /** Decided on this page: out of the queue until the next visit reloads it. */
  const decided = new Set();
  let partnerFilter = '';
  const waiting = () => pending.filter((c) => !decided.has(c.id) && (!partnerFilter || c.content.partnerId === partnerFilter));
  const updateCount = () => {
    const left = waiting().length;
    const whose = partnerFilter ? ` pour ${partnerName(setup, partnerFilter)}` : '';
    count.textContent =
      left === 0
        ? `Aucune contribution n’attend de validation${whose}.`
        : `${left} contribution${left > 1 ? 's' : ''} en attente${whose}${total !== null && total > pending.length ? ` (les ${QUEUE_LIMIT} plus anciennes sur ${total})` : ''}`;
  };

  /** @param {import('../contribution-model.js').Contribution} c */
  const makeItem = (c) => {
    const content = c.content;
    // "de Janzé du 12/03/2024", "d’Orditous du …".
    const who = `${ofName(partnerName(setup, content.partnerId))} du ${periodText(content)}`;
    const decisionArea = h('div', { class: 'decision-area' });
    const itemHeadingId = `q-${c.id}`;
    /** @param {string} term @param {any} value */
    const fact = (term, value) => h('div', null, h('dt', null, `${term}\u00a0:`), h('dd', null, ' ', value));
    const item = h(
      'li',
      { class: 'queue-item', dataset: { contribution: c.id }, 'aria-labelledby': itemHeadingId },
      h('h2', { id: itemHeadingId, class: 'queue-title' }, `${partnerName(setup, content.partnerId)} — ${kindText(content.kind)}`),
      h(
        'dl',
        { class: 'facts-inline' },
        fact('Date', periodText(content)),
        fact(content.amount !== undefined ? 'Montant' : 'Quantité', quantityText(content)),
        fact('Valeur', [valueText(c.value), c.rateAmount && content.quantity ? ` (${formatDecimalFr(c.rateAmount)}\u00a0€ l’unité)` : '']),
        fact('Statut', statusText(content.status)),
        content.actionId ? fact('Action', actionLabel(setup, content.actionId)) : null,
        content.siteId ? fact('Lieu', siteName(setup, content.siteId)) : null,
        content.evidence ? fact('Justificatif', content.evidence) : null,
        content.description ? fact('Description', content.description) : null,
        // Version 1 is the recording; a pending contribution at a later version has been corrected.
        c.version > 1 ? fact('Version', `${c.version} (corrigée)`) : null,
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'button-primary', onclick: (/** @type {Event} */ e) => void validate(/** @type {HTMLButtonElement} */ (e.currentTarget)) }, 'Valider', h('span', { class: 'visually-hidden' }, ` la contribution ${who}`)),
        h('button', { type: 'button', class: 'button-secondary', onclick: () => reject() }, 'Rejeter…', h('span', { class: 'visually-hidden' }, ` la contribution ${who}`)),
        h('a', { href: `#/contribution/${encodeURIComponent(c.id)}` }, 'Détail et historique', h('span', { class: 'visually-hidden' }, ` de la contribution ${who}`)),
      ),
      decisionArea,
    );

    /** Takes the item out of the queue and puts the focus on the next one (or the count). */
    const done = (/** @type {string} */ said) => {
      const next = item.nextElementSibling ?? item.previousElementSibling;
      item.remove();
      decided.add(c.id);
      shown -= 1;
      updateCount();
      replaceChildren(status, notice('ok', said));
      announce(said);
      const target = next?.querySelector('button') ?? count;
      if (target instanceof HTMLElement) {
        if (target === count) count.setAttribute('tabindex', '-1');
        target.focus();
      }
    };

    const failed = (/** @type {unknown} */ error) => {
      const message =
        error instanceof ApiError && error.status === 409 ? 'Cette contribution a changé entre-temps : rechargez la page pour voir sa version actuelle.' : describeError(error);
      replaceChildren(decisionArea, notice('error', message));
    };

    const validate = async (/** @type {HTMLButtonElement} */ button) => {
      button.disabled = true;
      try {
        await decide(setup.id, c.id, 'validation', { expectedVersion: c.version });
        done(`Contribution ${who} validée.`);
      } catch (error) {
        button.disabled = false;
        failed(error);
      }
    };

    const reject = () => {
      const form = reasonForm({
        label: 'Motif du rejet',
        submitLabel: 'Confirmer le rejet',
        onSubmit: async (reason) => {
          try {
            await decide(setup.id, c.id, 'rejection', { expectedVersion: c.version, reason });
          } catch (error) {
            if (error instanceof ApiError && error.status === 409) return failed(error);
            throw error;
          }
          done(`Contribution ${who} rejetée.`);
        },
        onCancel: () => decisionArea.replaceChildren(),
      });
      replaceChildren(decisionArea, form);
      focusFirstField(form);
    };
    return item;
  };

  // A long queue is shown a page at a time: the list stays quick to scan and to tab through.
  let shown = 0;
  const more = h('button', { type: 'button', class: 'button-secondary', onclick: () => showMore(true) });
  /** @param {boolean} moveFocus */
  const showMore = (moveFocus) => {
    const queue = waiting();
    const batch = queue.slice(shown, shown + PAGE_SIZE).map(makeItem);
    list.append(...batch);
    shown += batch.length;
    const left = queue.length - shown;
    more.textContent = `Afficher ${Math.min(left, PAGE_SIZE)} de plus (${left} restantes)`;
    more.hidden = left <= 0;
    updateCount();
    if (moveFocus) batch[0]?.querySelector('button')?.focus();
  };
  showMore(false);

  const partners = [...new Set(pending.map((c) => c.content.partnerId))].sort((a, b) => partnerName(setup, a).localeCompare(partnerName(setup, b), 'fr'));
  const filter = field({ name: 'partnerId', label: 'Partenaire', options: partners.map((id) => [id, partnerName(setup, id)]), placeholderOption: 'Tous les partenaires' });
  filter.querySelector('select')?.addEventListener('change', (event) => {
    partnerFilter = /** @type {HTMLSelectElement} */ (event.target).value;
    list.replaceChildren();
    shown = 0;
    showMore(false);
  });

  return h(
    'section',
    { class: 'page' },
    h('h1', null, 'Contributions à valider'),
    h('p', { class: 'lead' }, 'Une contribution validée compte dans les totaux «\u00a0validées seulement\u00a0» et les dossiers de financement. Un rejet est définitif et demande un motif ; une correction du partenaire la remet dans cette file.'),
    pending.length > PAGE_SIZE ? h('div', { class: 'filters card queue-filter' }, filter) : null,
    status,
    count,
    list,
    h('div', { class: 'pager' }, more),
  );
}
