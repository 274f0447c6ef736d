// The express app, kept thin: request id and one log line per request, bearer auth, a bounded JSON
// body parser, the routers, and the one error handler. `/api` is the only dynamic part; the web
// pages in web/ (when the folder exists) are static files served at `/`.
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import express, { type Express, type RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import type { Socle } from '../app/socle.ts';
import type { TokenVerifier } from '../auth/token-store.ts';
import { authenticate } from './auth.ts';
import { openApiDocument } from './openapi.ts';
import { errorHandler, HttpProblem } from './problem.ts';
import { contributionsRouter } from './routes/contributions.ts';
import { ledgerRouter } from './routes/ledger.ts';
import { meRouter } from './routes/me.ts';
import { programmesRouter } from './routes/programmes.ts';
import { reportsRouter } from './routes/reports.ts';
import { totalsRouter } from './routes/totals.ts';

/** 64 KiB: a contribution is well under 4 KiB; anything larger is a mistake or an attack (413). */
export const MAX_BODY_BYTES = 64 * 1024;

/** The repository's web/ folder, served at `/` when it exists. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

export interface AppOptions {
  socle: Socle;
  tokens: TokenVerifier;
  /** One line per request; silent when not given (tests). */
  logger?: Logger;
  /** Static pages; default the repository's web/ folder if it exists; null serves none. */
  webDir?: string | null;
}

export function createApp(options: AppOptions): Express {
  const { socle, tokens } = options;
  const logger = options.logger ?? pino({ level: 'silent' });
  const deps = { socle };
  const app = express();
  app.disable('x-powered-by');
  // Express 5's default, stated: flat key=value pairs, never nested objects from a[b]=c.
  app.set('query parser', 'simple');

  app.use(requestLog(logger));
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' });
    // Once shutdown has begun (startServer sets app.locals.closing), every response, including those
    // of requests already in flight, tells keep-alive clients to go: the server can then stop at once.
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      if (app.locals.closing && !this.headersSent) this.setHeader('Connection', 'close');
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });

  const api = express.Router();
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  api.use(authenticate(tokens));
  // Behind a token like every route but health (contract.md), though it holds no data.
  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  api.use(jsonOnly);
  api.use(express.json({ limit: MAX_BODY_BYTES, strict: true, inflate: false, type: 'application/json' }));
  api.use('/me', meRouter(deps));
  api.use('/programmes', programmesRouter(deps));
  api.use('/programmes', contributionsRouter(deps));
  api.use('/programmes', totalsRouter(deps));
  api.use('/programmes/:p', reportsRouter(deps));
  api.use('/ledger', ledgerRouter(deps));
  api.use(() => {
    throw new HttpProblem(404, 'no such API route');
  });
  app.use('/api', api);

  const webDir = options.webDir === undefined ? (existsSync(DEFAULT_WEB_DIR) ? DEFAULT_WEB_DIR : null) : options.webDir;
  if (webDir !== null) app.use(express.static(webDir, { index: 'index.html', dotfiles: 'ignore', redirect: true }));
  app.use(() => {
    throw new HttpProblem(404, 'not found');
  });
  app.use(errorHandler(logger));
  return app;
}

/** Bodies are JSON or nothing: another media type is a 415 (a body-less request passes). */
const jsonOnly: RequestHandler = (req, _res, next) => {
  if (req.is('application/json') === false) throw new HttpProblem(415, 'send the body as application/json');
  next();
};

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** A request id (the caller's X-Request-Id when sane), and exactly one structured log line per request. */
function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const asked = req.get('x-request-id');
    const requestId = asked !== undefined && SAFE_ID.test(asked) ? asked : randomUUID();
    const correlation = req.get('x-correlation-id');
    res.locals.requestId = requestId;
    if (correlation !== undefined && SAFE_ID.test(correlation)) res.locals.correlationId = correlation;
    res.set('X-Request-Id', requestId);
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      const actor = res.locals.actor as { name: string; role: string } | undefined;
      logger.info(
        {
          requestId,
          method: req.method,
          url: req.originalUrl.slice(0, 300),
          status: res.statusCode,
          durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
          ...(actor && { actor: actor.name, role: actor.role }),
          ...(!res.writableFinished && { aborted: true }),
        },
        'request',
      );
    };
    res.on('finish', log);
    res.on('close', log);
    next();
  };
}
