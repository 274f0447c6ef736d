// Typed domain errors. Only src/api maps them to HTTP statuses; the command line prints their message.

export interface FieldError {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: 'invalid' | 'not_found' | 'conflict' | 'forbidden';
  readonly errors: FieldError[];
  constructor(message: string, errors: FieldError[] = []) {
    super(message);
    this.name = new.target.name;
    this.errors = errors;
  }
}

/** The command breaks a rule of the domain (400): nothing was written. */
export class InvalidCommandError extends DomainError {
  readonly code = 'invalid' as const;
}

/** Something the command names does not exist (404). */
export class NotFoundError extends DomainError {
  readonly code = 'not_found' as const;
}

/** The command conflicts with the current state: already validated, id reused with other content (409). */
export class ConflictError extends DomainError {
  readonly code = 'conflict' as const;
}

/** The actor may not do this (403). */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden' as const;
}

export function invalid(path: string, message: string): InvalidCommandError {
  return new InvalidCommandError(message, [{ path, message }]);
}

/** Assert an invariant; a failure is a programming error, never user input. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`invariant violated: ${message}`);
}
