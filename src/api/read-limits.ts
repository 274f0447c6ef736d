// Bounds on what one token can make the server read at once, so that no caller starves the others.
// A read as of an earlier position replays the log from the nearest kept version (up to tens of
// thousands of events) and a workbook walks every contribution: such "heavy" reads are limited to
// HEAVY_PER_TOKEN in flight per token, and any read to READS_PER_TOKEN; beyond, a 429 with
// Retry-After. Writes are not counted here: each is one short transaction, and POST a contribution
// may not pass through express at all (fast-record.ts). /api/health is answered before any of this.
import type { Request, RequestHandler } from 'express';
import { tokenOf } from './auth.ts';
import { HttpProblem } from './problem.ts';
import { API_FR } from '../messages/fr.ts';

export const HEAVY_PER_TOKEN = 2;
export const READS_PER_TOKEN = 8;
const RETRY_AFTER_SECONDS = '1';

function isHeavy(req: Request): boolean {
  return req.query.asOf !== undefined || req.query.asOfDate !== undefined || req.path.includes('/exports/');
}

export function readLimits(): RequestHandler {
  const reads = new Map<string, number>();
  const heavy = new Map<string, number>();
  const take = (counts: Map<string, number>, id: string) => counts.set(id, (counts.get(id) ?? 0) + 1);
  const give = (counts: Map<string, number>, id: string) => {
    const left = (counts.get(id) ?? 1) - 1;
    if (left === 0) counts.delete(id);
    else counts.set(id, left);
  };
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const id = tokenOf(res).id;
    const isHeavyRead = isHeavy(req);
    if ((reads.get(id) ?? 0) >= READS_PER_TOKEN)
      throw new HttpProblem(429, API_FR.tooManyReads(READS_PER_TOKEN), [], { 'Retry-After': RETRY_AFTER_SECONDS });
    if (isHeavyRead && (heavy.get(id) ?? 0) >= HEAVY_PER_TOKEN)
      throw new HttpProblem(429, API_FR.tooManyHeavyReads(HEAVY_PER_TOKEN), [], {
        'Retry-After': RETRY_AFTER_SECONDS,
      });
    take(reads, id);
    if (isHeavyRead) take(heavy, id);
    res.once('close', () => {
      give(reads, id);
      if (isHeavyRead) give(heavy, id);
    });
    next();
  };
}
