// Sign-in with a bearer token (given by the coordination, made with `socle token create`). The
// token is checked against GET /api/me before being kept in sessionStorage.
import { api, ApiError, describeError } from '../api.js';
import { h, notice } from '../dom.js';
import { setToken } from '../session.js';
import { errorSummary, field, showErrors, whileBusy } from '../forms.js';

/**
 * @param {{ onSignedIn: () => Promise<void>, message?: string }} options
 */
export async function render(options) {
  const form = h(
    'form',
    { class: 'form card', novalidate: true, method: 'post', autocomplete: 'off' },
    errorSummary(),
    field({
      name: 'token',
      label: 'Jeton d’accès',
      type: 'password',
      required: true,
      hint: 'Le jeton vous a été remis par la coordination du réseau. Il reste dans cet onglet et disparaît quand vous le fermez.',
      attrs: { autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off' },
    }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button-primary' }, 'Se connecter')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = /** @type {HTMLInputElement} */ (form.elements.namedItem('token'));
    const token = input.value.trim();
    if (!token) {
      showErrors(form, null, [{ path: 'token', message: 'Saisissez votre jeton.' }]);
      return;
    }
    void whileBusy(form, async () => {
      try {
        await api('/me', { token });
      } catch (error) {
        const message = error instanceof ApiError && error.status === 401 ? 'Ce jeton n’est pas reconnu (inconnu ou révoqué).' : describeError(error);
        showErrors(form, error, [{ path: 'token', message }]);
        return;
      }
      input.value = '';
      setToken(token);
      await options.onSignedIn();
    });
  });
  return h(
    'section',
    { class: 'page page-narrow' },
    h('h1', null, 'Connexion'),
    h('p', null, 'Saisissez, déclarez et suivez les contributions des partenaires du réseau d’inclusion numérique.'),
    options.message ? notice('info', options.message) : null,
    form,
  );
}
