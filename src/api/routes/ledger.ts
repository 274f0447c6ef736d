// The ledger as a whole: integrity of the hash chain (coordinators and auditors).
import { Router } from 'express';
import type { Socle } from '../../app/socle.ts';
import { allow } from '../auth.ts';
import { NoQuery, parseRequest } from '../schemas.ts';

export function ledgerRouter({ socle }: { socle: Socle }): Router {
  const router = Router();

  /** 200 with ok false (and the first bad position) when the chain is broken: the check itself worked. */
  router.get('/verify', allow('coordinator', 'auditor'), async (req, res) => {
    parseRequest(NoQuery, req.query, 'query');
    const result = await socle.store.verify();
    res.json({
      ok: result.ok,
      events: result.events,
      headHash: result.headHash,
      ...(result.firstBadPosition !== undefined && { firstBadPosition: result.firstBadPosition }),
    });
  });

  return router;
}
