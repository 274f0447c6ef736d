// Who is calling: `Authorization: Bearer TOKEN` → an Actor on res.locals, then programme and partner
// checks. 401 when the token is missing or unknown (or revoked). Which roles a route takes is the
// route table's (route-table.ts), checked by the route builder (route-builder.ts), 403 otherwise.
import type { RequestHandler, Response } from 'express';
import type { Actor } from '../domain/actor.ts';
import type { LoadedProgramme } from '../app/commands.ts';
import type { Socle } from '../app/socle.ts';
import { ForbiddenError, NotFoundError } from '../domain/errors.ts';
import type { TokenRecord, TokenVerifier } from '../auth/token-store.ts';
import { HttpProblem } from './problem.ts';
import { API_FR, DOMAIN_FR } from '../messages/fr.ts';

// The scheme is case-insensitive (RFC 9110 §11.1): "bearer" and "BEARER" are "Bearer".
const BEARER = /^Bearer ([\x21-\x7e]{1,256})$/i;
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="socle"' };

export function authenticate(tokens: TokenVerifier): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined) throw new HttpProblem(401, API_FR.tokenMissing, [], CHALLENGE);
    const found = bearerRecord(tokens, header);
    const admit = (record: TokenRecord | undefined) => {
      if (!record) throw new HttpProblem(401, API_FR.tokenInvalid, [], CHALLENGE);
      signIn(res.locals, record);
      next();
    };
    // The file answers at once; PostgreSQL after its query, and a failed query goes to the error handler.
    if (found instanceof Promise) found.then(admit).catch(next);
    else admit(found);
  };
}

/** The caller, known by its token: res.locals.token and res.locals.actor (the fast path does the same). */
export function signIn(locals: Record<string, unknown>, record: TokenRecord): Actor {
  locals.token = record;
  const requestId = locals.requestId as string;
  const actor: Actor = {
    name: record.name,
    role: record.role,
    ...(record.partnerId !== undefined && { partnerId: record.partnerId }),
    requestId,
    correlationId: (locals.correlationId as string | undefined) ?? requestId,
  };
  locals.actor = actor;
  return actor;
}

/** The record of an `Authorization: Bearer TOKEN` header's token, if it is valid and not revoked. */
export function bearerRecord(tokens: TokenVerifier, header: string): ReturnType<TokenVerifier['authenticate']> {
  const match = BEARER.exec(header);
  return match ? tokens.authenticate(match[1]!) : undefined;
}

export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  // The authenticate middleware runs before every route that calls this.
  if (!actor) throw new Error('actorOf called before authentication');
  return actor;
}

export function tokenOf(res: Response): TokenRecord {
  const token = res.locals.token as TokenRecord | undefined;
  if (!token) throw new Error('tokenOf called before authentication');
  return token;
}

/**
 * A partner token names a partner id but no programme (ids are chosen per programme), so whether
 * the partner belongs to the programme of the route is checked here, at request time, against the
 * programme's current set-up: 403 when it does not. 404 for an unknown programme, whoever asks.
 * Read from the command side's programme cache, which reads the stream's tail: a partner added a
 * moment ago (even by the command line in another process) is already known.
 */
export async function requireProgrammeAccess(socle: Socle, actor: Actor, programmeId: string): Promise<LoadedProgramme> {
  const programme = await socle.commands.programme(programmeId);
  if (!programme.state.opened) throw new NotFoundError(DOMAIN_FR.unknownProgramme(programmeId));
  if (actor.role !== 'partner') return programme;
  if (actor.partnerId === undefined || !programme.state.partners.has(actor.partnerId))
    throw new ForbiddenError(API_FR.notAPartnerOf(actor.partnerId, programmeId));
  return programme;
}

/** A partner sees only its own contributions; everybody else sees all of them. */
export function requireSees(actor: Actor, partnerId: string): void {
  if (actor.role === 'partner' && actor.partnerId !== partnerId)
    throw new ForbiddenError(API_FR.ownContributionsOnly(actor.partnerId));
}
