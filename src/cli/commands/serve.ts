// `socle serve [--host H] [--port N]`: the HTTP API and web pages. Prints `listening on http://H:N`
// on stdout once ready (--port 0 takes a free port); logs one JSON line per request on stderr
// (SOCLE_LOG_LEVEL=silent|error|info|debug, default info). SIGTERM or SIGINT: graceful shutdown.
// Starts from the read model's snapshot in the data directory when it can, and keeps it written
// (src/app/snapshot-keeper.ts); --no-snapshot replays from the first event and writes none.
import pino from 'pino';
import { startServer } from '../../api/server.ts';
import { Socle, type SnapshotReport } from '../../app/socle.ts';
import { SnapshotKeeper, type SnapshotEvent } from '../../app/snapshot-keeper.ts';
import { TokenStore } from '../../auth/token-store.ts';
import { UsageError, dataDirOf, integerOption, parseCommandArgs, type CliContext } from '../context.ts';

const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'];

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, { host: { type: 'string' }, port: { type: 'string' }, 'no-snapshot': { type: 'boolean' } });
  const snapshots = values['no-snapshot'] !== true;
  const host = values.host ?? '127.0.0.1';
  if (host === '' || host.length > 255) throw new UsageError('--host needs a host name or address');
  const port = integerOption('port', values.port, 0, 65535) ?? 3000;
  const level = process.env.SOCLE_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`SOCLE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  // stderr, written synchronously: stdout carries only the "listening on" line, and a crash loses no line.
  const logger = pino({ level, base: { service: 'socle' } }, pino.destination({ dest: 2, sync: true }));

  const dataDir = dataDirOf(values, context);
  const tokens = TokenStore.open({ dataDir });
  let socle: Socle;
  let loaded: SnapshotReport | undefined;
  try {
    socle = await Socle.open({ dataDir, snapshot: snapshots, onSnapshot: (report) => (loaded = report) });
  } catch (error) {
    tokens.close();
    throw error;
  }
  const running = await startServer({ socle, tokens, host, port, logger }).catch(async (error: unknown) => {
    tokens.close();
    await socle.close();
    throw error;
  });
  console.log(`listening on ${running.url}`);
  if (loaded) logger.info(loaded.used ? { snapshot: loaded.position, ms: Math.round(loaded.ms) } : { snapshot: null, why: loaded.why }, loaded.used ? 'started from the read model snapshot' : 'started without a snapshot');
  const keeper = snapshots ? new SnapshotKeeper(socle, dataDir, loaded?.used ? loaded.position : 0, (event) => logSnapshot(logger, event)) : undefined;
  keeper?.start();

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'shutting down: finishing requests in flight');
  // A second signal while draining means "now".
  const force = () => process.exit(1);
  process.once('SIGTERM', force);
  process.once('SIGINT', force);
  keeper?.stop();
  await running.close();
  logger.info('stopped');
  process.off('SIGTERM', force);
  process.off('SIGINT', force);
  return 0;
}

function logSnapshot(logger: pino.Logger, event: SnapshotEvent): void {
  if ('failed' in event) logger.error({ reason: event.reason, err: String(event.failed) }, 'could not write the read model snapshot');
  else logger.info({ reason: event.reason, position: event.written.position, bytes: event.written.bytes, ms: Math.round(event.ms) }, 'read model snapshot written');
}
