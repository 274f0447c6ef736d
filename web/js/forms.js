// Form fields with their label, hint and error slot, and the display of the API's field errors
// (problem+json `errors[].path`) next to the field they concern.
import { h, uid } from './dom.js';
import { FIELD_LABELS, frMessage } from './labels.js';
import { ApiError, describeError } from './api.js';

/**
 * @typedef {{ name: string, label: string, type?: string, required?: boolean, hint?: string,
 *   value?: string, options?: Array<[string, string]>, placeholderOption?: string,
 *   attrs?: Record<string, any> }} FieldSpec
 */

/**
 * A labelled field: input, select (with `options`) or textarea (type 'textarea'). The control
 * carries data-path=name so that API errors on that path land next to it.
 * @param {FieldSpec} spec
 */
export function field(spec) {
  const id = uid(`f-${spec.name}`);
  const hintId = spec.hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const common = {
    id,
    name: spec.name,
    dataset: { path: spec.name },
    required: spec.required ?? false,
    'aria-describedby': hintId,
    ...spec.attrs,
  };
  /** @type {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} */
  let control;
  if (spec.options) {
    const options = spec.options.map(([value, label]) => h('option', { value }, label));
    if (spec.placeholderOption !== undefined) options.unshift(h('option', { value: '' }, spec.placeholderOption));
    control = h('select', { ...common, value: spec.value ?? '' }, options);
  } else if (spec.type === 'textarea') {
    control = h('textarea', { ...common, rows: 3, value: spec.value ?? '' });
  } else {
    control = h('input', { type: spec.type ?? 'text', ...common, value: spec.value ?? '' });
  }
  return h(
    'div',
    { class: 'field', dataset: { field: spec.name } },
    h('label', { for: id }, spec.label, spec.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null,
    control,
    h('p', { class: 'field-error', id: errorId, hidden: true }),
  );
}

/**
 * A group of radio buttons under a legend.
 * @param {{ name: string, legend: string, options: Array<[string, string]>, value?: string, required?: boolean }} spec
 */
export function radios(spec) {
  const errorId = uid(`f-${spec.name}-error`);
  return h(
    'fieldset',
    { class: 'field radios', dataset: { field: spec.name } },
    h('legend', null, spec.legend, spec.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    spec.options.map(([value, label]) => {
      const id = uid(`f-${spec.name}-${value}`);
      return h(
        'div',
        { class: 'radio' },
        h('input', { type: 'radio', id, name: spec.name, value, checked: spec.value === value, dataset: { path: spec.name } }),
        h('label', { for: id }, label),
      );
    }),
    h('p', { class: 'field-error', id: errorId, hidden: true }),
  );
}

/** The error summary at the top of a form; hidden until there is something to say. */
export function errorSummary() {
  return h('div', { class: 'error-summary', tabindex: '-1', hidden: true, role: 'alert' });
}

/** @param {HTMLFormElement} form */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field-error')) {
    el.textContent = '';
    /** @type {HTMLElement} */ (el).hidden = true;
  }
  for (const el of form.querySelectorAll('.field.has-error')) el.classList.remove('has-error');
  const summary = form.querySelector('.error-summary');
  if (summary instanceof HTMLElement) {
    summary.replaceChildren();
    summary.hidden = true;
  }
}

/**
 * The field a server path designates: "quantity", "content.quantity" or "body.quantity".
 * @param {HTMLFormElement} form
 * @param {string} path
 * @returns {HTMLElement | null}
 */
function fieldFor(form, path) {
  const candidates = [path, path.split('.').pop() ?? path];
  for (const name of candidates) {
    const wrapper = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (wrapper instanceof HTMLElement && !wrapper.closest('[hidden]')) return wrapper;
  }
  return null;
}

/**
 * Shows errors next to their fields and lists them all in the summary, which takes the focus so
 * that keyboard and screen-reader users land on it. Errors on no visible field appear in the
 * summary only.
 * @param {HTMLFormElement} form
 * @param {unknown} error  an ApiError, or anything thrown
 * @param {{ path: string, message: string }[]} [extra]  errors found before sending
 */
export function showErrors(form, error, extra = []) {
  clearErrors(form);
  const errors = [...extra, ...(error instanceof ApiError ? error.errors : [])];
  const summary = form.querySelector('.error-summary');
  /** @type {Node[]} */
  const items = [];
  for (const e of errors) {
    const message = frMessage(e.message);
    const wrapper = fieldFor(form, e.path);
    const name = e.path.split('.').pop() ?? e.path;
    // The field's own label as shown (without its required mark), else a known field name.
    const shown = wrapper?.querySelector('label, legend')?.firstChild?.textContent?.trim();
    const label = shown || FIELD_LABELS[name] || e.path;
    if (wrapper) {
      wrapper.classList.add('has-error');
      const slot = wrapper.querySelector('.field-error');
      if (slot instanceof HTMLElement) {
        slot.textContent = slot.textContent ? `${slot.textContent} ; ${message}` : message;
        slot.hidden = false;
      }
      const control = wrapper.querySelector('[data-path]');
      if (control instanceof HTMLElement) {
        control.setAttribute('aria-invalid', 'true');
        const describedBy = new Set((control.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean));
        if (slot) describedBy.add(slot.id);
        control.setAttribute('aria-describedby', [...describedBy].join(' '));
        items.push(h('li', null, h('a', { href: `#${control.id}`, onclick: focusTarget(control) }, `${label} : ${message}`)));
        continue;
      }
    }
    items.push(h('li', null, e.path ? `${label} : ${message}` : message));
  }
  if (!(summary instanceof HTMLElement)) return;
  const headline = errors.length > 0 ? `${errors.length === 1 ? 'Une erreur est' : `${errors.length} erreurs sont`} à corriger :` : describeError(error);
  summary.replaceChildren(h('p', { class: 'error-title' }, headline), items.length > 0 ? h('ul', null, items) : '');
  summary.hidden = false;
  summary.focus();
}

/**
 * Links in the summary move the focus to the field (the hash router must not see them).
 * @param {HTMLElement} control
 */
function focusTarget(control) {
  return (/** @type {Event} */ event) => {
    event.preventDefault();
    control.focus();
  };
}

/**
 * The value of a named control in a form ('' when absent or empty), trimmed.
 * @param {HTMLFormElement} form
 * @param {string} name
 */
export function valueOf(form, name) {
  const control = form.elements.namedItem(name);
  if (control instanceof RadioNodeList) return control.value.trim();
  if (control instanceof HTMLInputElement && control.type === 'checkbox') return control.checked ? 'on' : '';
  if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement) return control.value.trim();
  return '';
}

/**
 * Disables the submit button while a request runs, so a double click sends once.
 * @param {HTMLFormElement} form
 * @param {() => Promise<void>} work
 */
export async function whileBusy(form, work) {
  const buttons = [...form.querySelectorAll('button')];
  for (const b of buttons) b.disabled = true;
  form.setAttribute('aria-busy', 'true');
  try {
    await work();
  } finally {
    for (const b of buttons) b.disabled = false;
    form.removeAttribute('aria-busy');
  }
}
