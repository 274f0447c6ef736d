// A Schemathesis-style property test of our own: fast-check builds requests from the OpenAPI
// document the server publishes (path and query parameters, bodies), valid ones and ones with one
// thing broken, for every operation and every role (and no token, and a bad one), sends them to a
// real server over a real ledger, and holds every answer to the document. Properties:
// - never a server error (5xx);
// - every answer conforms: its status is listed for the operation, its content type described, its
//   body valid against the schema (ajv);
// - a request the document itself refuses (judged by ajv, not by how it was made) is answered 4xx;
//   one without a valid token on a token route, 401.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { call, P, setUpProgramme, staffTime, startHarness, type Harness } from './helpers.ts';
import { OpenApiValidator, type DocumentedOperation } from './openapi-validator.ts';
import { API_FR } from '../../src/messages/fr.ts';
import { broken, brokenParameter, valid, type Hints } from './schema-arbitrary.ts';

interface Ctx {
  h: Harness;
  doc: OpenApiValidator;
  statuses: Map<number, number>;
  accepted: number;
}

/** The details of a 400 from the request schemas themselves (parseRequest), as opposed to a domain rule. */
const PARSING_DETAILS = new Set<string>([API_FR.badBody, API_FR.badQuery, API_FR.badPath]);

const test = suite<Ctx>('OpenAPI property');
const RUNS_PER_OPERATION = Number(process.env.SOCLE_PROPERTY_RUNS ?? 30);

test.before(async (ctx) => {
  ctx.h = await startHarness();
  await setUpProgramme(ctx.h);
  for (const body of [staffTime('c1'), { id: 'c2', partnerId: 'asso', kind: 'cash', status: 'actual', date: '2024-05-02', amount: '150' }, staffTime('c3', { status: 'planned' })]) {
    const a = await call(ctx.h.url, 'POST', `/api/programmes/${P}/contributions`, { token: ctx.h.tokens.coordinator, body });
    if (a.status !== 201) throw new Error(`set-up: ${a.status} ${a.text}`);
  }
  ctx.doc = new OpenApiValidator((await call(ctx.h.url, 'GET', '/api/openapi.json')).json);
  ctx.statuses = new Map();
  ctx.accepted = 0;
});
test.after(async (ctx) => {
  await ctx.h.stop();
});

const HINTS: Hints = {
  byName: {
    p: [P, P, 'nope'],
    c: ['c1', 'c2', 'c3', 'zz'],
    id: ['c1', 'n1', 'n2', 'ccas'],
    partnerId: ['ccas', 'asso', 'caf'],
    pilotPartnerId: ['ccas'],
    applicant: ['ccas', 'caf', 'asso'],
    actionId: ['a1', 'a2'],
    axisId: ['ax1'],
    siteId: ['s1'],
    asOf: ['1', '5', '12', '20'],
    year: ['2024', '2023'],
  },
};

type Json = Record<string, any>;

interface Request {
  token: string | undefined;
  path: string;
  query: [string, string][];
  body: unknown;
  /** Whether the document accepts the request (ajv on each part). */
  documentValid: boolean;
}

