// `socle serve` as a child process, the way an operator runs it.
import '../key-file.ts';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

const BIN = new URL('../../bin/socle.js', import.meta.url).pathname;

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
}

export function cli(args: string[], dataDir: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, SOCLE_DATA_DIR: '', SOCLE_STORE: '' },
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, without blocking this process while the child runs. Use it between requests to a live
 * server: spawnSync stops the event loop, so a pooled keep-alive connection's own idle timer (fetch's
 * undici drops an idle socket before the server's 5 s keepAliveTimeout) cannot fire, nor the
 * server's close of that socket be read; the next request then goes out on a socket the server has
 * already closed and fails with "other side closed".
 */
export function cliAsync(args: string[], dataDir: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args, '--data', dataDir], {
    env: { ...process.env, SOCLE_DATA_DIR: '', SOCLE_STORE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

export function createToken(dataDir: string, ...args: string[]): string {
  const r = cli(['token', 'create', ...args], dataDir);
  if (r.status !== 0) throw new Error(`token create failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').at(-1)!;
}

/** Starts `socle serve --port 0` and resolves once it prints its address. */
export function serve(dataDir: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], {
    env: { ...process.env, SOCLE_DATA_DIR: '', SOCLE_STORE: '', SOCLE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    // A server that never says it listens must not hang the suite.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socle serve did not start: ${err}`));
    }, 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`socle serve exited (${code}) before listening: ${err}`));
    });
  });
}
