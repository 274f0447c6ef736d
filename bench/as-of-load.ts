// 5. As-of reads as a load: several tokens each keep as-of totals in flight at random positions of
// the log (every one a replay from the nearest kept version, see src/read-model/retained-versions.ts)
// while /api/health and POST are measured, so that what one role's heavy reads cost the others is
// a figure. A token past its bound on heavy reads in flight gets a 429 (src/api/read-limits.ts), a
// full queue of replays a 503 (src/app/work-gate.ts): the hammer counts those apart and goes on, as
// a polite client would after Retry-After.
import autocannon from 'autocannon';
import type { LoadFigures } from './load.ts';

export interface HammerFigures {
  /** As-of totals answered 200 per second, all tokens together. */
  answeredPerSecond: number;
  /** 429 and 503 answers per second (the per-token bound, or the process's queue of replays, full). */
  refusedPerSecond: number;
}

export interface Hammer {
  stop(): Promise<HammerFigures>;
}

/** Starts `perToken` loops per token, each asking one as-of totals at a time. */
export function hammerAsOf(url: string, programmeId: string, tokens: string[], head: number, perToken: number): Hammer {
  let running = true;
  let answered = 0;
  let refused = 0;
  let failure: Error | undefined;
  const started = performance.now();
  // A fixed sequence of positions (a linear congruential walk), so two runs ask the same reads.
  let seed = 12345;
  const nextPosition = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 1 + (seed % head);
  };
  const loop = async (token: string) => {
    while (running) {
      const response = await fetch(`${url}/api/programmes/${programmeId}/totals?asOf=${nextPosition()}`, { headers: { authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      if (response.status === 200) answered += 1;
      else if (response.status === 429 || response.status === 503) {
        refused += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
      } else {
        failure ??= new Error(`as-of totals answered ${response.status}`);
        running = false;
      }
    }
  };
  const loops = tokens.flatMap((token) => Array.from({ length: perToken }, () => loop(token)));
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      if (failure) throw failure;
      const seconds = (performance.now() - started) / 1000;
      return { answeredPerSecond: answered / seconds, refusedPerSecond: refused / seconds };
    },
  };
}

/** GET /api/health from one connection for `durationSeconds`: its latency is what a probe sees. */
export async function getHealth(url: string, durationSeconds: number): Promise<LoadFigures> {
  const result = await autocannon({ url: `${url}/api/health`, connections: 1, pipelining: 1, duration: durationSeconds, timeout: 10 });
  const good = result.statusCodeStats['200']?.count ?? 0;
  if (result.requests.total === 0 || good !== result.requests.total) throw new Error(`GET /api/health: ${good} of ${result.requests.total} answered 200`);
  return { requestsPerSecond: result.requests.total / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: result.requests.total };
}
