// A PostgreSQL cluster of the suite's own (initdb in a temporary folder, its own port, trust
// authentication on 127.0.0.1 only), for tests that stop or restart the server: the shared server
// on 5432 that other suites use is never touched. PostgreSQL refuses to run as root, so under root
// the cluster runs as the `postgres` user (runuser), which owns the folder.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

export interface OwnCluster {
  url: string;
  port: number;
  /**
   * pg_ctl restart -m fast: every connection is cut, the server is back once it accepts them. Run
   * beside the test's event loop (not spawnSync), so that its clients keep writing into the outage.
   */
  restart(): Promise<void>;
  stop(): void;
  /** Stops the server and removes its folder. */
  remove(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL program as the cluster's owner; throws with its output when it fails. */
function ownerCommand(program: string, args: string[]): [string, string[]] {
  const asRoot = process.getuid?.() === 0;
  return asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, program), ...args]] : [join(BIN, program), args];
}

function asOwner(program: string, args: string[]): void {
  const [command, commandArgs] = ownerCommand(program, args);
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error?.message}`);
}

/** asOwner without blocking the event loop. */
function asOwnerAsync(program: string, args: string[]): Promise<void> {
  const [command, commandArgs] = ownerCommand(program, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${program} ${args.join(' ')} failed: ${output}`))));
  });
}

/** Whether this machine can make a cluster of its own (PostgreSQL 15's programs are there). */
export function canMakeCluster(): boolean {
  return spawnSync(join(BIN, 'initdb'), ['--version'], { encoding: 'utf8' }).status === 0;
}

export async function startOwnCluster(): Promise<OwnCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'socle-pg-cluster-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) {
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(owner.stdout.trim()), Number(group.stdout.trim()));
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  asOwner('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  // Sockets in the cluster's folder, TCP on loopback only; fsync stays on: durability is what is tested.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const pgCtl = (...args: string[]) => asOwner('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', ...args]);
  pgCtl('-o', options, 'start');
  let running = true;
  const stop = () => {
    if (running) pgCtl('-m', 'fast', 'stop');
    running = false;
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: () => asOwnerAsync('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-m', 'fast', '-o', options, 'restart']),
    stop,
    remove() {
      try {
        stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
