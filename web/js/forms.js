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
    const wrapper = fieldFor(form, e.path);
    const name = e.path.split('.').pop() ?? e.path;
    // The field's own label as shown (without its required mark), else a known field name.
    const shown = wrapper?.querySelector('label, legend')?.firstChild?.textContent?.trim();
    const label = shown || FIELD_LABELS[name] || e.path;
    const message = withoutLabel(frMessage(e.message), [label, FIELD_LABELS[name] ?? '']);
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
 * The summary says "Label : message": a message that starts with the field's name already (the
 * server's "quantité : …") loses it, so that no label is said twice.
 * @param {string} message
 * @param {string[]} labels
 */
function withoutLabel(message, labels) {
  for (const label of labels) {
    const bare = label.replace(/\s*\(.*\)$/, '');
    for (const name of [label, bare]) {
      if (name && message.toLowerCase().startsWith(`${name.toLowerCase()} :`)) return message.slice(name.length + 2).trim();
    }
  }
  return message;
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

/**
 * A date typed as JJ/MM/AAAA, whatever the browser's language (an <input type=date> follows the
 * browser's locale: mm/dd/yyyy on an English one). The value shown is French; readDate gives ISO.
 * The field puts the slashes in while digits are typed at its end, and accepts a pasted ISO date.
 * @param {FieldSpec & { value?: string }} spec  value in ISO (YYYY-MM-DD) or empty
 */
export function dateField(spec) {
  const hint = spec.hint ? `Au format JJ/MM/AAAA ; ${spec.hint}` : 'Au format JJ/MM/AAAA, par exemple 15/03/2025.';
  const wrapper = field({
    ...spec,
    type: 'text',
    value: isoToFr(spec.value ?? ''),
    hint,
    attrs: { class: 'date-input', inputmode: 'numeric', autocomplete: 'off', maxlength: 10, ...spec.attrs },
  });
  const input = wrapper.querySelector('input');
  input?.addEventListener('input', (event) => {
    const typed = /** @type {InputEvent} */ (event).data ?? '';
    if (!input || input.selectionStart !== input.value.length) return;
    // After the day or the month comes its slash; a slash typed there too is not doubled.
    if (/^\d$/.test(typed) && /^\d{2}$|^\d{2}\/\d{2}$/.test(input.value)) input.value += '/';
    else if (typed === '/' && input.value.endsWith('//')) input.value = input.value.slice(0, -1);
  });
  return wrapper;
}

/** "2025-03-15" → "15/03/2025" ('' stays ''). @param {string} iso */
export function isoToFr(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/**
 * "15/03/2025" (or "15/3/2025", or a pasted "2025-03-15") → "2025-03-15"; null when it is no real day.
 * @param {string} text
 */
export function frToIso(text) {
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const [y, m, d] = fr ? [fr[3], fr[2], fr[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** What is said of a date that is not one. */
export const BAD_DATE = 'date attendue au format JJ/MM/AAAA, par exemple 15/03/2025';

/**
 * The ISO date of a date field: '' when empty, undefined (and a problem noted) when not a real day.
 * @param {HTMLFormElement} form
 * @param {string} name
 * @param {{ path: string, message: string }[]} problems
 */
export function readDate(form, name, problems) {
  const typed = valueOf(form, name);
  if (!typed) return '';
  const iso = frToIso(typed);
  if (iso === null) {
    problems.push({ path: name, message: BAD_DATE });
    return undefined;
  }
  return iso;
}
