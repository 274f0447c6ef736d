// `npx socle serve &` then `kill $!`: $! is npm's process, and npm exits on SIGTERM without passing
// it on to its `sh -c socle …` child, so the server would live on, orphaned and still listening,
// with no snapshot written. When the server was started by npm (npm_command is set in its
// environment), it finds npm among its ancestors and watches it: once npm is gone, the server shuts
// down exactly as on SIGTERM. Started any other way (node bin/socle.js, a supervisor, a container),
// nothing is watched: a server outliving the shell that started it is then what was asked for.
import { readFileSync } from 'node:fs';

const POLL_MS = 200;
const ANCESTORS_LOOKED_AT = 4;

export interface Launcher {
  pid: number;
  command: string;
}

/** The npm (or npx) process that launched this one, when there is one and /proc says so. */
export function npmLauncher(env: NodeJS.ProcessEnv = process.env): Launcher | undefined {
  if (!env.npm_command) return undefined;
  let pid = process.ppid;
  for (let i = 0; i < ANCESTORS_LOOKED_AT && pid > 1; i++) {
    const command = commandLineOf(pid);
    if (command === undefined) return undefined;
    if (/^(npm|npx)( |$)|npm-cli\.js|npx-cli\.js/.test(command)) return { pid, command };
    const parent = parentOf(pid);
    if (parent === undefined) return undefined;
    pid = parent;
  }
  return undefined;
}

/** Resolves once `launcher` has exited (polled; the timer never keeps the process alive). */
export function whenGone(launcher: Launcher): { gone: Promise<void>; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const gone = new Promise<void>((resolve) => {
    timer = setInterval(() => {
      if (!isAlive(launcher.pid)) {
        clearInterval(timer);
        resolve();
      }
    }, POLL_MS);
    timer.unref();
  });
  return { gone, stop: () => clearInterval(timer) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, only not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(parent) ? parent : undefined;
  } catch {
    return undefined;
  }
}
