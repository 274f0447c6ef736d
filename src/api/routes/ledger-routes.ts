// The ledger as a whole: integrity of the hash chain and of the signed checkpoints, and the Merkle
// proof an auditor checks with their own code (coordinators and auditors).
import { Router } from 'express';
import { auditCheckpoints } from '../../app/ledger-audit.ts';
import type { Socle } from '../../app/socle.ts';
import { ledgerProof, LogMerkle } from '../../store/log-merkle.ts';
import { allow } from '../auth.ts';
import { HttpProblem } from '../problem.ts';
import { NoQuery, ProofQuery, parseRequest } from '../schemas.ts';

export function ledgerRouter({ socle }: { socle: Socle }): Router {
  const router = Router();

  /**
   * 200 with ok false when the chain is broken (and the first bad position) or a signed checkpoint
   * no longer matches the log (and why, in French): the check itself worked.
   */
  router.get('/verify', allow('coordinator', 'auditor'), async (req, res) => {
    parseRequest(NoQuery, req.query, 'query');
    const result = await socle.store.verify();
    // A tree of its own: the server's one would refuse a log rewritten under it, which is the case to report.
    const checkpoints = result.ok ? await auditCheckpoints({ store: socle.store, merkle: new LogMerkle(socle.store), head: await socle.store.head() }) : undefined;
    res.json({
      ok: result.ok && checkpoints?.failure === undefined,
      events: result.events,
      headHash: result.headHash,
      ...(result.firstBadPosition !== undefined && { firstBadPosition: result.firstBadPosition }),
      ...(checkpoints && { checkpoints: checkpoints.held.length }),
      ...(checkpoints?.failure !== undefined && { problem: checkpoints.failure }),
    });
  });

  /**
   * The proof that the log of `to` events (default: the head) extends the log of `from` events:
   * both trees' roots, the audit paths that tie each stamp's hash to its tree, the consistency
   * proof. Nothing in it has to be trusted: docs/auditing.md checks it with a standalone script.
   */
  router.get('/proof', allow('coordinator', 'auditor'), async (req, res) => {
    const query = parseRequest(ProofQuery, req.query, 'query');
    const head = await socle.store.head();
    const to = query.to ?? head.position;
    if (to > head.position) throw new HttpProblem(400, `la position ${to} est au-delà de la tête du journal (${head.position})`, [{ path: 'to', message: `au plus ${head.position}` }]);
    if (query.from > to) throw new HttpProblem(400, `from (${query.from}) doit être au plus to (${to})`, [{ path: 'from', message: `au plus ${to}` }]);
    res.json(await ledgerProof(socle.store, socle.merkle, query.from, to));
  });

  return router;
}
