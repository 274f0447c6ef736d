// The ledger as a whole: integrity of the hash chain and of the signed checkpoints, and the Merkle
// proof an auditor checks with their own code (coordinators and auditors, the table's roles).
import { auditCheckpoints } from '../../app/ledger-audit.ts';
import { ledgerProof, LogMerkle } from '../../store/log-merkle.ts';
import { API_FR } from '../../messages/fr.ts';
import { HttpProblem } from '../problem.ts';
import type { Handler } from '../route-context.ts';
import type { NoQuery, ProofQuery } from '../schemas.ts';

/**
 * 200 with ok false when the chain is broken (and the first bad position) or a signed checkpoint
 * no longer matches the log (and why, in French): the check itself worked.
 */
export const verifyLedger: Handler<undefined, typeof NoQuery> = async ({ socle }) => {
  const result = await socle.store.verify();
  // A tree of its own: the server's one would refuse a log rewritten under it, which is the case to report.
  const checkpoints = result.ok ? await auditCheckpoints({ store: socle.store, merkle: new LogMerkle(socle.store), head: await socle.store.head() }) : undefined;
  const body = {
    ok: result.ok && checkpoints?.failure === undefined,
    events: result.events,
    headHash: result.headHash,
    ...(result.firstBadPosition !== undefined && { firstBadPosition: result.firstBadPosition }),
    ...(checkpoints && { checkpoints: checkpoints.held.length }),
    ...(checkpoints?.failure !== undefined && { problem: checkpoints.failure }),
  };
  return { status: 200, body };
};

/**
 * The proof that the log of `to` events (default: the head) extends the log of `from` events:
 * both trees' roots, the audit paths that tie each stamp's hash to its tree, the consistency
 * proof. Nothing in it has to be trusted: docs/auditing.md checks it with a standalone script.
 */
export const ledgerProofOf: Handler<undefined, typeof ProofQuery> = async ({ socle, query }) => {
  const head = await socle.store.head();
  const to = query.to ?? head.position;
  if (to > head.position) throw new HttpProblem(400, API_FR.proofBeyondHead(to, head.position), [{ path: 'to', message: API_FR.atMost(head.position) }]);
  if (query.from > to) throw new HttpProblem(400, API_FR.proofFromAfterTo(query.from, to), [{ path: 'from', message: API_FR.atMost(to) }]);
  return { status: 200, body: await ledgerProof(socle.store, socle.merkle, query.from, to) };
};
