// The express app, kept thin: the steps every request goes through (pipeline.ts), bearer auth, a
// bounded JSON body parser, the route table's routes (route-builder.ts), and the one error handler. `/api` is the only dynamic part; the web
// pages in web/ (when the folder exists) are static files served at `/`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express, type RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import type { Socle } from '../app/socle.ts';
import type { TokenVerifier } from '../auth/token-store.ts';
import { authenticate } from './auth.ts';
import { errorHandler, HttpProblem } from './problem.ts';
import { allowedMethods, OPERATIONS } from './route-table.ts';
import { mountRoutes } from './route-builder.ts';
import { API_FR } from '../messages/fr.ts';
import { MAX_BODY_BYTES } from './request.ts';
import { PIPELINE, usePipeline, type Step, type StepRequest, type StepResponse } from './pipeline.ts';
import { readLimits } from './read-limits.ts';
import { webPageHeaders } from './web-pages.ts';
import { minPosition } from './min-position.ts';

export { MAX_BODY_BYTES };

/** The repository's web/ folder, served at `/` when it exists. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

export interface AppOptions {
  socle: Socle;
  tokens: TokenVerifier;
  /** One line per request; silent when not given (tests). */
  logger?: Logger;
  /** Static pages; default the repository's web/ folder if it exists; null serves none. */
  webDir?: string | null;
  /** The steps before the routes, default PIPELINE (pipeline.ts); the fast path runs the same list. */
  pipeline?: readonly Step[];
}

export function createApp(options: AppOptions): Express {
  const { socle, tokens } = options;
  const logger = options.logger ?? pino({ level: 'silent' });
  const app = express();
  app.disable('x-powered-by');
  // Express 5's default, stated: flat key=value pairs, never nested objects from a[b]=c.
  app.set('query parser', 'simple');

  // What every request goes through before its route: one list (pipeline.ts), which the fast path
  // of POST a contribution (fast-record.ts) runs too, so that a step added there covers both.
  const steps = options.pipeline ?? PIPELINE;
  usePipeline(app, steps);
  const env = { app, logger };
  const asMiddleware = (step: Step): RequestHandler => (req, res, next) => {
    step.run(req as StepRequest, res as StepResponse, env);
    next();
  };
  for (const step of steps) if (step.scope === 'every') app.use(asMiddleware(step));

  const api = express.Router();
  for (const step of steps) if (step.scope === 'api') api.use(asMiddleware(step));
  api.use(methodAllowed);
  // The routes are the table's (route-table.ts), each mounted where its kind goes among the API's
  // middlewares: health and the description before the token check (they hold no data, and a client
  // reads the description to learn how to ask for a token); an upload before the JSON-only rule (its
  // body is a file, which its handler reads itself, at most 50 MiB); every other route after it.
  mountRoutes(api, OPERATIONS, 'public', socle);
  api.use(authenticate(tokens));
  api.use(readLimits());
  api.use(minPosition(socle));
  mountRoutes(api, OPERATIONS, 'upload', socle);
  api.use(jsonOnly);
  api.use(express.json({ limit: MAX_BODY_BYTES, strict: true, inflate: false, type: 'application/json' }));
  mountRoutes(api, OPERATIONS, 'json', socle);
  api.use(() => {
    throw new HttpProblem(404, API_FR.noSuchRoute);
  });
  app.use('/api', api);

  const webDir = options.webDir === undefined ? (existsSync(DEFAULT_WEB_DIR) ? DEFAULT_WEB_DIR : null) : options.webDir;
  if (webDir !== null) app.use(webPageHeaders, express.static(webDir, { index: 'index.html', dotfiles: 'ignore', redirect: true }));
  app.use(() => {
    throw new HttpProblem(404, API_FR.notFound);
  });
  app.use(errorHandler(logger));
  return app;
}

/**
 * Bodies are JSON or nothing: another media type is a 415. A request without a body passes, and so
 * does one announcing `Content-Length: 0` (type-is counts that as a body, whatever its type).
 */
const jsonOnly: RequestHandler = (req, _res, next) => {
  if (req.headers['content-length'] !== '0' && req.is('application/json') === false) throw new HttpProblem(415, API_FR.bodyNotJson);
  next();
};

/**
 * A method the route table does not list for a known path is a 405 naming the methods it takes
 * (RFC 9110 §15.5.6); a path the table does not know goes on, to its 404. Checked before the token:
 * which methods a path takes is no secret, the OpenAPI document says it to anyone.
 */
const methodAllowed: RequestHandler = (req, _res, next) => {
  const allowed = allowedMethods(req.baseUrl + req.path);
  if (allowed !== undefined && !allowed.includes(req.method)) throw new HttpProblem(405, API_FR.methodNotAllowed(req.method, allowed), [], { Allow: allowed.join(', ') });
  next();
};
