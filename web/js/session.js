// The session: the bearer token lives in sessionStorage only (gone when the tab closes), never in a
// URL, a cookie or a log. The chosen programme is remembered beside it (it is no secret).
const TOKEN_KEY = 'socle.token';
const PROGRAMME_KEY = 'socle.programme';

export function getToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** @param {string} token */
export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(PROGRAMME_KEY);
}

export function getProgrammeId() {
  return sessionStorage.getItem(PROGRAMME_KEY);
}

/** @param {string} id */
export function setProgrammeId(id) {
  sessionStorage.setItem(PROGRAMME_KEY, id);
}
