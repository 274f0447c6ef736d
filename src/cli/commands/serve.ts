// `socle serve [--host H] [--port N]`: the HTTP API and web pages. Prints `listening on http://H:N`
// on stdout once ready (--port 0 takes a free port); logs one JSON line per request on stderr
// (SOCLE_LOG_LEVEL=silent|error|info|debug, default info). SIGTERM or SIGINT: graceful shutdown
// (drain the requests, write the snapshot, close the store; a failing step is logged and the rest
// still runs, exit code 0; a second signal exits at once with 1). Under `npx socle serve`, the exit
// of npm (which does not pass SIGTERM on) starts the same shutdown (../launcher.ts).
// Starts from the read model's snapshot in the data directory when it can, and keeps it written
// (src/app/snapshot-keeper.ts); --no-snapshot replays from the first event and writes none.
// Signs a checkpoint of the head every SOCLE_CHECKPOINT_INTERVAL_MS when events came (checkpoint-keeper.ts).
// An event that cannot be read or applied stops the start: « l'événement à la position N est
// illisible (…) ; lancez socle verify », exit 1 (docs/auditing.md says why not a read-only mode).
import pino from 'pino';
import { startServer } from '../../api/server.ts';
import { Socle, type SnapshotReport } from '../../app/socle.ts';
import { SnapshotKeeper, type SnapshotEvent } from '../../app/snapshot-keeper.ts';
import { CheckpointKeeper, checkpointIntervalMs, type CheckpointEvent } from '../../app/checkpoint-keeper.ts';
import { openTokenStore } from '../../auth/open-token-store.ts';
import { npmLauncher, whenGone } from '../launcher.ts';
import { UsageError, dataDirOf, integerOption, parseCommandArgs, type CliContext } from '../context.ts';

const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'];
/** How long requests in flight may take to finish once a shutdown starts. */
const GRACE_MS = 10_000;
/** Beyond the grace period, time left for the snapshot and the store's close before a forced exit. */
const SHUTDOWN_MARGIN_MS = 20_000;

export async function run(args: string[], context: CliContext): Promise<number> {
  const { snapshots, host, port, logger, dataDir } = serveSettings(args, context);
  const checkpointEveryMs = checkpointIntervalMs();
  const tokens = await openTokenStore({ dataDir });
  let socle: Socle;
  let loaded: SnapshotReport | undefined;
  try {
    socle = await Socle.open({ dataDir, snapshot: snapshots, onSnapshot: (report) => (loaded = report) });
  } catch (error) {
    await tokens.close();
    throw error;
  }
  // Listened for before the "listening on" line goes out: a supervisor may send SIGTERM the moment
  // it reads that line, and a signal with no listener kills the process without a shutdown.
  const stop = stopSignal();
  let keeper: SnapshotKeeper | undefined;
  const running = await startServer({ socle, tokens, host, port, logger, graceMs: GRACE_MS, beforeStoreClose: () => keeper?.stop() }).catch(async (error: unknown) => {
    await tokens.close();
    await socle.close();
    throw error;
  });
  console.log(`listening on ${running.url}`);
  logLoaded(logger, loaded);
  keeper = snapshots ? new SnapshotKeeper(socle, dataDir, loaded?.used ? loaded.position : 0, (event) => logSnapshot(logger, event)) : undefined;
  keeper?.start();
  const checkpoints = new CheckpointKeeper(socle, dataDir, checkpointEveryMs, (event) => logCheckpoint(logger, event));
  checkpoints.start();

  const signal = await stop.signal;
  checkpoints.stop();
  stop.watched?.stop();
  if (signal === 'launcher gone') logger.info({ signal, launcher: stop.launcher }, `arrêt : ${stop.launcher!.command} (pid ${stop.launcher!.pid}), qui a lancé le serveur, s'est arrêté`);
  await shutdown(logger, signal, running);
  return 0;
}

