// The HTTP server around the app, with a graceful shutdown: stop accepting, let in-flight requests
// finish (bounded by a grace period), then close the token file and the store.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import type { Socle } from '../app/socle.ts';
import type { TokenVerifier } from '../auth/token-store.ts';
import { createApp } from './app.ts';
import { fastRecordContribution } from './fast-record.ts';

export interface ServerOptions {
  socle: Socle;
  tokens: TokenVerifier & { close?(): void | Promise<void> };
  host: string;
  /** 0 takes a free port. */
  port: number;
  logger?: Logger;
  webDir?: string | null;
  /** How long in-flight requests may take to finish once shutdown starts, default 10 s. */
  graceMs?: number;
  /**
   * Run once requests have finished and before the store closes (serve writes the read model's
   * snapshot here, so it holds every write answered). Its failure is logged and the close goes on.
   */
  beforeStoreClose?: () => void | Promise<void>;
}

export interface RunningServer {
  /** http://HOST:PORT, with the port actually bound. */
  url: string;
  port: number;
  server: Server;
  /** Graceful shutdown; also closes the tokens and the Socle (its store). Safe to call twice. */
  close(): Promise<void>;
}

/** A request must arrive whole within this time: a slow client cannot hold a connection forever. */
const REQUEST_TIMEOUT_MS = 30_000;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const app = createApp({ socle: options.socle, tokens: options.tokens, logger, webDir: options.webDir });
  // POST a contribution, the busiest write, is answered without express when it can be (see fast-record.ts).
  const fast = fastRecordContribution({ app, socle: options.socle, tokens: options.tokens, logger });
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: 10_000 }, (req, res) => {
    if (!fast(req, res)) app(req, res);
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // From now on every response says Connection: close, so keep-alive clients go away.
      app.locals.closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const grace = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 10_000);
      await stopped;
      clearTimeout(grace);
      // Each step may fail on its own (a full disk, a lost connection to EventStoreDB); none may stop
      // the next: a shutdown that throws halfway leaves a process that neither serves nor exits.
      await closeStep(logger, "l'étape avant fermeture du magasin a échoué", () => options.beforeStoreClose?.());
      await closeStep(logger, 'fermeture du magasin des jetons impossible', () => options.tokens.close?.());
      await closeStep(logger, "fermeture du magasin d'événements impossible", () => options.socle.close());
    })();
    return closing;
  };

  return { url: `http://${host}:${port}`, port, server, close };
}

async function closeStep(logger: Logger, failure: string, step: () => unknown): Promise<void> {
  try {
    await step();
  } catch (error) {
    logger.error({ err: String(error) }, `${failure} : ${oneLine(error)}`);
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
}
