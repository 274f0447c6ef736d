// The peers: Emmett's SQLite event store (@event-driven-io/emmett-sqlite, section 6) and its
// PostgreSQL event store (@event-driven-io/emmett-postgresql, section 9), installed only when the
// benchmark runs, into a folder of the system's temporary directory (kept there for the next run:
// the sqlite3 driver compiles for a minute or two), never into the project.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runProcess } from './spawn.ts';

export const PEER_PACKAGE = '@event-driven-io/emmett-sqlite';
/** Pinned, so that the ratio ours/peer means the same thing from run to run. */
export const PEER_VERSION = '0.42.4';

export interface PeerInstall {
  dir: string;
  /** Installed versions of the packages that matter. */
  versions: Record<string, string>;
  /** How it was installed, when a plain install could not resolve the peer's own peers. */
  note?: string;
}

/** Emmett's PostgreSQL store, pinned like the SQLite one (0.42.0: the release of the same minor). */
export const POSTGRES_PEER_PACKAGE = '@event-driven-io/emmett-postgresql';
export const POSTGRES_PEER_VERSION = '0.42.0';

const INSTALLED = 'socle-bench-installed.json';

function versionsIn(dir: string, names: string[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) versions[name] = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return versions;
}

/**
 * Installs the peer (or finds it installed by an earlier run). npm resolves its peer dependencies
 * (Emmett itself and the sqlite3 driver); if the registry lacks the exact Emmett version it asks
 * for, the nearest release of the same minor version is taken instead and the report says so.
 */
export async function installPeer(log: (line: string) => void, baseDir = join(os.tmpdir(), 'socle-bench-peer')): Promise<PeerInstall> {
  const dir = join(baseDir, `emmett-sqlite-${PEER_VERSION}`);
  const marker = join(dir, INSTALLED);
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as PeerInstall;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'socle-bench-peer', private: true }));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const common = ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-package-lock'];
  const attempts: { args: string[]; note?: string }[] = [
    { args: [...common, `${PEER_PACKAGE}@${PEER_VERSION}`] },
    {
      args: [...common, '--legacy-peer-deps', `${PEER_PACKAGE}@${PEER_VERSION}`, '@event-driven-io/emmett@~0.42.0', 'sqlite3@^5.1.7', 'uuid@^11', 'async-retry@^1'],
      note: `the registry lacked @event-driven-io/emmett@${PEER_VERSION}: installed with the nearest 0.42 release and Emmett's own dependencies (uuid, async-retry) named explicitly`,
    },
  ];
  const failures: string[] = [];
  for (const attempt of attempts) {
    log(`  installing ${PEER_PACKAGE}@${PEER_VERSION} into ${dir} (compiles sqlite3; a minute or two)…`);
    const outcome = await runProcess(npm, attempt.args, { cwd: dir, timeoutMs: 15 * 60 * 1000 });
    if (outcome.code === 0 && existsSync(join(dir, 'node_modules', PEER_PACKAGE))) {
      const install: PeerInstall = { dir, versions: versionsIn(dir, [PEER_PACKAGE, '@event-driven-io/emmett', 'sqlite3']), ...(attempt.note && { note: attempt.note }) };
      writeFileSync(marker, JSON.stringify(install));
      return install;
    }
    failures.push(lastLines(outcome.stderr || outcome.stdout));
  }
  throw new Error(`npm could not install ${PEER_PACKAGE}@${PEER_VERSION}: ${failures.join(' / ')}`);
}

/** Installs Emmett's PostgreSQL store (or finds it installed by an earlier run); it brings its own node-postgres. */
export async function installPostgresPeer(log: (line: string) => void, baseDir = join(os.tmpdir(), 'socle-bench-peer')): Promise<PeerInstall> {
  const dir = join(baseDir, `emmett-postgresql-${POSTGRES_PEER_VERSION}`);
  const marker = join(dir, INSTALLED);
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as PeerInstall;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'socle-bench-peer', private: true }));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  log(`  installing ${POSTGRES_PEER_PACKAGE}@${POSTGRES_PEER_VERSION} into ${dir}…`);
  const outcome = await runProcess(npm, ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-package-lock', `${POSTGRES_PEER_PACKAGE}@${POSTGRES_PEER_VERSION}`], { cwd: dir, timeoutMs: 15 * 60 * 1000 });
  if (outcome.code !== 0 || !existsSync(join(dir, 'node_modules', POSTGRES_PEER_PACKAGE))) {
    throw new Error(`npm could not install ${POSTGRES_PEER_PACKAGE}@${POSTGRES_PEER_VERSION}: ${lastLines(outcome.stderr || outcome.stdout)}`);
  }
  const install: PeerInstall = { dir, versions: versionsIn(dir, [POSTGRES_PEER_PACKAGE, '@event-driven-io/emmett', 'pg']) };
  writeFileSync(marker, JSON.stringify(install));
  return install;
}

function lastLines(text: string): string {
  return text
    .split('\n')
    .filter((l) => l.includes('ERR') || l.includes('error'))
    .slice(-3)
    .join(' ')
    .trim() || text.trim().split('\n').slice(-2).join(' ');
}
