// The route table (src/api/route-table.ts) is the one place a route is written: every entry carries
// its handler, the express app holds exactly the table's routes (a path or a method not in it is a
// 404 or a 405), and the roles a route takes are the table's (a role outside them is a 403 before
// anything else is looked at). A real server on loopback, a real token per role.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loudHooks } from '../support/loud-hooks.ts';
import { createApp } from '../../src/api/app.ts';
import { OPERATIONS, type Operation } from '../../src/api/route-table.ts';
import type { Role } from '../../src/domain/actor.ts';
import { API_FR, DOMAIN_FR } from '../../src/messages/fr.ts';
import { call, startHarness, type Harness } from './helpers.ts';

const table = suite<{ h: Harness }>('one route table');
loudHooks(table);
table.before(async (ctx) => {
  ctx.h = await startHarness({ webDir: null });
});
table.after(async (ctx) => {
  await ctx.h.stop();
});

/** A concrete path of an entry: a programme nobody opened, and plausible words for the other parts. */
function concrete(op: Operation): string {
  const words: Record<string, string> = { p: 'nope', workbook: 'budget', year: '2024' };
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => words[name] ?? 'x1');
}

const TOKEN_OF: Record<Role, keyof Harness['tokens']> = { coordinator: 'coordinator', partner: 'partner', treasurer: 'treasurer', auditor: 'auditor' };

table('every entry has a handler, and no two entries the same method and path', () => {
  assert.ok(OPERATIONS.length >= 50, `${OPERATIONS.length} entries`);
  for (const op of OPERATIONS) assert.type(op.handler, 'function', `${op.method} ${op.path}`);
  const keys = OPERATIONS.map((op) => `${op.method} ${op.path}`);
  assert.is(new Set(keys).size, keys.length);
});

table('the express app holds the table’s routes and no other, in express’s spelling', () => {
  const app = createApp({ socle: {} as never, tokens: {} as never, webDir: null });
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const api = ((app as unknown as { router: { stack: Layer[] } }).router.stack).find((l) => l.handle?.stack !== undefined)!;
  const mounted = api.handle!.stack!.filter((l) => l.route).flatMap((l) => Object.keys(l.route!.methods).map((m) => `${m.toUpperCase()} /api${l.route!.path}`));
  assert.is(mounted.length, OPERATIONS.length);
  // Written out by hand for a few: the express spelling of the table's {name} parameters.
  for (const route of ['GET /api/health', 'GET /api/me', 'POST /api/programmes', 'POST /api/programmes/:p/imports', 'GET /api/programmes/:p/exports/:workbook.xlsx', 'POST /api/programmes/:p/scenarios/:s/facts/:f/removal', 'GET /api/ledger/proof'])
    assert.ok(mounted.includes(route), route);
  const fromTable = OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`);
  assert.equal([...mounted].sort(), [...fromTable].sort());
});

table('every entry is answered by its route: never the 404 of an unknown route, never a 405', async ({ h }) => {
  for (const op of OPERATIONS) {
    const role = op.roles?.includes('coordinator') === false ? op.roles[0]! : 'coordinator';
    const answer = await call(h.url, op.method.toUpperCase(), concrete(op), { token: h.tokens[TOKEN_OF[role]], ...(op.method === 'post' && { body: {} }) });
    const name = `${op.method} ${op.path} → ${answer.status} ${answer.text.slice(0, 200)}`;
    assert.is.not(answer.status, 405, name);
    assert.is.not(answer.json?.detail, API_FR.noSuchRoute, name);
    assert.ok(answer.status < 500, name);
  }
});

table('a role outside an entry’s roles is a 403 from the table, before the path, query or body is looked at', async ({ h }) => {
  let checked = 0;
  for (const op of OPERATIONS) {
    const outside = (['partner', 'treasurer', 'auditor', 'coordinator'] as const).find((role) => op.roles !== undefined && !op.roles.includes(role));
    if (outside === undefined) continue;
    // An unknown query parameter and a body of unknown fields: the role is refused first all the same.
    const answer = await call(h.url, op.method.toUpperCase(), `${concrete(op)}?unknown=1`, { token: h.tokens[TOKEN_OF[outside]], ...(op.method === 'post' && { body: { bad: 1 } }) });
    assert.is(answer.status, 403, `${op.method} ${op.path} as ${outside}: ${answer.text}`);
    assert.is(answer.json.detail, DOMAIN_FR.roleMayNot(outside), `${op.method} ${op.path}`);
    checked++;
  }
  // Every entry but the 2 without a token (health, openapi.json) and the 8 open to every role (me,
  // the programmes, a programme, the contributions, a contribution, totals, service, indicators).
  assert.is(checked, OPERATIONS.length - 10);
});

table('a path the table does not have is a 404; a method it does not list for a path, a 405 with Allow', async ({ h }) => {
  const token = h.tokens.coordinator;
  const unknown = await call(h.url, 'GET', '/api/programmes/nope/nothing', { token });
  assert.is(unknown.status, 404);
  assert.is(unknown.json.detail, API_FR.noSuchRoute);
  const deleted = await call(h.url, 'DELETE', '/api/programmes/nope', { token });
  assert.is(deleted.status, 405);
  assert.is(deleted.headers.get('allow'), 'GET, HEAD');
  const read = await call(h.url, 'GET', '/api/programmes/nope/closing-policy', { token });
  assert.is(read.status, 405);
  assert.is(read.headers.get('allow'), 'POST');
  const put = await call(h.url, 'PUT', '/api/health');
  assert.is(put.status, 405);
  assert.is(put.headers.get('allow'), 'GET, HEAD');
});

table.run();
