// What one entry of the route table (route-table.ts) says, and `route`, which writes one so that
// its handler is checked against its schemas: the handler's context is typed by the very schemas
// the entry names, so a handler written for another path, query or body does not compile.
import type { Request } from 'express';
import type { z } from 'zod';
import type { Role } from '../domain/actor.ts';
import type { Handler } from './route-context.ts';

export interface Operation {
  method: 'get' | 'post' | 'put';
  /** OpenAPI style: /api/programmes/{p}. */
  path: string;
  summary: string;
  /** Undefined: no token needed. */
  roles?: readonly Role[];
  params?: z.ZodObject;
  /** Undefined: the route reads no query (and ignores one). */
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body is a file (an import's upload), not JSON. */
  upload?: true;
  status: 200 | 201;
  response: z.ZodType | 'xlsx' | 'zip';
  /** Every error status the route can answer. */
  errors: number[];
  /** A check of the raw request before its schemas parse it (a workbook name the API does not know is a 404). */
  guard?: (req: Request) => void;
  /**
   * The route's work, given the caller and the parsed path, query and (when it reads it) body.
   * `any` here only because the table holds every kind; `route` checks each against its schemas.
   */
  handler: Handler<any, any, any>;
}

type Schemas<P, Q, B> = { params?: P; query?: Q; body?: B; handler: Handler<P, Q, B> };

/** One entry, its handler typed by its own schemas. */
export function route<P extends z.ZodObject | undefined = undefined, Q extends z.ZodObject | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  entry: Omit<Operation, 'params' | 'query' | 'body' | 'handler'> & Schemas<P, Q, B>,
): Operation {
  return entry as Operation;
}

export const ALL_ROLES: readonly Role[] = ['coordinator', 'partner', 'treasurer', 'auditor'];
export const WRITERS: readonly Role[] = ['coordinator', 'partner'];
export const READERS: readonly Role[] = ['coordinator', 'treasurer', 'auditor'];

// The statuses every route of a kind meets, before its own:
// a token route: 401 (no valid token); a GET behind a token: 403 (a partner's minPosition not its
// own), 429 (too many reads in flight), 503
// (the replay queue full, minPosition not reached, a damaged log); a route with a query or path to
// parse: 400; a route with a body: 400, 413, 415, and 507 (the disk full).
export const READ = [400, 401, 403, 429, 503];
export const WRITE = [400, 401, 403, 413, 415, 507];
