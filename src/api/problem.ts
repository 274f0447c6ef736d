// application/problem+json (RFC 9457), and the one place where errors become HTTP statuses.
// Domain and store errors are typed; anything else is a bug: it is logged with its stack and the
// client gets a bare 500 naming the request id, never the error's message or stack.
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { DomainError, type FieldError } from '../domain/errors.ts';
import { DamagedEventError, EventIdConflictError, VersionConflictError } from '../store/port.ts';
import { isDiskFull, DISK_FULL_SENTENCE } from '../store/disk-full.ts';
import { BusyError } from '../app/work-gate.ts';

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

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['invalid-request', 'Invalid request'],
  401: ['unauthenticated', 'Authentication required'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Conflict'],
  413: ['body-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  429: ['too-many-requests', 'Too many requests'],
  500: ['internal-error', 'Internal error'],
  501: ['not-implemented', 'Not implemented'],
  503: ['unavailable', 'Service unavailable'],
  507: ['insufficient-storage', 'Espace de stockage insuffisant'],
};

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
  const [slug, title] = TITLES[status] ?? ['error', 'Error'];
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
      detail: `version conflict: expected version ${String(error.expected)}, the current version is ${error.actual}; read it again`,
      errors: [{ path: 'expectedVersion', message: `the current version is ${error.actual}` }],
      expected: true,
    };
  if (error instanceof EventIdConflictError) return { status: 409, detail: 'this id is already used with different content', errors: [], expected: true };
  // The disk is full: nothing of the request was written (the transaction rolled back), and writes
  // resume once space is freed. A 507 says so, where a 500 would look like a bug.
  if (isDiskFull(error)) return { status: 507, detail: DISK_FULL_SENTENCE, errors: [], expected: true };
  // The log is damaged where the read model was following it: "l'événement à la position N est illisible …".
  if (error instanceof DamagedEventError) return { status: 503, detail: error.message, errors: [], expected: false };
  const bodyError = bodyParserError(error);
  if (bodyError) return bodyError;
  // Other http-errors from express itself (a malformed %-escape in the path is a 400).
  const status = httpErrorStatus(error);
  if (status !== undefined) return { status, detail: 'the request could not be understood', errors: [], expected: true };
  return { status: 500, detail: 'internal error; the server log has the details under this request id', errors: [], expected: false };
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
      return { status: 413, detail: 'the body is larger than the limit of 64 KiB', errors: [], expected: true };
    case 'entity.parse.failed':
      return { status: 400, detail: 'the body is not a JSON object or array', errors: [{ path: '', message: 'invalid JSON' }], expected: true };
    case 'encoding.unsupported':
      return { status: 415, detail: 'compressed bodies are not accepted', errors: [], expected: true };
    case 'charset.unsupported':
      return { status: 415, detail: 'the body must be UTF-8 JSON', errors: [], expected: true };
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return { status: 400, detail: 'the body could not be read', errors: [], expected: true };
    default:
      return { status, detail: 'the request could not be read', errors: [], expected: true };
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
