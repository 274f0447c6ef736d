// POST a contribution is answered without express when it can be (src/api/fast-record.ts). The same
// requests, sent in the same order to two servers over two identical ledgers, one with the fast path
// (startServer) and one with express alone, must get the same answers byte for byte (status, every
// header but Date, body), the same request log lines, and leave the same events in the log.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { suite } from 'uvu';
import { loudHooks } from '../support/loud-hooks.ts';
import * as assert from 'uvu/assert';
import { createApp } from '../../src/api/app.ts';
import { fastRecordContribution } from '../../src/api/fast-record.ts';
import { PIPELINE, type Step } from '../../src/api/pipeline.ts';
import { Socle } from '../../src/app/socle.ts';
import { TokenStore } from '../../src/auth/token-store.ts';
import { call, createTokens, P, setUpProgramme, type Harness } from './helpers.ts';

interface Side {
  dir: string;
  url: string;
  socle: Socle;
  tokenStore: TokenStore;
  tokens: Record<string, string>;
  logs: Record<string, unknown>[];
  /** Requests the fast path took. */
  taken: { count: number };
  close(): Promise<void>;
}

/** A ledger with the helpers' programme, its tokens, and a server: fast path on or off. */
async function side(fast: boolean, pipeline?: readonly Step[]): Promise<Side> {
  const dir = mkdtempSync(join(tmpdir(), `socle-fast-${fast ? 'on' : 'off'}-`));
  const tokenStore = TokenStore.open({ dataDir: dir });
  const socle = await Socle.open({ dataDir: dir });
  const tokens = { ...createTokens(tokenStore), revoked: tokenStore.create({ role: 'coordinator', name: 'Ancienne coordination' }).token };
  tokenStore.revoke(tokenStore.list().find((t) => t.name === 'Ancienne coordination')!.id);
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level: 'info' }, sink);
  let url: string;
  let close: () => Promise<void>;
  const taken = { count: 0 };
  {
    // As startServer does, counting the requests the fast path takes; express alone on the other side.
    const app = createApp({ socle, tokens: tokenStore, logger, webDir: null, ...(pipeline && { pipeline }) });
    const take = fastRecordContribution({ app, socle, tokens: tokenStore, logger });
    const server: Server = createServer(fast ? (req, res) => (take(req, res) ? taken.count++ : app(req, res)) : app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      tokenStore.close();
      await socle.close();
    };
  }
  await setUpProgramme({ url, tokens } as unknown as Harness);
  return {
    dir,
    url,
    socle,
    tokenStore,
    tokens,
    logs,
    taken,
    async close() {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Raw {
  status: number;
  /** Every header as sent, name and value, in order, but Date. */
  headers: string[];
  body: string;
}

/** One request on a fresh connection, with exactly these headers and body bytes. */
function send(url: string, path: string, headers: Record<string, string>, body: Buffer | string | undefined): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i]!.toLowerCase() !== 'date') headers.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        }
        resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Case {
  name: string;
  /** Token name in Side.tokens, or none. */
  token?: string;
  body?: unknown;
  /** Raw body bytes instead of JSON.stringify(body). */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  path?: string;
  /** The status both must answer. */
  status: number;
  /** Whether the fast path takes it (the others go to express, their bodies unread). */
  fast: boolean;
}

const C = `/api/programmes/${P}/contributions`;
const staff = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  partnerId: 'ccas',
  kind: 'staff_time',
  status: 'actual',
  date: '2024-03-01',
  quantity: '2.5',
  actionId: 'a1',
  ...extra,
});

