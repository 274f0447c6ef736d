// "Nouvelle contribution": a partner (or the coordination, for any partner) records a contribution.
import { h, notice, announce, replaceChildren } from '../dom.js';
import { contributionForm } from '../contribution-form.js';
import { formatEuros } from '../decimal.js';
import { noProgramme } from './common.js';

/** @param {import('../app.js').Ctx} ctx */
export async function render(ctx) {
  // Fresh rates and partners: the coordination may have set a rate since this page was last loaded.
  if (ctx.programmeId) await ctx.reloadSetup();
  if (!ctx.setup) return noProgramme(ctx, 'Nouvelle contribution');
  const status = h('div', { class: 'form-status' });
  const form = contributionForm({
    ctx,
    onSaved(answer) {
      const id = answer?.id ?? answer?.contributionId;
      const value = typeof answer?.value === 'string' ? `Valeur : ${formatEuros(answer.value)}.` : 'Elle n’est pas encore valorisée (aucun taux ne s’applique).';
      replaceChildren(
        status,
        notice(
          'ok',
          h('span', null, 'Contribution enregistrée. ', value, ' ', id ? h('a', { href: `#/contribution/${encodeURIComponent(id)}` }, 'Voir la contribution et son historique') : null),
        ),
      );
      announce(`Contribution enregistrée. ${value}`);
      // Ready for the next one: same partner, kind, status and date; new figures.
      for (const name of ['quantity', 'amount', 'description', 'evidence', 'rate', 'rateBasis']) {
        const control = form.elements.namedItem(name);
        if (control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement) control.value = '';
      }
      form.dispatchEvent(new Event('input'));
      status.scrollIntoView({ block: 'nearest' });
    },
  });
  // The message of the last save speaks of that one only: a new attempt takes it away, so that it never
  // stands above the errors of the next one.
  form.addEventListener('submit', () => replaceChildren(status));
  return h(
    'section',
    { class: 'page' },
    h('h1', null, 'Nouvelle contribution'),
    h('p', { class: 'lead' }, 'Les champs marqués d’un astérisque (*) sont obligatoires.'),
    status,
    form,
  );
}
