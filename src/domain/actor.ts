// Who is acting: every event's metadata names them, and partner scoping is enforced from here.
import { ForbiddenError } from './errors.ts';
import { DOMAIN_FR } from '../messages/fr.ts';

export const ROLES = ['coordinator', 'partner', 'treasurer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** A name for the journal: token name, or "cli". */
  name: string;
  role: Role;
  /** Set for the partner role: the one partner it acts for. */
  partnerId?: string;
  requestId?: string;
  correlationId?: string;
}

export const CLI_ACTOR: Actor = { name: 'cli', role: 'coordinator' };

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw new ForbiddenError(DOMAIN_FR.roleMayNot(actor.role));
}

/** A partner acts only for itself; the coordinator for anyone. */
export function requireActsFor(actor: Actor, partnerId: string): void {
  if (actor.role === 'coordinator') return;
  if (actor.role === 'partner' && actor.partnerId === partnerId) return;
  throw new ForbiddenError(
    actor.role === 'partner' ? DOMAIN_FR.actsForItself(actor.partnerId) : DOMAIN_FR.roleMayNot(actor.role),
  );
}
