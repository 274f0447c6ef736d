// The decisions on a contribution: withdraw (its partner or the coordination), validate or reject
// (the coordination). Each sends the version it was shown, so a decision on something that changed
// meanwhile is refused (409) instead of silently applying to other content.
import { post } from './api.js';
import { h } from './dom.js';
import { errorSummary, field, showErrors, valueOf, whileBusy } from './forms.js';

/**
 * @param {string} programmeId
 * @param {string} contributionId
 * @param {'withdrawal' | 'validation' | 'rejection'} decision
 * @param {{ expectedVersion: number, reason?: string }} body
 */
export function decide(programmeId, contributionId, decision, body) {
  return post(`/programmes/${encodeURIComponent(programmeId)}/contributions/${encodeURIComponent(contributionId)}/${decision}`, body);
}

/**
 * A small form asking for the reason of a withdrawal or rejection, then sending it.
 * @param {{ label: string, submitLabel: string, onSubmit: (reason: string) => Promise<void>, onCancel: () => void }} options
 */
export function reasonForm(options) {
  const form = h(
    'form',
    { class: 'reason-form', novalidate: true },
    errorSummary(),
    field({ name: 'reason', label: options.label, required: true, type: 'textarea', attrs: { rows: 2, maxlength: 200 } }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button-danger' }, options.submitLabel),
      h('button', { type: 'button', class: 'button-secondary', onclick: options.onCancel }, 'Annuler'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const reason = valueOf(form, 'reason');
    if (!reason) {
      showErrors(form, null, [{ path: 'reason', message: 'Le motif est obligatoire.' }]);
      return;
    }
    void whileBusy(form, async () => {
      try {
        await options.onSubmit(reason);
      } catch (error) {
        showErrors(form, error);
      }
    });
  });
  return form;
}

/** @param {HTMLFormElement} form */
export function focusFirstField(form) {
  const control = form.querySelector('textarea, input, select');
  if (control instanceof HTMLElement) control.focus();
}
