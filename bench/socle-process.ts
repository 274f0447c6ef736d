// Driving the real `socle` command from the benchmark: tokens, a server started as a user starts it,
// and exports written by `socle export` in a process of their own.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, runProcess } from './spawn.ts';

const SOCLE = join(ROOT, 'bin', 'socle.js');
const PEAK_RSS = fileURLToPath(new URL('./peak-rss.ts', import.meta.url));

/** `socle token create`: the token is alone on the last line of stdout. */
export async function createToken(dataDir: string, role: string, partnerId?: string): Promise<string> {
  const args = [SOCLE, 'token', 'create', '--data', dataDir, '--role', role, '--name', `bench-${role}`, ...(partnerId ? ['--partner', partnerId] : [])];
  const outcome = await runProcess(process.execPath, args, { timeoutMs: 120_000 });
  const token = outcome.stdout.trim().split('\n').pop() ?? '';
  if (outcome.code !== 0 || token === '') throw new Error(`socle token create failed: ${outcome.stderr.trim().split('\n').pop()}`);
  return token;
}

export interface RunningSocle {
  url: string;
  /** From spawning `socle serve` to its "listening on" line (the read model caught up). */
  listeningMs: number;
  /** From spawning to the first 200 answer of GET totals. */
  firstTotalsMs: number;
  /** Unvalued contributions listed in that first totals document. */
  unvalued: number;
  stop(): Promise<void>;
}

/**
 * Starts `socle serve --port 0` on a data directory and waits until it answers GET totals. Request
 * logs (pino, one line per request) go to a file, as a deployment would keep them.
 */
export async function startSocle(dataDir: string, token: string, programmeId: string, logFile: string): Promise<RunningSocle> {
  const started = performance.now();
  const child = spawn(process.execPath, [SOCLE, 'serve', '--data', dataDir, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, SOCLE_LOG_LEVEL: process.env.SOCLE_LOG_LEVEL ?? 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stderr!.pipe(log);
  const stop = () => stopChild(child);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('socle serve did not listen within 5 minutes')), 300_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d;
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`socle serve exited (${code}) before listening: ${tail(logFile)}`));
      });
    });
    const listeningMs = performance.now() - started;
    const response = await fetch(`${url}/api/programmes/${programmeId}/totals`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`GET totals answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const document = (await response.json()) as { unvalued?: unknown[] };
    return { url, listeningMs, firstTotalsMs: performance.now() - started, unvalued: document.unvalued?.length ?? 0, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' ');
  } catch {
    return '';
  }
}

export interface ExportFigures {
  seconds: number;
  maxRssBytes: number;
  fileBytes: number;
}

/** `socle export WORKBOOK` in a process of its own, timed from spawn to exit, with its peak RSS. */
export async function runExport(dataDir: string, workbook: string, programmeId: string, out: string): Promise<ExportFigures> {
  const args = ['--import', 'tsx', '--import', PEAK_RSS, SOCLE, 'export', workbook, '--programme', programmeId, '--data', dataDir, '--out', out];
  const outcome = await runProcess(process.execPath, args, { timeoutMs: 20 * 60 * 1000 });
  const rss = /BENCH_MAXRSS (\d+)/.exec(outcome.stderr);
  if (outcome.code !== 0 || !rss) {
    const why = outcome.stderr.replace(/BENCH_MAXRSS \d+/, '').trim().split('\n').slice(-2).join(' ');
    throw new Error(`socle export ${workbook} failed (exit ${outcome.code}): ${why}`);
  }
  return { seconds: outcome.durationMs / 1000, maxRssBytes: Number(rss[1]), fileBytes: statSync(out).size };
}
