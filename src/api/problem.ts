// application/problem+json (RFC 9457), and the one place where errors become HTTP statuses.
// Domain and store errors are typed; anything else is a bug: it is logged with its stack and the
// client gets a bare 500 naming the request id, never the error's message or stack.
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { DomainError, type FieldError } from '../domain/errors.ts';
import { DamagedEventError, EventIdConflictError, VersionConflictError } from '../store/port.ts';
import { isDiskFull, DISK_FULL_SENTENCE } from '../store/disk-full.ts';
import { isStoreUnavailable, storeUnavailableSentence } from '../store/store-unavailable.ts';
import { BusyError } from '../app/work-gate.ts';
import { API_FR, PROBLEM_TITLES } from '../messages/fr.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Bounds the answer to a body with thousands of bad fields. */
const MAX_FIELD_ERRORS = 50;
const MAX_PATH_LENGTH = 200;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
  requestId?: string;
}

/** An HTTP answer decided by the API layer itself (401, 404 of a route, 413, 415, 501…). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export function problemBody(status: number, detail: string, errors: FieldError[] = [], requestId?: string): ProblemBody {
  const [slug, title] = PROBLEM_TITLES[status] ?? ['error', 'Erreur'];
  return {
    type: `urn:socle:problem:${slug}`,
    title,
    status,
    detail,
    errors: errors.slice(0, MAX_FIELD_ERRORS).map((e) => ({ path: e.path.slice(0, MAX_PATH_LENGTH), message: e.message })),
    ...(requestId !== undefined && { requestId }),
  };
}

export function sendProblem(res: Response, status: number, detail: string, errors: FieldError[] = [], headers: Record<string, string> = {}): void {
  const requestId = typeof res.locals.requestId === 'string' ? res.locals.requestId : undefined;
  res.status(status).set(headers).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemBody(status, detail, errors, requestId)));
}

interface Mapped {
  status: number;
  detail: string;
  errors: FieldError[];
  headers?: Record<string, string>;
  /** False for bugs and failures of the machinery: those are logged with their stack. */
  expected: boolean;
}

const DOMAIN_STATUS = { invalid: 400, not_found: 404, conflict: 409, forbidden: 403 } as const;

/** Every error the API can meet, mapped to a status. The only such mapping in the code base. */
export function mapError(error: unknown): Mapped {
  if (error instanceof HttpProblem)
    return { status: error.status, detail: error.detail, errors: error.errors, headers: error.headers, expected: true };
  if (error instanceof DomainError) return { status: DOMAIN_STATUS[error.code], detail: error.message, errors: error.errors, expected: true };
  if (error instanceof BusyError) return { status: 503, detail: error.message, errors: [], headers: { 'Retry-After': '1' }, expected: true };
  if (error instanceof VersionConflictError)
    return {
      status: 409,
      detail: API_FR.versionConflict(String(error.expected), error.actual),
      errors: [{ path: 'expectedVersion', message: API_FR.currentVersion(error.actual) }],
      expected: true,
    };
  if (error instanceof EventIdConflictError) return { status: 409, detail: API_FR.idReused, errors: [], expected: true };
  // The disk is full: nothing of the request was written (the transaction rolled back), and writes
  // resume once space is freed. A 507 says so, where a 500 would look like a bug.
  if (isDiskFull(error)) return { status: 507, detail: DISK_FULL_SENTENCE, errors: [], expected: true };
  // A shared store that does not answer for now (a lock wait past its timeout, a lost connection):
  // nothing written, or, lost at COMMIT, perhaps written (store-unavailable.ts says which).
  if (isStoreUnavailable(error)) return { status: 503, detail: storeUnavailableSentence(error), errors: [], headers: { 'Retry-After': '1' }, expected: true };
  // The log is damaged where the read model was following it: "l'événement à la position N est illisible …".
  if (error instanceof DamagedEventError) return { status: 503, detail: error.message, errors: [], expected: false };
  const bodyError = bodyParserError(error);
  if (bodyError) return bodyError;
  // Other http-errors from express itself (a malformed %-escape in the path is a 400).
  const status = httpErrorStatus(error);
  if (status !== undefined) return { status, detail: API_FR.requestNotUnderstood, errors: [], expected: true };
  return { status: 500, detail: API_FR.internal, errors: [], expected: false };
}

function httpErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status } = error as { status?: unknown };
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500 ? status : undefined;
}

/** body-parser (express.json) errors carry a `type` and a 4xx status; their messages may quote the body, so they are not echoed. */
function bodyParserError(error: unknown): Mapped | undefined {
  const status = httpErrorStatus(error);
  const type = (error as { type?: unknown } | null)?.type;
  if (status === undefined || typeof type !== 'string') return undefined;
  switch (type) {
    case 'entity.too.large':
      return { status: 413, detail: API_FR.bodyTooLarge, errors: [], expected: true };
    case 'entity.parse.failed':
      return { status: 400, detail: API_FR.bodyNotJsonText, errors: [{ path: '', message: API_FR.invalidJson }], expected: true };
    case 'encoding.unsupported':
      return { status: 415, detail: API_FR.compressedBody, errors: [], expected: true };
    case 'charset.unsupported':
      return { status: 415, detail: API_FR.notUtf8, errors: [], expected: true };
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return { status: 400, detail: API_FR.bodyUnreadable, errors: [], expected: true };
    default:
      return { status, detail: API_FR.requestUnreadable, errors: [], expected: true };
  }
}

/** The last middleware: every error ends here as problem+json. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const mapped = mapError(error);
    if (!mapped.expected) logger.error({ err: error, requestId: res.locals.requestId, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) {
      // Too late for a problem document: cut the connection so the client sees a failure.
      res.destroy();
      return;
    }
    sendProblem(res, mapped.status, mapped.detail, mapped.errors, mapped.headers);
  };
}
