// The route table made express routes. For each entry, in the table's order: its path in express's
// spelling, then, per request, the role check from the entry's roles (403 before anything else is
// looked at), its own guard if it has one, the path and the query parsed with the entry's schemas
// (400 problem+json naming each field), the handler, and the answer it returns sent as JSON. The
// roles are written in the table only; a handler never checks one.
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { Socle } from '../app/socle.ts';
import { requireRole, type Actor } from '../domain/actor.ts';
import { actorOf } from './auth.ts';
import type { Answer, RouteContext } from './route-context.ts';
import type { Operation } from './route-table.ts';
import { parseRequest } from './schemas.ts';

/**
 * Where a route is mounted among the API's middlewares: before the token check (no roles: health
 * and this description), before the JSON body parser (an upload, whose body is a file), or after.
 */
export type Stage = 'public' | 'upload' | 'json';

export function stageOf(op: Operation): Stage {
  return op.roles === undefined ? 'public' : op.upload ? 'upload' : 'json';
}

/** `/api/programmes/{p}/exports/{workbook}.xlsx` → `/programmes/:p/exports/:workbook.xlsx` (under the /api router). */
export function expressPath(path: string): string {
  if (!path.startsWith('/api/')) throw new Error(`${path}: a route of the table starts with /api/`);
  return path.slice('/api'.length).replace(/\{(\w+)\}/g, ':$1');
}

/** Mounts the table's routes of one stage on the API router, in the table's order. */
export function mountRoutes(api: Router, operations: readonly Operation[], stage: Stage, socle: Socle): void {
  for (const op of operations) if (stageOf(op) === stage) api[op.method](expressPath(op.path), routeHandler(op, socle));
}

function routeHandler(op: Operation, socle: Socle): RequestHandler {
  const { roles, guard, params, query, body, handler } = op;
  // Not async: a handler that answers at once (health, this description) is sent in the same tick,
  // without the promise and microtask an async wrapper costs every request; express 5 takes a
  // returned promise's rejection as it takes a throw.
  return (req, res) => {
    let actor: Actor | undefined;
    if (roles !== undefined) {
      actor = actorOf(res);
      requireRole(actor, ...roles);
    }
    guard?.(req);
    const context: RouteContext<z.ZodType, z.ZodType, z.ZodType> = {
      socle,
      actor: actor as Actor,
      params: params === undefined ? undefined : parseRequest(params, req.params, 'path'),
      query: query === undefined ? undefined : parseRequest(query, req.query, 'query'),
      body: () => (body === undefined ? undefined : parseRequest(body, req.body)),
      req,
      res,
    };
    const answer = handler(context);
    if (answer instanceof Promise) return answer.then((sent) => sent && sendAnswer(res, sent));
    if (answer) sendAnswer(res, answer);
  };
}

/** Headers in the answer's order (Location through res.location, which escapes it), then the JSON body. */
export function sendAnswer(res: Response, answer: Answer): void {
  const headers = answer.headers ?? {};
  for (const name in headers) {
    if (name === 'Location') res.location(headers[name]!);
    else res.setHeader(name, headers[name]!);
  }
  res.status(answer.status).json(answer.body);
}
