// Free text at the API edge: a name is one line without control characters; a description or an
// evidence reference may hold tabs and line feeds, nothing else of the kind. Anything else is a 400
// naming the field with a French message, and nothing is written.
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { call, headHash, P, setUpProgramme, startHarness, type Harness } from './helpers.ts';

const freeText = suite<{ h: Harness }>('free text at the API edge');

loudHooks(freeText);
freeText.before(async (ctx) => {
  ctx.h = await startHarness();
  await setUpProgramme(ctx.h);
});
freeText.after(async (ctx) => {
  await ctx.h.stop();
});

const base = `/api/programmes/${P}`;
const LINE = /^contient un caractère interdit \(U\+[0-9A-F]{4}\) : un nom tient sur une ligne/;
const TEXT = /^contient un caractère interdit \(U\+[0-9A-F]{4}\) : seuls la tabulation et le saut de ligne sont admis/;
const staff = { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-01', quantity: '2' };

freeText('a control character in any free-text field is a 400 on that field', async ({ h }) => {
  const cases: [string, object, string, RegExp][] = [
    ['/api/programmes', { id: 'np', name: 'Pro\u0007gramme', startsOn: '2024-01-01', endsOn: '2024-12-31' }, 'name', LINE],
    ['/api/programmes', { id: 'np', name: 'Programme', startsOn: '2024-01-01', endsOn: '2024-12-31', territory: 'Ille\u0000' }, 'territory', LINE],
    [`${base}/partners`, { id: 'np', name: 'Mairie\nde Janzé', category: 'commune' }, 'name', LINE],
    [`${base}/axes`, { id: 'nx', title: 'Axe\tun' }, 'title', LINE],
    [`${base}/actions`, { id: 'na', number: 9, title: 'Action \u0085', nature: 'fonctionnement' }, 'title', LINE],
    [`${base}/sites`, { id: 'ns', name: 'Lieu\uFFFE' }, 'name', LINE],
    [`${base}/rates`, { id: 'nr', kind: 'volunteer_time', unit: 'hour', amount: '11.65', validFrom: '2024-01-01', basis: 'SMIC\u001B[31m' }, 'basis', LINE],
    [`${base}/rates`, { id: 'nr', kind: 'volunteer_time', unit: 'hour', amount: '11.65', validFrom: '2024-01-01', basis: 'SMIC', role: 'bénévole\u007F' }, 'role', LINE],
    [`${base}/contributions`, { ...staff, id: 'c1', description: 'atelier\u000Bdu mardi' }, 'description', TEXT],
    [`${base}/contributions`, { ...staff, id: 'c1', evidence: 'feuille\u0000' }, 'evidence', TEXT],
    [`${base}/contributions`, { ...staff, id: 'c1', rate: '15', rateBasis: 'accord\u0007' }, 'rateBasis', LINE],
  ];
  const before = await headHash(h);
  for (const [path, body, field, message] of cases) {
    const a = await call(h.url, 'POST', path, { token: h.tokens.coordinator, body });
    assert.is(a.status, 400, `${path} ${field}: ${a.text}`);
    const errors = a.json.errors as { path: string; message: string }[];
    assert.is(errors.length, 1, a.text);
    assert.is(errors[0]!.path, field);
    assert.match(errors[0]!.message, message);
  }
  const cr = await call(h.url, 'POST', `${base}/contributions`, { token: h.tokens.coordinator, body: { ...staff, id: 'c1', description: 'ligne 1\r\nligne 2' } });
  assert.is(cr.status, 400);
  assert.equal(cr.json.errors, [{ path: 'description', message: 'contient un retour chariot (U+000D) : marquer les fins de ligne par un simple saut de ligne (U+000A)' }]);
  assert.is(await headHash(h), before, 'nothing written');
});

freeText('tabs and line feeds are kept in a description and an evidence reference', async ({ h }) => {
  const body = { ...staff, id: 'multi', description: 'Atelier :\n\t- accueil\n\t- impressions', evidence: 'feuille\tn° 12' };
  const a = await call(h.url, 'POST', `${base}/contributions`, { token: h.tokens.coordinator, body });
  assert.is(a.status, 201, a.text);
  const read = await call(h.url, 'GET', `${base}/contributions/multi`, { token: h.tokens.coordinator });
  assert.is(read.json.description, body.description);
  assert.is(read.json.evidence, body.evidence);
});

freeText.run();
