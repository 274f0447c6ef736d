// The catalogue of person-facing API and domain texts (src/messages/fr.ts) is French throughout:
// every entry, called with sample arguments where it takes some, is free of the English words the
// former messages were made of. Ids and the API's own words (kinds, units, field names) may appear.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { API_FR, DOMAIN_FR, PROBLEM_TITLES } from '../../src/messages/fr.ts';

const ENGLISH = /\b(the|is|are|not|unknown|must|expected|needs?|already|with|without|only|beyond|body|request|invalid|required|may|takes?|found|error)\b/i;

function texts(catalogue: Record<string, unknown>): [string, string][] {
  return Object.entries(catalogue).map(([key, entry]) => {
    if (typeof entry === 'string') return [key, entry];
    const fn = entry as (...args: unknown[]) => string;
    const sample = (i: number) => (key === 'methodNotAllowed' && i === 1 ? ['GET', 'HEAD'] : i === 0 ? 'x1' : i);
    return [key, fn(...Array.from({ length: fn.length }, (_, i) => sample(i)))];
  });
}

test('every API and domain message is French', () => {
  const all = [...texts(API_FR), ...texts(DOMAIN_FR)];
  assert.ok(all.length > 60, `only ${all.length} messages`);
  const english = all.filter(([, text]) => ENGLISH.test(text.replace(/\b(rateBasis|asOf|rate|amount|quantity|status|journal|budget|planned|actual|both|consolidated|cerfa|anc|Authorization: Bearer|socle token create|application\/json)\b/g, '')));
  assert.equal(english, []);
});

test('every problem title is French, and each type slug stays English kebab-case', () => {
  for (const [status, [slug, title]] of Object.entries(PROBLEM_TITLES)) {
    assert.match(slug, /^[a-z]+(-[a-z]+)*$/, `${status} slug`);
    assert.not.match(title, ENGLISH, `${status} title: ${title}`);
    assert.not.ok(['Invalid request', 'Not found', 'Forbidden', 'Conflict ', 'Method not allowed'].includes(title), title);
  }
  assert.equal(PROBLEM_TITLES[400], ['invalid-request', 'Requête invalide']);
  assert.equal(PROBLEM_TITLES[405], ['method-not-allowed', 'Méthode non admise']);
});

test.run();