const CASES: Case[] = [
  { name: 'a partner records its own contribution', token: 'partner', body: staff('c1'), status: 201, fast: true },
  { name: 'the same request again', token: 'partner', body: staff('c1'), status: 201, fast: true },
  { name: 'the coordinator records for a partner', token: 'coordinator', body: staff('c2', { partnerId: 'asso', description: 'Atelier « numérique » ✓' }), status: 201, fast: true },
  { name: 'the same id with other content', token: 'coordinator', body: staff('c1', { quantity: '3' }), status: 409, fast: true },
  { name: 'a cash contribution, unvalued kinds and rates', token: 'coordinator', body: { id: 'c3', partnerId: 'caf', kind: 'cash', status: 'planned', date: '2024-06-01', amount: '1500' }, status: 201, fast: true },
  { name: 'with its own rate', token: 'partner', body: staff('c4', { kind: 'volunteer_time', rate: '11.5', rateBasis: 'SMIC' }), status: 201, fast: true },
  { name: 'charset=utf-8 spelled out', token: 'partner', body: staff('c5'), headers: { 'content-type': 'application/json; charset=utf-8' }, status: 201, fast: true },
  { name: 'content type in capitals', token: 'partner', body: staff('c6'), headers: { 'content-type': 'Application/JSON' }, status: 201, fast: true },
  { name: 'a byte-order mark before the JSON', token: 'partner', raw: `\ufeff${JSON.stringify(staff('c7'))}`, status: 201, fast: true },
  { name: 'white space before the JSON', token: 'partner', raw: ` \n\t${JSON.stringify(staff('c8'))}`, status: 201, fast: true },
  { name: 'with a request id and a correlation id', token: 'partner', body: staff('c9'), headers: { 'x-correlation-id': 'corr-42' }, status: 201, fast: true },
  { name: 'an insane request id is replaced', token: 'partner', body: staff('c10'), headers: { 'x-request-id': 'not sane!' }, status: 201, fast: true },
  { name: 'broken JSON', token: 'partner', raw: '{"id": }', status: 400, fast: true },
  { name: 'a JSON string', token: 'partner', raw: '"c11"', status: 400, fast: true },
  { name: 'a JSON array', token: 'partner', raw: '[1, 2]', status: 400, fast: true },
  { name: 'an empty object', token: 'partner', raw: '{}', status: 400, fast: true },
  { name: 'a byte-order mark alone', token: 'partner', raw: '\ufeff', status: 400, fast: true },
  { name: 'invalid UTF-8', token: 'partner', raw: Buffer.concat([Buffer.from('{"id":"c12","description":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]), status: 400, fast: true },
  { name: 'a lone surrogate', token: 'partner', raw: JSON.stringify(staff('c13', { description: 'atelier \ud800' })), status: 400, fast: true },
  { name: 'an unknown field', token: 'partner', body: staff('c14', { colour: 'blue' }), status: 400, fast: true },
  { name: 'a bad id', token: 'partner', body: staff('c 15'), status: 400, fast: true },
  { name: 'a date outside the programme', token: 'partner', body: staff('c16', { date: '2030-01-01' }), status: 400, fast: true },
  { name: 'an unknown action', token: 'partner', body: staff('c17', { actionId: 'a9' }), status: 400, fast: true },
  { name: 'a partner for another partner', token: 'partner', body: staff('c18', { partnerId: 'asso' }), status: 403, fast: true },
  { name: 'a partner of no programme', token: 'strayPartner', body: staff('c19', { partnerId: 'nowhere' }), status: 403, fast: true },
  { name: 'an unknown programme', token: 'coordinator', body: staff('c20'), path: '/api/programmes/nope/contributions', status: 404, fast: true },
  { name: 'a treasurer', token: 'treasurer', body: staff('c21'), status: 403, fast: false },
  { name: 'an auditor with broken JSON', token: 'auditor', raw: '{', status: 400, fast: false },
  { name: 'no token', body: staff('c22'), status: 401, fast: false },
  { name: 'a revoked token', token: 'revoked', body: staff('c23'), status: 401, fast: false },
  { name: 'a malformed authorization', body: staff('c24'), headers: { authorization: 'Basic abc' }, status: 401, fast: false },
  { name: 'text/plain', token: 'partner', body: staff('c25'), headers: { 'content-type': 'text/plain' }, status: 415, fast: false },
  { name: 'another charset', token: 'partner', body: staff('c26'), headers: { 'content-type': 'application/json; charset=latin1' }, status: 415, fast: false },
  { name: 'gzip', token: 'partner', body: staff('c27'), headers: { 'content-encoding': 'gzip' }, status: 415, fast: false },
  { name: 'too large', token: 'partner', body: staff('c28', { description: 'x'.repeat(70_000) }), status: 413, fast: false },
  { name: 'a query string', token: 'partner', body: staff('c29'), path: `${C}?x=1`, status: 400, fast: false },
  { name: 'a trailing slash', token: 'partner', body: staff('c30'), path: `${C}/`, status: 201, fast: false },
  { name: 'chunked', token: 'partner', body: staff('c31'), headers: { 'transfer-encoding': 'chunked' }, status: 201, fast: false },
  { name: 'an empty body', token: 'partner', raw: '', status: 400, fast: false },
];

const fast = suite<{ on: Side; off: Side }>('POST contribution: fast path and express answer alike');

loudHooks(fast);
fast.before(async (ctx) => {
  ctx.on = await side(true);
  ctx.off = await side(false);
});
fast.after(async (ctx) => {
  await ctx.on.close();
  await ctx.off.close();
});

fast('every case gets the same answer, header for header, and the same log line', async ({ on, off }) => {
  for (const [i, c] of CASES.entries()) {
    const takenBefore = on.taken.count;
    const answers: Raw[] = [];
    for (const s of [on, off]) {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': `case-${i}` };
      if (c.token !== undefined) headers.authorization = `Bearer ${s.tokens[c.token]}`;
      Object.assign(headers, c.headers);
      const body = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
      if (body !== undefined && headers['transfer-encoding'] === undefined) headers['content-length'] = String(Buffer.byteLength(body));
      answers.push(await send(s.url, c.path ?? C, headers, body));
    }
    const [a, b] = answers as [Raw, Raw];
    assert.is(on.taken.count - takenBefore, c.fast ? 1 : 0, `${c.name}: fast path taken or not`);
    assert.is(a.status, c.status, `${c.name}: ${a.body}`);
    // A random request id (the insane one) differs from side to side: compare it as a shape.
    const sameShape = (r: Raw) => (c.headers?.['x-request-id'] ? { ...r, headers: r.headers.map((h) => h.replace(/^(X-Request-Id: ).*/, '$1*').replace(/^(ETag: ).*/, '$1*')), body: r.body.replace(/"requestId":"[^"]*"/, '"requestId":"*"') } : r);
    assert.equal(sameShape(a), sameShape(b), c.name);
    if (c.status < 500) assert.not.ok(a.body.includes('stack'), c.name);
  }
  const strip = (logs: Record<string, unknown>[]): Record<string, unknown>[] =>
    logs.filter((l) => l.msg === 'request').map(({ time: _t, durationMs, pid: _p, hostname: _h, requestId, ...rest }) => ({ ...rest, durationMs: typeof durationMs, requestId: String(requestId).startsWith('case-') ? requestId : '*' }));
  assert.equal(strip(on.logs), strip(off.logs));
  assert.is(strip(on.logs).filter((l) => l.method === 'POST' && String(l.url).includes('/contributions')).length, CASES.length);
  assert.is(off.taken.count, 0);
});

fast('the same events were stored, with the same metadata', async ({ on, off }) => {
  const events = async (s: Side) => {
    const out = [];
    // The set-up's requests had random request ids; this suite's had fixed ones.
    const fixed = (id: unknown) => (typeof id === 'string' && /^(case|corr)-/.test(id) ? id : '*');
    for await (const e of s.socle.store.readAll()) {
      const metadata = { ...e.metadata, requestId: fixed(e.metadata.requestId), correlationId: fixed(e.metadata.correlationId) };
      out.push({ stream: e.stream, streamVersion: e.streamVersion, type: e.type, data: e.data, metadata });
    }
    return out;
  };
  const [a, b] = [await events(on), await events(off)];
  assert.ok(a.length > 10);
  assert.equal(a, b);
  const recorded = a.filter((e) => e.type === 'ContributionRecorded');
  assert.ok(recorded.some((e) => (e.metadata as { correlationId?: string }).correlationId === 'corr-42'));
});

fast('the fast path answers the detail GET of what it recorded', async ({ on }) => {
  const detail = await call(on.url, 'GET', `${C}/c2`, { token: on.tokens.coordinator });
  assert.is(detail.status, 200);
  assert.is(detail.json.description, 'Atelier « numérique » ✓');
  assert.is(detail.json.version, 1);
});

fast('a failure of the machinery is the same bare 500 both ways, logged with its stack', async ({ on, off }) => {
  const answers: Raw[] = [];
  for (const s of [on, off]) {
    await s.socle.store.close();
    const body = JSON.stringify(staff('after-close'));
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-request-id': 'broken', authorization: `Bearer ${s.tokens.partner}` };
    answers.push(await send(s.url, C, headers, body));
  }
  assert.is(answers[0]!.status, 500);
  assert.equal(answers[0], answers[1]);
  const failures = [on, off].map((s) => s.logs.filter((l) => l.msg === 'request failed').map(({ time: _t, pid: _p, hostname: _h, err, ...rest }) => ({ ...rest, stack: typeof (err as { stack?: unknown }).stack })));
  assert.equal(failures[0], [{ level: 50, requestId: 'broken', method: 'POST', path: C, msg: 'request failed', stack: 'string' }]);
  assert.equal(failures[0], failures[1]);
});

fast('a step added to the pipeline list is run by both paths, in its place', async () => {
  const seen: string[] = [];
  const extra: Step = {
    scope: 'api',
    run: (req, res) => {
      seen.push(`${req.method} ${req.originalUrl}`);
      res.setHeader('X-Extra-Step', 'oui');
    },
  };
  const s = await side(true, [...PIPELINE, extra]);
  try {
    seen.length = 0;
    const ask = (token: string, id: string) => {
      const body = JSON.stringify(staff(id));
      return send(s.url, C, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), authorization: `Bearer ${s.tokens[token]}` }, body);
    };
    const takenBefore = s.taken.count;
    const byFastPath = await ask('partner', 'step-1');
    assert.is(s.taken.count - takenBefore, 1, 'the partner’s record goes the fast way');
    const byExpress = await ask('treasurer', 'step-2');
    assert.is(s.taken.count - takenBefore, 1, 'the treasurer’s goes to express');
    assert.equal([byFastPath.status, byExpress.status], [201, 403]);
    for (const answer of [byFastPath, byExpress]) {
      // After Cache-Control (the step before it in the list), before the route's own headers.
      const names = answer.headers.map((h) => h.split(':')[0]);
      assert.is(names.indexOf('X-Extra-Step'), names.indexOf('Cache-Control') + 1, answer.headers.join(' | '));
      assert.ok(answer.headers.includes('X-Extra-Step: oui'));
    }
    assert.equal(seen, [`POST ${C}`, `POST ${C}`]);
  } finally {
    await s.close();
  }
});

fast.run();
