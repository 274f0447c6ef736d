// 5. The API under load on loopback: autocannon against a real `socle serve`, bounded in time.
import autocannon, { type Options } from 'autocannon';

export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

export interface LoadOptions {
  url: string;
  token: string;
  durationSeconds: number;
  connections?: number;
}

async function run(options: Options, expected: number): Promise<LoadFigures> {
  const result = await autocannon({ connections: 10, pipelining: 1, timeout: 10, ...options });
  const total = result.requests.total;
  const good = result.statusCodeStats[String(expected)]?.count ?? 0;
  if (total === 0 || result.errors > 0 || good !== total) {
    const statuses = Object.entries(result.statusCodeStats).map(([code, s]) => `${code}×${s.count}`).join(', ');
    throw new Error(`expected ${total} answers ${expected}, got ${statuses || 'none'} (${result.errors} errors, ${result.timeouts} timeouts)`);
  }
  return { requestsPerSecond: total / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: total };
}

/** POST a new contribution: each request has its own id, as a client's retry-safe request does. */
export function postContributions(options: LoadOptions, programmeId: string): Promise<LoadFigures> {
  const body = JSON.stringify({
    id: 'b-[<id>]',
    partnerId: 'orditous',
    kind: 'volunteer_time',
    status: 'actual',
    date: '2025-03-14',
    quantity: '3.5',
    actionId: 'a02',
    description: 'Bénévoles aux ateliers d’initiation',
    evidence: 'Feuille d’émargement',
  });
  return run(
    {
      url: `${options.url}/api/programmes/${programmeId}/contributions`,
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body,
      idReplacement: true,
      duration: options.durationSeconds,
      ...(options.connections && { connections: options.connections }),
    },
    201,
  );
}

/** GET the totals document; `query` such as `year=2025` narrows it. */
export function getTotals(options: LoadOptions, programmeId: string, query = ''): Promise<LoadFigures> {
  return run(
    {
      url: `${options.url}/api/programmes/${programmeId}/totals${query ? `?${query}` : ''}`,
      headers: { authorization: `Bearer ${options.token}` },
      duration: options.durationSeconds,
      ...(options.connections && { connections: options.connections }),
    },
    200,
  );
}
