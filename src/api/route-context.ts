// What a route's handler is given and what it gives back. The route table (route-table.ts) pairs
// each route with its handler; the route builder (route-builder.ts) checks the caller's role and
// parses the path and the query with the entry's schemas before the handler runs, and sends the
// answer it returns. A handler never parses what the table describes, nor checks a role.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Actor } from '../domain/actor.ts';
import type { Socle } from '../app/socle.ts';

/** What a schema gives once parsed; a part the entry has no schema for is undefined. */
export type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteContext<P = undefined, Q = undefined, B = undefined> {
  readonly socle: Socle;
  /** The caller (a route without roles has none: it reads nothing of the caller). */
  readonly actor: Actor;
  readonly params: Parsed<P>;
  readonly query: Parsed<Q>;
  /**
   * The JSON body parsed with the entry's schema (a 400 naming each field otherwise). A function:
   * the handler reads the body where the route asks, so that who asks (programme access) may be
   * answered before what is asked.
   */
  body(): Parsed<B>;
  /** For the few routes that stream (an upload, a workbook, a zip, NDJSON progress) or read headers. */
  readonly req: Request;
  readonly res: Response;
}

/** A JSON answer: its status, its headers in the order they are sent, its body. */
export interface Answer {
  readonly status: 200 | 201;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** Returns the answer, or nothing once it has answered through ctx.res itself (a file, a stream). */
export type Handler<P = undefined, Q = undefined, B = undefined> = (ctx: RouteContext<P, Q, B>) => Promise<Answer | void> | Answer | void;