function requestArbitrary(ctx: Ctx, op: DocumentedOperation): fc.Arbitrary<Request> {
  const parameters = (op.operation.parameters ?? []) as Json[];
  const pathParameters = parameters.filter((p) => p.in === 'path');
  const queryParameters = parameters.filter((p) => p.in === 'query');
  const bodySchema = op.operation.requestBody?.content?.['application/json']?.schema as Json | undefined;
  const tokens = ctx.h.tokens;
  const token = fc.constantFrom<string | undefined>(tokens.coordinator, tokens.partner, tokens.otherPartner, tokens.strayPartner, tokens.treasurer, tokens.auditor, undefined, 'socle_wrong');

  const pathValues = fc.tuple(
    ...pathParameters.map((p) =>
      fc.oneof({ weight: 9, arbitrary: valid(p.schema, HINTS, p.name).map(String) }, { weight: 1, arbitrary: fc.constantFrom('x y', '-a', 'é', '_') }),
    ),
  );
  const queryArbitraries: Record<string, fc.Arbitrary<string>> = Object.fromEntries(
    queryParameters.map((p) => [p.name, fc.oneof({ weight: 6, arbitrary: valid(p.schema, HINTS, p.name).map(String) }, { weight: 1, arbitrary: brokenParameter(p.schema) })]),
  );
  const queryValues = fc.record(queryArbitraries, { requiredKeys: queryParameters.filter((p) => p.required).map((p) => p.name) as never[] });
  // The document says unknown query parameters are refused (400) by every operation that lists a 400.
  const refusesUnknown = op.operation.responses['400'] !== undefined;
  const extraQuery = fc.oneof({ weight: 8, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: fc.constant<[string, string][]>([['bogus', '1']]) });
  const body = bodySchema ? fc.oneof({ weight: 3, arbitrary: valid(bodySchema, HINTS) }, { weight: 2, arbitrary: broken(bodySchema, HINTS) }) : fc.constant(undefined);

  return fc.tuple(token, pathValues, queryValues, extraQuery, body).map(([tok, pathParts, query, extra, b]) => {
    let path = op.path;
    let documentValid = true;
    pathParameters.forEach((p, i) => {
      const value = pathParts[i]!;
      path = path.replace(`{${p.name}}`, encodeURIComponent(value));
      if (!ctx.doc.validator(p.schema)(value)) documentValid = false;
    });
    const entries: [string, string][] = [...Object.entries(query as Record<string, string>), ...extra];
    for (const [name, value] of entries) {
      const parameter = queryParameters.find((p) => p.name === name);
      if (parameter ? !ctx.doc.validator(parameter.schema)(value) : refusesUnknown) documentValid = false;
    }
    if (bodySchema && !ctx.doc.validator(bodySchema)(b)) documentValid = false;
    return { token: tok, path, query: entries, body: b, documentValid };
  });
}

test('requests built from the document, for every operation and role: no 5xx, every answer as documented', async (ctx) => {
  const failures: string[] = [];
  for (const op of ctx.doc.operations) {
    const needsToken = (op.operation.security as unknown[]).length > 0;
    await fc.assert(
      fc.asyncProperty(requestArbitrary(ctx, op), async (request) => {
        const search = new URLSearchParams(request.query).toString();
        const target = search ? `${request.path}?${search}` : request.path;
        const answer = await call(ctx.h.url, op.method.toUpperCase(), target, {
          ...(request.token !== undefined && { token: request.token }),
          ...(request.body !== undefined && { body: request.body }),
        });
        ctx.statuses.set(answer.status, (ctx.statuses.get(answer.status) ?? 0) + 1);
        const why = `${op.method.toUpperCase()} ${target} ${JSON.stringify(request.body)?.slice(0, 300)} → ${answer.status} ${answer.text.slice(0, 300)}`;
        assert.ok(answer.status < 500, `server error: ${why}`);
        const mismatches = ctx.doc.mismatches(op.method, target, answer);
        assert.equal(mismatches, [], `${why}\n${mismatches.join('\n')}`);
        const validToken = request.token !== undefined && request.token !== 'socle_wrong';
        if (needsToken && !validToken) assert.is(answer.status, 401, why);
        else if (!request.documentValid) assert.ok(answer.status >= 400 && answer.status < 500, `the document refuses it, the server took it: ${why}`);
        // And the other way: what the document accepts, the request schemas accept too. A domain rule
        // may still refuse it (an unknown partner, a date outside the programme), never the parsing.
        else if (answer.status === 400) assert.not.ok(PARSING_DETAILS.has(answer.json.detail), `the document accepts it, the schemas refused it: ${why}`);
        if (answer.status < 300) ctx.accepted++;
      }),
      { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
    ).catch((error: unknown) => failures.push(`${op.method} ${op.path}: ${String((error as { cause?: unknown }).cause ?? error).slice(0, 3000)}`));
  }
  assert.equal(failures, [], failures.join('\n\n'));
  // The runs reached past the guards: successes, refusals of input and of access were all met.
  for (const status of [200, 201, 400, 401, 403, 404]) assert.ok((ctx.statuses.get(status) ?? 0) > 0, `no ${status} in ${JSON.stringify([...ctx.statuses])}`);
  if (process.env.SOCLE_PROPERTY_STATS) console.log(JSON.stringify({ statuses: Object.fromEntries(ctx.statuses), accepted: ctx.accepted }));
});

test.run();
