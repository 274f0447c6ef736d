// The fast path of the busiest write, POST /api/programmes/:p/contributions, on node:http without
// express. On the 2-core benchmark machine a bare express app with express.json answering the same
// POST spends about 0.3 ms of CPU per request, node:http alone about 0.06 ms: express (which
// re-parents every request and response object, builds a router state, and reads the body through
// several layers) would take more than half of the 0.5 ms a request may cost at 2,000 requests/s on
// one core. This path does the same work as the express chain, with the same shared functions, and
// answers byte for byte alike (test/api/fast-record.test.ts sends the same requests both ways):
//
// - It takes a request only when everything the express chain would check before reading the body
//   passes, judged from the request line and headers alone: the exact path with no query string, a
//   JSON content type (UTF-8), no content or transfer encoding, a content length within the limit,
//   a valid bearer token of a role the route allows, and no shutdown under way. Anything else goes
//   to express untouched (its body not read), which answers it as always: 401, 403, 413, 415, a
//   chunked body, a trailing slash, a query string.
// - Once taken, the request goes through the steps express runs for every request, the very list the
//   app was built with (pipeline.ts: request id and log line, security headers, Cache-Control), then
//   signIn as the token middleware does; its body is read and parsed as express.json reads it
//   (limit, UTF-8 with a byte-order mark dropped, strict JSON, {} for an empty text), its path and
//   query are parsed with the table entry's schemas, and the route's own work is the entry's handler
//   (recordContribution), the express route's too. Which method, path and roles this path takes is
//   read from that entry (route-table.ts), so that the table stays the one place saying so. Errors
//   from then on (bad JSON, fields, programme access, the decision, the store) go to the one error
//   handler, with the request and the response made express's first, so that problem+json answers
//   are the express path's own.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Socle } from '../app/socle.ts';
import type { TokenRecord, TokenVerifier } from '../auth/token-store.ts';
import { MAX_BODY_BYTES } from './request.ts';
import { pipelineOf } from './pipeline.ts';
import { bearerRecord, signIn } from './auth.ts';
import { errorHandler } from './problem.ts';
import { OPERATIONS, type Operation } from './route-table.ts';
import type { Answer, RouteContext } from './route-context.ts';
import { parseRequest } from './schemas.ts';

/** The table's entry this path answers, and what it takes from it: the method, the path, the roles. */
const ENTRY = tableEntry('post', '/api/programmes/{p}/contributions');
const METHOD = ENTRY.method.toUpperCase();
/** The path, exactly: a programme id as IdSchema has it (so no %-escapes to decode), no query. */
const ROUTE = new RegExp(`^${ENTRY.path.replace(/[.]/g, '\\.').replace('{p}', '([A-Za-z0-9][A-Za-z0-9_.-]{0,79})')}$`);
const ROLES: ReadonlySet<string> = new Set(ENTRY.roles);
/** The query of a request taken here: none (a query string goes to express). */
const NO_QUERY: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);
/** The content types taken here; other spellings and charsets go to express, which judges them. */
const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);
/** A content length of 1 to MAX_BODY_BYTES, in plain digits. */
const LENGTH = /^[1-9][0-9]{0,5}$/;
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

type Req = IncomingMessage & { originalUrl?: string; body?: unknown };
type Res = ServerResponse & { locals?: Record<string, unknown> };
type EtagOf = (body: Buffer, encoding?: BufferEncoding) => string | undefined;

/** A body-parser error of the same status and type, so mapError (problem.ts) answers it the same. */
class BodyError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FastRecordOptions {
  app: Express;
  socle: Socle;
  tokens: TokenVerifier;
  logger: Logger;
}

/** Returns a handler that answers the request and returns true, or returns false: express's then. */
export function fastRecordContribution({ app, socle, tokens, logger }: FastRecordOptions): (req: Req, res: Res) => boolean {
  const onError = errorHandler(logger);
  const etagOf = app.get('etag fn') as EtagOf | undefined;
  // The app's own list of steps (pipeline.ts), run in order as express runs them as middlewares.
  const steps = pipelineOf(app);
  const env = { app, logger };

  /** The request and the response become express's, as app.handle makes them, for the error handler. */
  const failed = (error: unknown, req: Req, res: Res) => {
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    (req as unknown as { res: Res }).res = res;
    (res as unknown as { req: Req }).req = req;
    onError(error, req as never, res as never, () => {});
  };

  return (req, res) => {
    const taken = takes(app, tokens, req);
    if (taken === undefined) return false;

    // Taken: the steps express runs for every request under /api (pipeline.ts), in the same order.
    const locals: Record<string, unknown> = Object.create(null);
    res.locals = locals;
    req.originalUrl = req.url;
    for (let i = 0; i < steps.length; i++) steps[i]!.run(req, res as Res & { locals: Record<string, unknown> }, env);
    const actor = signIn(locals, taken.record);
    const params = { p: taken.programmeId };
    const fail = (error: unknown) => {
      try {
        failed(error, req, res);
      } catch {
        res.destroy();
      }
    };

    readJson(req, taken.length, (error, body) => {
      if (error !== undefined) return fail(error);
      req.body = body;
      try {
        // As route-builder.ts gives it to the handler; this handler reads neither req nor res.
        const context: RouteContext<z.ZodType, z.ZodType, z.ZodType> = {
          socle,
          actor,
          params: parseRequest(ENTRY.params!, params, 'path'),
          query: parseRequest(ENTRY.query!, NO_QUERY, 'query'),
          body: () => parseRequest(ENTRY.body!, body),
          req: req as unknown as Request,
          res: res as unknown as Response,
        };
        Promise.resolve(ENTRY.handler(context))
          .then((answer) => answerJson(res, answer as Answer, etagOf))
          .catch(fail);
      } catch (failure) {
        fail(failure);
      }
    });
    return true;
  };
}