/** The command's options and the logger, checked before anything is opened. */
function serveSettings(args: string[], context: CliContext) {
  const { values } = parseCommandArgs(args, { host: { type: 'string' }, port: { type: 'string' }, 'no-snapshot': { type: 'boolean' } });
  const snapshots = values['no-snapshot'] !== true;
  const host = values.host ?? '127.0.0.1';
  if (host === '' || host.length > 255) throw new UsageError('--host needs a host name or address');
  const port = integerOption('port', values.port, 0, 65535) ?? 3000;
  const level = process.env.SOCLE_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(level)) throw new UsageError(`SOCLE_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  // stderr, written synchronously: stdout carries only the "listening on" line, and a crash loses no line.
  const logger = pino({ level, base: { service: 'socle' } }, pino.destination({ dest: 2, sync: true }));
  return { snapshots, host, port, logger, dataDir: dataDirOf(values, context) };
}

/**
 * The first SIGTERM or SIGINT. Under `npx socle serve`, npm's own exit counts as SIGTERM: npm does
 * not pass the signal on (launcher.ts).
 */
function stopSignal() {
  const launcher = npmLauncher();
  const watched = launcher && whenGone(launcher);
  const signal = new Promise<NodeJS.Signals | 'launcher gone'>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
    watched?.gone.then(() => resolve('launcher gone'));
  });
  return { launcher, watched, signal };
}

/** Drain the requests, write the snapshot (a failure is logged by the keeper), close the store. */
async function shutdown(logger: pino.Logger, signal: string, running: { close(): Promise<void> }): Promise<void> {
  logger.info({ signal }, 'arrêt : fin des requêtes en cours');
  // A second signal while draining means "now".
  const force = () => process.exit(1);
  process.once('SIGTERM', force);
  process.once('SIGINT', force);
  // The close can only hang on something outside this process (a disk that no longer answers): past
  // the grace period and a margin for the snapshot, exit anyway rather than live on half closed.
  const deadline = setTimeout(() => {
    logger.error(`arrêt incomplet après ${(GRACE_MS + SHUTDOWN_MARGIN_MS) / 1000} s : sortie forcée`);
    process.exit(1);
  }, GRACE_MS + SHUTDOWN_MARGIN_MS);
  deadline.unref();
  await running.close();
  clearTimeout(deadline);
  logger.info('arrêté');
  process.off('SIGTERM', force);
  process.off('SIGINT', force);
}

/** Whether the server started from the snapshot, and if not why. */
function logLoaded(logger: pino.Logger, loaded: SnapshotReport | undefined): void {
  if (loaded && !loaded.used && loaded.refused) logger.warn({ snapshot: null, why: loaded.why }, `instantané du modèle de lecture refusé : ${loaded.why} ; le journal a été rejoué depuis le premier événement`);
  else if (loaded) logger.info(loaded.used ? { snapshot: loaded.position, ms: Math.round(loaded.ms) } : { snapshot: null, why: loaded.why }, loaded.used ? "démarré depuis l'instantané du modèle de lecture" : 'démarré sans instantané');
}

function logCheckpoint(logger: pino.Logger, event: CheckpointEvent): void {
  if ('failed' in event) logger.error({ err: String(event.failed) }, `point de contrôle non signé : ${String((event.failed as Error)?.message ?? event.failed).replace(/\s+/g, ' ')}`);
  else logger.info({ position: event.signed.checkpoint.position, event: event.signed.eventPosition }, 'point de contrôle signé');
}

function logSnapshot(logger: pino.Logger, event: SnapshotEvent): void {
  if ('failed' in event) {
    const why = (event.failed instanceof Error ? event.failed.message : String(event.failed)).replace(/\s+/g, ' ').trim();
    logger.error({ reason: event.reason, err: String(event.failed) }, `instantané du modèle de lecture non écrit (${event.reason}) : ${why}`);
  } else logger.info({ reason: event.reason, position: event.written.position, bytes: event.written.bytes, ms: Math.round(event.ms) }, 'instantané du modèle de lecture écrit');
}
