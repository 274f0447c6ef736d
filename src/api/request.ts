// What every request gets first, whether express answers it or the fast path (fast-record.ts): a
// request id and its one log line, and the headers every answer carries.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { Logger } from 'pino';

/** 64 KiB: a contribution is well under 4 KiB; anything larger is a mistake or an attack (413). */
export const MAX_BODY_BYTES = 64 * 1024;

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The start of every request, through express or the fast path (fast-record.ts): a request id (the
 * caller's X-Request-Id when sane) on res.locals and in the answer, and exactly one structured log
 * line once the response is finished or the connection closed.
 */
export function beginRequest(logger: Logger, req: IncomingMessage & { originalUrl?: string }, res: ServerResponse & { locals: Record<string, unknown> }): void {
  const started = process.hrtime.bigint();
  const asked = req.headers['x-request-id'];
  const requestId = typeof asked === 'string' && SAFE_ID.test(asked) ? asked : randomUUID();
  const correlation = req.headers['x-correlation-id'];
  res.locals.requestId = requestId;
  if (typeof correlation === 'string' && SAFE_ID.test(correlation)) res.locals.correlationId = correlation;
  res.setHeader('X-Request-Id', requestId);
  const url = (req.originalUrl ?? req.url ?? '').slice(0, 300);
  let logged = false;
  const log = () => {
    if (logged) return;
    logged = true;
    const actor = res.locals.actor as { name: string; role: string } | undefined;
    logger.info(
      {
        requestId,
        method: req.method,
        url,
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        ...(actor && { actor: actor.name, role: actor.role }),
        ...(!res.writableFinished && { aborted: true }),
      },
      'request',
    );
  };
  res.on('finish', log);
  res.on('close', log);
}

/** Headers every answer carries, and Connection: close on every answer once shutdown has begun. */
export function secureResponse(app: Express, res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  // Once shutdown has begun (startServer sets app.locals.closing), every response, including those
  // of requests already in flight, tells keep-alive clients to go: the server can then stop at once.
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (app.locals.closing && !this.headersSent) this.setHeader('Connection', 'close');
    return writeHead.apply(this, args);
  } as typeof writeHead;
}