/**
 * The programme, the announced length and the caller's token when this path takes the request
 * (everything express would check before reading the body passes); undefined to leave it to express.
 */
function takes(app: Express, tokens: TokenVerifier, req: Req): { programmeId: string; length: number; record: TokenRecord } | undefined {
  if (req.method !== METHOD || app.locals.closing) return undefined;
  const route = req.url === undefined ? null : ROUTE.exec(req.url);
  if (route === null) return undefined;
  const headers = req.headers;
  const type = headers['content-type'];
  const length = headers['content-length'];
  if (type === undefined || !JSON_TYPES.has(type.toLowerCase())) return undefined;
  if (headers['content-encoding'] !== undefined || headers['transfer-encoding'] !== undefined) return undefined;
  if (length === undefined || !LENGTH.test(length) || Number(length) > MAX_BODY_BYTES) return undefined;
  // express.json reads nothing from a request whose socket can no longer be read.
  if (!req.socket.readable) return undefined;
  const authorization = headers.authorization;
  // A token store that answers only after a query (PostgreSQL): this path decides before reading
  // the body, so it leaves such requests to express, which waits for the answer.
  if (authorization === undefined || tokens.answersLater === true) return undefined;
  let record: ReturnType<typeof bearerRecord>;
  try {
    record = bearerRecord(tokens, authorization);
  } catch {
    // The token file failed: express meets the same failure and answers it (500).
    return undefined;
  }
  if (record instanceof Promise) {
    record.catch(() => {});
    return undefined;
  }
  if (record === undefined || !ROLES.has(record.role)) return undefined;
  return { programmeId: route[1]!, length: Number(length), record };
}

/** The handler's answer, with the headers sendAnswer and res.json set (route-builder.ts), in the same order. */
function answerJson(res: Res, answer: Answer, etagOf: EtagOf | undefined): void {
  const json = Buffer.from(JSON.stringify(answer.body), 'utf8');
  res.statusCode = answer.status;
  // The location's ids passed IdSchema, so encodeurl (res.location) would leave it as it is.
  const headers = answer.headers ?? {};
  for (const name in headers) res.setHeader(name, headers[name]!);
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('Content-Length', String(json.length));
  const etag = etagOf?.(json, undefined);
  if (etag) res.setHeader('ETag', etag);
  res.end(json);
}

/** The entry of the table this path answers, checked to be one it can: a JSON body, a path of {p} only. */
function tableEntry(method: Operation['method'], path: string): Operation {
  const entry = OPERATIONS.find((op) => op.method === method && op.path === path);
  if (!entry?.roles || !entry.params || !entry.query || !entry.body || entry.upload || entry.guard || path.replace('{p}', '').includes('{'))
    throw new Error(`fast-record: ${method} ${path} is not a route of the table this path can answer`);
  return entry;
}

/**
 * The body as express.json reads it with our options (raw-body then body-parser's strict parse): at
 * most MAX_BODY_BYTES, exactly the announced length, UTF-8 without a leading byte-order mark, {} for
 * an empty text, and only an object or an array at the top.
 */
function readJson(req: IncomingMessage, length: number, done: (error: unknown, body?: unknown) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  let complete = false;
  const finish = (error: unknown, body?: unknown) => {
    if (complete) return;
    complete = true;
    req.off('aborted', onAborted);
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onEnd);
    if (error !== undefined) req.pause();
    done(error, body);
  };
  const onAborted = () => finish(new BodyError(400, 'request.aborted', 'request aborted'));
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
    if (received > MAX_BODY_BYTES) finish(new BodyError(413, 'entity.too.large', 'request entity too large'));
  };
  const onEnd = (error?: unknown) => {
    if (error) return finish(error);
    if (received !== length) return finish(new BodyError(400, 'request.size.invalid', 'request size did not match content length'));
    let text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length === 0) return finish(undefined, {});
    const first = /^[\x20\x09\x0a\x0d]*(.|$)/s.exec(text)![1];
    if (first !== '{' && first !== '[') return finish(new BodyError(400, 'entity.parse.failed', 'not a JSON object or array'));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return finish(new BodyError(400, 'entity.parse.failed', 'invalid JSON'));
    }
    finish(undefined, body);
  };
  req.on('aborted', onAborted);
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onEnd);
}
