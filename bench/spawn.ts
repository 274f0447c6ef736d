// Starting measured child processes and reading back what they report.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TaskArgs, TaskName, TaskResult } from './tasks/index.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

export interface ProcessOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs a command to its end, capturing its output; rejects only if it cannot start. */
export function runProcess(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, durationMs: performance.now() - started });
    });
  });
}

/** Runs one task in its own Node process and returns its figures and peak RSS. */
export async function runTask<N extends TaskName>(name: N, args: TaskArgs<N>, options: { nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<TaskResult<N> & { maxRssBytes: number }> {
  const outcome = await runProcess(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', CHILD, name, JSON.stringify(args)], {
    timeoutMs: options.timeoutMs ?? 20 * 60 * 1000,
  });
  const line = outcome.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (outcome.code !== 0 || !line) {
    const tail = (outcome.stderr || outcome.stdout).trim().split('\n').slice(-8).join('\n');
    throw new Error(`bench task ${name} failed (exit ${outcome.code}): ${tail}`);
  }
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as TaskResult<N> & { maxRssBytes: number };
}
