// Hostile input: hundreds of bad bodies (wrong types, bad numbers and dates, unknown kinds and
// units, huge strings, prototype keys, arrays, broken JSON, wrong media types) at every writing
// route. Each must be a 4xx problem+json, never a 5xx nor a stack trace, and the ledger's head hash
// must not move.
import fc from 'fast-check';
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { call, headHash, P, setUpProgramme, startHarness, type CallOptions, type Harness } from './helpers.ts';

const hostile = suite<{ h: Harness }>('hostile input');

loudHooks(hostile);
hostile.before(async (ctx) => {
  ctx.h = await startHarness();
  await setUpProgramme(ctx.h);
  // Something to correct, withdraw, validate and reject.
  const a = await call(ctx.h.url, 'POST', `/api/programmes/${P}/contributions`, {
    token: ctx.h.tokens.coordinator,
    body: { id: 'target', partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-01', quantity: '2' },
  });
  assert.is(a.status, 201);
});
hostile.after(async (ctx) => {
  await ctx.h.stop();
});

type Role = 'coordinator' | 'partner';
interface Case extends Omit<CallOptions, 'token'> {
  name: string;
  method: string;
  path: string;
  role?: Role;
}

const C = `/api/programmes/${P}/contributions`;
const MIB = 1024 * 1024;

const staffBase = { id: 'h1', partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-01', quantity: '2.5', actionId: 'a1' };
const cashBase = { id: 'h2', partnerId: 'caf', kind: 'cash', status: 'planned', date: '2024-06-01', amount: '1500' };

/** Values that are wrong for any field, whatever its type. */
const WRONG_TYPES: unknown[] = [42, -1, 0, 1e308, true, false, null, [], ['x'], {}, { a: 1 }];
const BAD_DECIMALS = [
  '0', '0.00', '-1', '-0.5', '1e309', '1e3', 'NaN', 'Infinity', '-Infinity', '1,5', '1.1234567', '01', '.5', '5.',
  '9999999999999999', '0x10', ' 1', '1 ', '+1', '', '½', '1_000',
];
const BAD_DATES = ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '24-01-01', '2024/01/01', '2024-1-1', '2024-01-01T00:00:00Z', '', '1899-12-31', '2201-01-01', 'yesterday'];
const BAD_IDS = ['', ' ', 'a b', '../etc', 'x'.repeat(81), 'é', '-lead', 'a/b', '<script>', 'a\u0000b'];

function cases(): Case[] {
  const list: Case[] = [];
  const add = (name: string, method: string, path: string, options: Omit<Case, 'name' | 'method' | 'path'>) =>
    list.push({ name, method, path, ...options });
  const contribution = (name: string, body: unknown, role: Role = 'coordinator') => add(`contribution: ${name}`, 'POST', C, { body, role });
  const with_ = (base: object, field: string, value: unknown) => ({ ...base, [field]: value });
  const without = (base: Record<string, unknown>, field: string) => {
    const copy = { ...base };
    delete copy[field];
    return copy;
  };

  // ---- contributions: every field with wrong types ----
  for (const field of ['id', 'partnerId', 'kind', 'status', 'date', 'until', 'quantity', 'unit', 'rate', 'rateBasis', 'role', 'actionId', 'siteId', 'description', 'evidence', 'taxBasis'])
    for (const value of WRONG_TYPES) contribution(`${field} = ${JSON.stringify(value)}`, with_(staffBase, field, value));
  for (const value of ['yes', 1, 0, null, []]) contribution(`vatRecoverable = ${JSON.stringify(value)}`, with_(cashBase, 'vatRecoverable', value));
  for (const value of WRONG_TYPES) contribution(`amount = ${JSON.stringify(value)}`, with_(cashBase, 'amount', value));

  // ---- bad values of the right type ----
  for (const id of BAD_IDS) contribution(`id "${id.slice(0, 20)}"`, with_(staffBase, 'id', id));
  for (const d of BAD_DECIMALS) contribution(`quantity "${d}"`, with_(staffBase, 'quantity', d));
  for (const d of [...BAD_DECIMALS, '100000000.01', '999999999999999']) contribution(`amount "${d}"`, with_(cashBase, 'amount', d));
  for (const d of ['0', '-12', '1e309', 'NaN', '10000.01']) contribution(`rate "${d}"`, { ...staffBase, rate: d, rateBasis: 'accord' });
  for (const d of BAD_DATES) contribution(`date "${d}"`, with_(staffBase, 'date', d));
  for (const d of ['2024-02-30', '2024-02-01', '2027-01-01']) contribution(`until "${d}"`, with_(staffBase, 'until', d));
  for (const d of ['2022-12-31', '2027-01-01']) contribution(`date outside the programme ${d}`, with_(staffBase, 'date', d));
  for (const kind of ['gold', 'STAFF_TIME', 'staff time', '', 'cash ', 'volunteer']) contribution(`kind "${kind}"`, with_(staffBase, 'kind', kind));
  for (const status of ['done', 'PLANNED', '', 'actual ']) contribution(`status "${status}"`, with_(staffBase, 'status', status));
  for (const unit of ['hours', 'kg', '', 'eur', 'day', 'HOUR']) contribution(`unit "${unit}"`, with_(staffBase, 'unit', unit));
  contribution('unknown partner', with_(staffBase, 'partnerId', 'mairie-inconnue'));
  contribution('unknown action', with_(staffBase, 'actionId', 'a99'));
  contribution('unknown site', with_(staffBase, 'siteId', 's99'));
  contribution('staff time with an amount', { ...staffBase, amount: '10' });
  contribution('cash with a quantity', { ...cashBase, quantity: '3' });
  contribution('cash with a rate', { ...cashBase, rate: '3', rateBasis: 'x' });
  contribution('rate without its basis', { ...staffBase, rate: '15' });
  contribution('rate basis without a rate', { ...staffBase, rateBasis: 'accord' });
  contribution('HT on staff time', { ...staffBase, taxBasis: 'HT' });
  contribution('VAT on staff time', { ...staffBase, vatRecoverable: true });
  contribution('tax basis XX', { ...cashBase, kind: 'prestation', taxBasis: 'XX' });
  contribution('empty rate basis', { ...staffBase, rate: '15', rateBasis: '   ' });
  contribution('rate basis of 201 characters', { ...staffBase, rate: '15', rateBasis: 'x'.repeat(201) });
  contribution('role of 201 characters', { ...staffBase, role: 'r'.repeat(201) });
  contribution('description of 2001 characters', { ...staffBase, description: 'd'.repeat(2001) });
  contribution('evidence of 60 000 characters', { ...staffBase, evidence: 'e'.repeat(60_000) });
  for (const field of ['id', 'partnerId', 'kind', 'status', 'date']) contribution(`missing ${field}`, without(staffBase, field));
  contribution('staff time without quantity', without(staffBase, 'quantity'));
  contribution('cash without amount', without(cashBase, 'amount'));
  contribution('empty object', {});

  // ---- unknown and dangerous keys ----
  for (const key of ['colour', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'value', 'version', 'review', 'programmeId', 'contributionId', 'Kind', 'quantité'])
    contribution(`unknown field ${key}`, with_(staffBase, key, 'x'));
  const rawContribution = (name: string, raw: string | Uint8Array, role: Role = 'coordinator', headers?: Record<string, string>) =>
    add(`contribution raw: ${name}`, 'POST', C, { raw, role, headers });
  const staffJson = JSON.stringify(staffBase).slice(1, -1);
  rawContribution('__proto__ key', `{"__proto__": {"isAdmin": true}, ${staffJson}}`);
  rawContribution('__proto__ null', `{"__proto__": null, ${staffJson}}`);
  rawContribution('constructor.prototype', `{"constructor": {"prototype": {"polluted": 1}}, ${staffJson}}`);
  rawContribution('__proto__ in content', `{${staffJson}, "description": {"__proto__": {"x": 1}}}`);
  rawContribution('duplicated key, last one bad', `{${staffJson}, "quantity": "-3"}`);
  // Lone UTF-16 surrogates have no canonical JSON: they could never be hashed into the log.
  rawContribution('lone surrogate in a description', JSON.stringify({ ...staffBase, description: 'atelier \ud800' }));
  rawContribution('lone low surrogate in evidence', JSON.stringify({ ...staffBase, evidence: '\udc00 facture' }));
  rawContribution('lone surrogate in a key', `{${staffJson}, "\\ud800": "x"}`);
  rawContribution('lone surrogate in the id', JSON.stringify({ ...staffBase, id: 'a\ud800' }));
  add('lone surrogate in a reason', 'POST', `${C}/target/withdrawal`, { raw: JSON.stringify({ expectedVersion: 1, reason: 'doublon \udfff' }), role: 'coordinator' });
  add('lone surrogate in a partner name', 'POST', `/api/programmes/${P}/partners`, { raw: JSON.stringify({ id: 'ls', name: 'Mairie \ud83d', category: 'commune' }), role: 'coordinator' });
  rawContribution('quantity 1e309 as a JSON number', `{${staffJson.replace('"2.5"', '1e309')}}`);
  rawContribution('quantity NaN as a bare word', `{${staffJson.replace('"2.5"', 'NaN')}}`);
  rawContribution('quantity 2.5 as a JSON number', `{${staffJson.replace('"2.5"', '2.5')}}`);
  rawContribution('quantity -0 as a JSON number', `{${staffJson.replace('"2.5"', '-0')}}`);

  // ---- not an object ----
  for (const raw of ['[]', `[${JSON.stringify(staffBase)}]`, '"staff_time"', '42', 'null', 'true', '[[[[[]]]]]', `{"a": ${'['.repeat(5000)}${']'.repeat(5000)}}`])
    rawContribution(`top level ${raw.slice(0, 30)}`, raw);

  // ---- broken JSON ----
  for (const raw of ['{', '{"id": }', "{'id': 'x'}", '{"id":"x",}', 'undefined', '{"a":NaN}', '', ' ', '\u0000', '{"id":"x"}}', '{"id":"x" "kind":"cash"}', '\ufeff{"id":"x"}', '{"id":"\\ud800"', '/* */{}', `${'['.repeat(30_000)}`])
    rawContribution(`broken ${JSON.stringify(raw.slice(0, 20))}`, raw);
  rawContribution('invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]));

  // ---- too large: 1 MiB strings (413) ----
  for (const field of ['id', 'description', 'evidence', 'partnerId', 'kind'])
    contribution(`1 MiB ${field}`, with_(staffBase, field, 'x'.repeat(MIB)));
  rawContribution('1 MiB of spaces', ' '.repeat(MIB));
  rawContribution('1 MiB array', `[${'1,'.repeat(MIB / 2)}1]`);

  // ---- media types ----
  rawContribution('text/plain', JSON.stringify(staffBase), 'coordinator', { 'content-type': 'text/plain' });
  rawContribution('form', 'id=h1&kind=cash', 'coordinator', { 'content-type': 'application/x-www-form-urlencoded' });
  rawContribution('latin1 charset', JSON.stringify(staffBase), 'coordinator', { 'content-type': 'application/json; charset=latin1' });
  rawContribution('gzip', JSON.stringify(staffBase), 'coordinator', { 'content-encoding': 'gzip' });
  rawContribution('multipart', '--x\r\n\r\n--x--', 'coordinator', { 'content-type': 'multipart/form-data; boundary=x' });

  // ---- a partner ----
  contribution('partner records for another partner', with_(staffBase, 'partnerId', 'asso'), 'partner');
  contribution('partner with a negative quantity', with_(staffBase, 'quantity', '-2'), 'partner');

  // ---- the same id with other content ----
  contribution('id reused with other content', { id: 'target', partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-01', quantity: '3' });

  // ---- corrections, withdrawal, validation, rejection ----
  const correction = { partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: '2024-03-01', quantity: '3', expectedVersion: 1, reason: 'corrigé' };
  const target = `${C}/target`;
  for (const v of ['1', 1.5, 0, -1, null, [], {}, 1e12, true]) add(`correction expectedVersion ${JSON.stringify(v)}`, 'POST', `${target}/corrections`, { body: with_(correction, 'expectedVersion', v), role: 'coordinator' });
  add('correction expectedVersion 1e309', 'POST', `${target}/corrections`, { raw: JSON.stringify(correction).replace('"expectedVersion":1', '"expectedVersion":1e309'), role: 'coordinator' });
  add('correction without expectedVersion', 'POST', `${target}/corrections`, { body: without(correction, 'expectedVersion'), role: 'coordinator' });
  add('correction stale version', 'POST', `${target}/corrections`, { body: with_(correction, 'expectedVersion', 2), role: 'coordinator' });
  for (const r of ['', '   ', 'r'.repeat(201), 42, null]) add(`correction reason ${JSON.stringify(r).slice(0, 20)}`, 'POST', `${target}/corrections`, { body: with_(correction, 'reason', r), role: 'coordinator' });
  add('correction without reason', 'POST', `${target}/corrections`, { body: without(correction, 'reason'), role: 'coordinator' });
  add('correction that changes nothing', 'POST', `${target}/corrections`, { body: with_(correction, 'quantity', '2'), role: 'coordinator' });
  for (const d of ['2024-02-30', '-3', 'NaN']) add(`correction quantity/date ${d}`, 'POST', `${target}/corrections`, { body: with_(correction, d.includes('-0') ? 'date' : 'quantity', d), role: 'coordinator' });
  add('correction with another id', 'POST', `${target}/corrections`, { body: { ...correction, id: 'other' }, role: 'coordinator' });
  add('correction moving it to another partner by a partner', 'POST', `${target}/corrections`, { body: with_(correction, 'partnerId', 'asso'), role: 'partner' });
  add('correction of an unknown contribution', 'POST', `${C}/nope/corrections`, { body: correction, role: 'coordinator' });
  add('correction with an unknown field', 'POST', `${target}/corrections`, { body: { ...correction, value: '10.00' }, role: 'coordinator' });
  for (const [route, body] of [
    ['withdrawal', { expectedVersion: 1, reason: 'doublon' }],
    ['rejection', { expectedVersion: 1, reason: 'hors champ' }],
    ['validation', { expectedVersion: 1 }],
  ] as const) {
    for (const v of ['1', 0, -5, 2.5, null, 99]) add(`${route} expectedVersion ${JSON.stringify(v)}`, 'POST', `${target}/${route}`, { body: { ...body, expectedVersion: v }, role: 'coordinator' });
    add(`${route} empty body`, 'POST', `${target}/${route}`, { body: {}, role: 'coordinator' });
    add(`${route} array body`, 'POST', `${target}/${route}`, { body: [body], role: 'coordinator' });
    add(`${route} extra field`, 'POST', `${target}/${route}`, { body: { ...body, force: true }, role: 'coordinator' });
    add(`${route} __proto__`, 'POST', `${target}/${route}`, { raw: `{"__proto__": {"expectedVersion": 1}}`, role: 'coordinator' });
    add(`${route} no body`, 'POST', `${target}/${route}`, { role: 'coordinator' });
    add(`${route} bad contribution id`, 'POST', `${C}/${encodeURIComponent('a b')}/${route}`, { body, role: 'coordinator' });
  }
  for (const r of ['', '  ', 'x'.repeat(201)]) add(`withdrawal reason ${JSON.stringify(r).slice(0, 12)}`, 'POST', `${target}/withdrawal`, { body: { expectedVersion: 1, reason: r }, role: 'coordinator' });
  add('rejection without reason', 'POST', `${target}/rejection`, { body: { expectedVersion: 1 }, role: 'coordinator' });
  add('validation by a partner', 'POST', `${target}/validation`, { body: { expectedVersion: 1 }, role: 'partner' });

  // ---- set-up ----
  const programme = { id: 'p-new', name: 'Nouveau', startsOn: '2024-01-01', endsOn: '2024-12-31' };
  for (const [field, values] of [
    ['id', [...BAD_IDS, 42, null]],
    ['name', ['', '   ', 'n'.repeat(201), 42, null, []]],
    ['startsOn', [...BAD_DATES, 20240101]],
    ['endsOn', ['2024-02-30', '2023-12-31', null]],
    ['territory', [42, '', 'x'.repeat(201)]],
  ] as const)
    for (const v of values) add(`programme ${field} ${JSON.stringify(v).slice(0, 20)}`, 'POST', '/api/programmes', { body: with_(programme, field, v), role: 'coordinator' });
  add('programme unknown field', 'POST', '/api/programmes', { body: { ...programme, budget: '1000' }, role: 'coordinator' });
  add('programme reused id', 'POST', '/api/programmes', { body: { ...programme, id: P }, role: 'coordinator' });
  add('programme as array', 'POST', '/api/programmes', { body: [programme], role: 'coordinator' });
  const setUp = `/api/programmes/${P}`;
  for (const c of ['mairie', 'Commune', '', 1, null]) add(`partner category ${JSON.stringify(c)}`, 'POST', `${setUp}/partners`, { body: { id: 'np', name: 'N', category: c }, role: 'coordinator' });
  add('partner reused id', 'POST', `${setUp}/partners`, { body: { id: 'ccas', name: 'Autre', category: 'ccas' }, role: 'coordinator' });
  add('partner 1 MiB name', 'POST', `${setUp}/partners`, { body: { id: 'np', name: 'n'.repeat(MIB), category: 'ccas' }, role: 'coordinator' });
  add('axis without title', 'POST', `${setUp}/axes`, { body: { id: 'nx' }, role: 'coordinator' });
  add('axis title object', 'POST', `${setUp}/axes`, { body: { id: 'nx', title: { fr: 'x' } }, role: 'coordinator' });
  const action = { id: 'na', number: 7, title: 'Nouvelle', nature: 'fonctionnement' };
  for (const n of ['7', 0, -1, 1.5, 10_000, null]) add(`action number ${JSON.stringify(n)}`, 'POST', `${setUp}/actions`, { body: with_(action, 'number', n), role: 'coordinator' });
  add('action number 1e309', 'POST', `${setUp}/actions`, { raw: JSON.stringify(action).replace('"number":7', '"number":1e309'), role: 'coordinator' });
  for (const nature of ['both', 'Investissement', '']) add(`action nature ${nature}`, 'POST', `${setUp}/actions`, { body: with_(action, 'nature', nature), role: 'coordinator' });
  add('action unknown axis', 'POST', `${setUp}/actions`, { body: { ...action, axisId: 'ax9' }, role: 'coordinator' });
  add('action unknown pilot', 'POST', `${setUp}/actions`, { body: { ...action, pilotPartnerId: 'zz' }, role: 'coordinator' });
  add('action number taken', 'POST', `${setUp}/actions`, { body: with_(action, 'number', 1), role: 'coordinator' });
  add('site unknown partner', 'POST', `${setUp}/sites`, { body: { id: 'ns', name: 'Lieu', partnerId: 'zz' }, role: 'coordinator' });
  const rate = { id: 'nr', kind: 'volunteer_time', unit: 'hour', amount: '11.65', validFrom: '2024-01-01', basis: 'SMIC' };
  for (const a of ['0', '-11.65', '1e309', 'NaN', '10000.01', 11.65, '']) add(`rate amount ${JSON.stringify(a)}`, 'POST', `${setUp}/rates`, { body: with_(rate, 'amount', a), role: 'coordinator' });
  add('rate for cash', 'POST', `${setUp}/rates`, { body: { ...rate, kind: 'cash', unit: 'eur' }, role: 'coordinator' });
  add('rate unit mismatch', 'POST', `${setUp}/rates`, { body: with_(rate, 'unit', 'day'), role: 'coordinator' });
  add('rate unknown unit', 'POST', `${setUp}/rates`, { body: with_(rate, 'unit', 'minute'), role: 'coordinator' });
  add('rate ends before it starts', 'POST', `${setUp}/rates`, { body: { ...rate, validUntil: '2023-12-31' }, role: 'coordinator' });
  add('rate impossible date', 'POST', `${setUp}/rates`, { body: with_(rate, 'validFrom', '2024-02-30'), role: 'coordinator' });
  add('rate unknown partner', 'POST', `${setUp}/rates`, { body: { ...rate, partnerId: 'zz' }, role: 'coordinator' });
  add('rate without basis', 'POST', `${setUp}/rates`, { body: without(rate, 'basis'), role: 'coordinator' });
  add('set-up in an unknown programme', 'POST', '/api/programmes/nope/rates', { body: rate, role: 'coordinator' });
  add('set-up with a bad programme id', 'POST', `/api/programmes/${encodeURIComponent('<p>')}/rates`, { body: rate, role: 'coordinator' });
  add('set-up by a partner', 'POST', `${setUp}/rates`, { body: rate, role: 'partner' });
  add('unknown query parameter on a write', 'POST', `${C}?dryRun=1`, { body: staffBase, role: 'coordinator' });
  return list;
}

hostile('at least 200 hostile bodies: each 4xx problem+json, none 5xx, no stack, head hash unchanged', async ({ h }) => {
  const list = cases();
  assert.ok(list.length >= 200, `only ${list.length} cases`);
  const before = await headHash(h);
  const statuses = new Map<number, number>();
  for (const c of list) {
    const token = c.role === 'partner' ? h.tokens.partner : h.tokens.coordinator;
    const a = await call(h.url, c.method, c.path, { token, body: c.body, raw: c.raw, headers: c.headers });
    statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    assert.ok(a.status >= 400 && a.status < 500, `${c.name}: answered ${a.status} ${a.text.slice(0, 300)}`);
    assert.ok(a.contentType.startsWith('application/problem+json'), `${c.name}: content type ${a.contentType}`);
    assert.is(a.json.status, a.status, c.name);
    assert.ok(Array.isArray(a.json.errors), c.name);
    assert.not.match(a.text, /\bat .+\.(ts|js):\d+/, `${c.name}: a stack trace leaked`);
    assert.ok(a.text.length < 20_000, `${c.name}: the answer echoes the input (${a.text.length} characters)`);
  }
  assert.is(await headHash(h), before, 'no hostile body wrote anything');
  // The mix is what we meant: mostly 400, and the other refusals each seen.
  for (const status of [400, 403, 404, 409, 413, 415]) assert.ok((statuses.get(status) ?? 0) > 0, `no ${status} seen`);
  assert.ok(({} as Record<string, unknown>).isAdmin === undefined && ({} as Record<string, unknown>).polluted === undefined, 'no prototype pollution');

  // The server still works and still verifies.
  const ok = await call(h.url, 'POST', C, { token: h.tokens.partner, body: staffBase });
  assert.is(ok.status, 201);
  const verify = await call(h.url, 'GET', '/api/ledger/verify', { token: h.tokens.auditor });
  assert.is(verify.json.ok, true);
});

hostile('property: no JSON body, however odd, makes the server fail (5xx) or leave problem+json', async ({ h }) => {
  // Each field drawn from good values, random JSON or random text: mostly refusals, some recordings.
  const field = (good: unknown[]) => fc.oneof(fc.constantFrom(...good), fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 30 }), fc.constant(undefined));
  const body = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.record({
      id: fc.oneof(fc.uuid(), fc.string({ maxLength: 100 })),
      partnerId: field(['ccas', 'asso', 'caf']),
      kind: field(['staff_time', 'volunteer_time', 'premises', 'cash', 'prestation', 'kiosk']),
      status: field(['planned', 'actual']),
      date: field(['2024-03-01', '2025-12-31', '2024-02-29']),
      until: field(['2024-03-31', undefined]),
      quantity: field(['1', '2.5', '0.000001', '100000']),
      unit: field(['hour', 'half_day', 'eur', undefined]),
      amount: field(['10', '99999999.99', undefined]),
      rate: field(['15.5', undefined]),
      rateBasis: field(['accord', undefined]),
      actionId: field(['a1', 'a2', undefined]),
      description: field(['atelier', undefined]),
    }),
  );
  await fc.assert(
    fc.asyncProperty(body, async (value) => {
      const a = await call(h.url, 'POST', C, { token: h.tokens.coordinator, raw: JSON.stringify(value) ?? 'null' });
      if (a.status >= 500) return false;
      if (a.status >= 400) return a.contentType.startsWith('application/problem+json') && a.json.status === a.status;
      return a.status === 201;
    }),
    { numRuns: 300 },
  );
  assert.is((await call(h.url, 'GET', '/api/ledger/verify', { token: h.tokens.auditor })).json.ok, true);
});

hostile('hostile query strings are 400 problem+json too', async ({ h }) => {
  const queries = [
    'totals?status=done', 'totals?year=abc', 'totals?year=1e3', 'totals?asOf=-1', 'totals?asOf=1e3', 'totals?asOf=99999999', 'totals?include=all',
    'totals?__proto__=x', 'totals?status=actual&status=planned', 'totals?constructor=1', 'totals?year[]=2024', 'totals?actionId=%3Cx%3E',
    'contributions?limit=0', 'contributions?limit=100001', 'contributions?offset=-1', 'contributions?kind=gold', 'contributions?review=deleted', `contributions?partnerId=${'x'.repeat(100)}`,
    'contributions/target?asOf=abc', 'contributions/target?format=csv',
  ];
  const paths = [...queries.map((q) => `/api/programmes/${P}/${q}`), '/api/programmes/%E0%A4%A/totals', `/api/programmes/${P}/contributions/%FF`];
  for (const path of paths) {
    const a = await call(h.url, 'GET', path, { token: h.tokens.auditor });
    assert.is(a.status, 400, `${path}: ${a.status} ${a.text.slice(0, 200)}`);
    assert.ok(a.contentType.startsWith('application/problem+json'));
  }
});

hostile.run();
