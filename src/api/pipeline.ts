// The steps every request goes through before its route, as one ordered list that both HTTP paths
// run: express applies each as a middleware (createApp), and the fast path of POST a contribution
// (fast-record.ts), which answers without express, runs the same list in a loop. A step added here
// is run by both; test/api/fast-record.test.ts sends the same requests both ways and compares.
// A step is synchronous and reads the request line and headers only: anything that reads the body
// or waits (the token check, the read limits, minPosition) stays an express middleware, which the
// fast path's accept-list (takes, fast-record.ts) judges before taking a request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { beginRequest, secureResponse } from './request.ts';

export type StepRequest = IncomingMessage & { originalUrl?: string };
export type StepResponse = ServerResponse & { locals: Record<string, unknown> };

/** What a step may use besides the request: the app (its locals say when shutdown has begun) and the logger. */
export interface StepEnv {
  readonly app: Express;
  readonly logger: Logger;
}

export interface Step {
  /** `every`: every request (the web pages too); `api`: requests under /api, which the fast path's all are. */
  readonly scope: 'every' | 'api';
  /** Under express an `api` step sees req.url without /api (the router's mount): read req.originalUrl. */
  run(req: StepRequest, res: StepResponse, env: StepEnv): void;
}

export const PIPELINE: readonly Step[] = [
  // A request id and the one log line of the request.
  { scope: 'every', run: (req, res, env) => beginRequest(env.logger, req, res) },
  // The headers every answer carries, and Connection: close once shutdown has begun.
  { scope: 'every', run: (_req, res, env) => secureResponse(env.app, res) },
  // Nothing the API answers may be kept by a cache: every answer is one version of the ledger.
  { scope: 'api', run: (_req, res) => res.setHeader('Cache-Control', 'no-store') },
];

/** The list each app was built with (createApp), so that the fast path runs that very list. */
const built = new WeakMap<Express, readonly Step[]>();

export function usePipeline(app: Express, steps: readonly Step[]): void {
  built.set(app, steps);
}

export function pipelineOf(app: Express): readonly Step[] {
  const steps = built.get(app);
  if (!steps) throw new Error('pipelineOf: this app was not made by createApp');
  return steps;
}
