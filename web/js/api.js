// The one way the pages talk to the server: the same JSON API as every other client, with the
// session's bearer token in the Authorization header. Errors come back as ApiError carrying the
// problem+json document (status, detail and per-field errors).
import { getToken } from './session.js';

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} detail
   * @param {{ path: string, message: string }[]} errors
   */
  constructor(status, detail, errors) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.errors = errors;
  }
}

/** Called on 401 (the token was revoked or the server restarted with another store). */
let onUnauthorized = () => {};
/** @param {() => void} handler */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

/**
 * @param {Record<string, string | number | undefined | null>} [query]
 */
function queryString(query) {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * @param {string} path  under /api, e.g. "/programmes/rafcom/totals"
 * @param {{ method?: string, body?: unknown, query?: Record<string, string | number | undefined | null>, token?: string }} [options]
 */
async function send(path, options = {}) {
  const token = options.token ?? getToken();
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`/api${path}${queryString(options.query)}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'Le serveur ne répond pas. Vérifiez la connexion puis réessayez.', []);
  }
  if (response.ok) return response;
  /** @type {any} */
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    // Not a problem document (a proxy's error page): the status alone tells what happened.
  }
  if (response.status === 401 && !options.token) onUnauthorized();
  throw new ApiError(response.status, typeof problem.detail === 'string' ? problem.detail : response.statusText, Array.isArray(problem.errors) ? problem.errors : []);
}

/**
 * GET or POST JSON; resolves to the parsed answer.
 * @param {string} path
 * @param {{ method?: string, body?: unknown, query?: Record<string, string | number | undefined | null>, token?: string }} [options]
 * @returns {Promise<any>}
 */
export async function api(path, options = {}) {
  const response = await send(path, options);
  if (response.status === 204) return null;
  return response.json();
}

/**
 * @param {string} path
 * @param {unknown} body
 */
export const post = (path, body) => api(path, { method: 'POST', body });

/**
 * Fetches a file with the Authorization header (a plain link could not carry it) and hands it to
 * the browser as a download.
 * @param {string} path
 * @param {Record<string, string | number | undefined | null>} query
 * @param {string} fallbackName
 * @returns {Promise<string>} the file name saved
 */
export async function download(path, query, fallbackName) {
  return (await downloadStamped(path, query, fallbackName)).name;
}

/**
 * The same, with the stamp the server puts on a workbook (X-Socle-Position, X-Socle-Head-Hash):
 * the position its Provenance sheet states, from which « Ce qui a changé » compares.
 * @param {string} path
 * @param {Record<string, string | number | undefined | null>} query
 * @param {string} fallbackName
 * @returns {Promise<{ name: string, position: string | null, headHash: string | null }>}
 */
export async function downloadStamped(path, query, fallbackName) {
  const response = await send(path, { query, method: 'GET' });
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const name = m ? decodeURIComponent(m[1] ?? m[2] ?? fallbackName) : fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start reading the blob before letting it go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, position: response.headers.get('X-Socle-Position'), headHash: response.headers.get('X-Socle-Head-Hash') };
}

/** A human message for an error, in French. @param {unknown} error */
export function describeError(error) {
  if (!(error instanceof ApiError)) return 'Une erreur inattendue est survenue. Rechargez la page puis réessayez.';
  switch (error.status) {
    case 0:
      return error.message;
    case 400:
      return 'Certains champs sont à corriger.';
    case 401:
      return 'Votre session n’est plus valable : reconnectez-vous avec votre jeton.';
    case 403:
      return 'Votre rôle ne permet pas cette opération.';
    case 404:
      return 'Élément introuvable : il a peut-être été supprimé du programme, ou l’adresse est erronée.';
    case 409:
      return 'Cette donnée a changé entre-temps (ou cet identifiant est déjà pris). Rechargez puis réessayez.';
    case 413:
      return 'Les données envoyées sont trop volumineuses.';
    case 429:
      return 'Le serveur est occupé par vos lectures en cours : réessayez dans un instant.';
    default:
      return `Le serveur a rencontré une erreur (${error.status}). Réessayez dans un instant.`;
  }
}
