// What `socle verify` checks beyond the hash chain, each failure one French sentence that names
// what is wrong and where:
//   - every signed checkpoint the log holds: its signature (and that the operator's key made it),
//     and that the log still has, at its position, the chained hash and Merkle root it signed;
//   - the witness beside the key (the last checkpoint signed for this ledger), which survives a
//     deletion of the log's last rows;
//   - a stamp given with --against (POSITION:HEADHASH or a workbook): today's log must extend it,
//     which is also proven the way an auditor would, with a Merkle consistency proof.
// A full re-hash of the log from an old row on passes the chain check; it cannot pass these.
import type { KeyObject } from 'node:crypto';
import { checkpointSignatureHolds, type SignedCheckpoint } from '../store/checkpoints.ts';
import { checkLedgerProof, ledgerProof, type LogMerkle } from '../store/log-merkle.ts';
import type { EventStore, Head } from '../store/port.ts';
import { checkpointsUpTo } from './checkpoint-signer.ts';
import type { Stamp } from './stamp.ts';

export interface AuditContext {
  store: EventStore;
  merkle: LogMerkle;
  head: Head;
  /** The operator's public key, when its key file is at hand. */
  trustedKey?: KeyObject;
  /** Event hashes from a journal workbook given as a stamp: they locate any divergence exactly. */
  knownHashes?: Map<number, string>;
}

export interface CheckpointAudit {
  /** Checkpoints whose signature and claim hold. */
  held: SignedCheckpoint[];
  /** The first failure, in words. */
  failure?: string;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** Every checkpoint in the log, in order; stops at the first that does not hold. */
export async function auditCheckpoints(context: AuditContext): Promise<CheckpointAudit> {
  const held: SignedCheckpoint[] = [];
  let listed;
  try {
    listed = await checkpointsUpTo(context.store);
  } catch (error) {
    return { held, failure: `un point de contrôle du journal est illisible (${(error as Error).message})` };
  }
  for (const { eventPosition, checkpoint } of listed) {
    if (!checkpointSignatureHolds(checkpoint)) return { held, failure: `la signature du point de contrôle de la position ${eventPosition} n'est pas valide : il a été fabriqué ou modifié` };
    if (context.trustedKey && !checkpointSignatureHolds(checkpoint, context.trustedKey))
      return { held, failure: `le point de contrôle de la position ${eventPosition} est signé par une autre clé (${checkpoint.keyId.slice(0, 16)}) que la vôtre (--key FICHIER : la clé de l'exploitant, privée ou publique .pub)` };
    const mismatch = await claimMismatch(context, checkpoint, `le point de contrôle signé le ${checkpoint.signedAt}`, held);
    if (mismatch) return { held, failure: mismatch };
    held.push(checkpoint);
  }
  return { held };
}

/**
 * Why the log does not extend a claim (a checkpoint, a witness, a stamp), or undefined when it does.
 * `held` are checkpoints already known to match, which bound where a divergence can start.
 */
export async function claimMismatch(
  context: AuditContext,
  claim: { position: number; headHash: string; merkleRoot?: string; eventHashes?: Map<number, string> },
  label: string,
  held: readonly SignedCheckpoint[],
): Promise<string | undefined> {
  const { store, head } = context;
  if (claim.position > head.position)
    return `le journal a été raccourci : ${label} atteste ${claim.position} événements, il n'en reste que ${head.position}`;
  const today = claim.position === 0 ? head.hash : (await store.head(claim.position)).hash;
  if (claim.position > 0 && today !== claim.headHash) {
    return `le journal ne prolonge pas ${label} : ${await whereItDiverges(context, claim, held)} (à la position ${claim.position}, l'empreinte est ${short(today)} au lieu de ${short(claim.headHash)})`;
  }
  if (claim.merkleRoot !== undefined) {
    const root = (await context.merkle.upTo(claim.position)).root(claim.position).toString('hex');
    if (root !== claim.merkleRoot) return `la racine de Merkle à la position ${claim.position} n'est pas celle de ${label} : le journal a été réécrit avant cette position`;
  }
  return undefined;
}

async function whereItDiverges(context: AuditContext, claim: { position: number; eventHashes?: Map<number, string> }, held: readonly SignedCheckpoint[]): Promise<string> {
  // A journal workbook lists each event's hash: the first one that differs is where it diverges.
  let after = 0;
  const known = claim.eventHashes ?? context.knownHashes;
  if (known) {
    for (const [position, hash] of [...known].sort((a, b) => a[0] - b[0])) {
      if (position > claim.position || position > context.head.position) break;
      if ((await context.store.head(position)).hash !== hash) return `il diverge à la position ${position}`;
      after = position;
    }
  }
  // Otherwise the latest checkpoint before it that still matches bounds where the rewrite starts.
  for (const checkpoint of held) if (checkpoint.position < claim.position && checkpoint.position > after) after = checkpoint.position;
  return after + 1 === claim.position ? `il diverge à la position ${claim.position}` : `il a été réécrit entre les positions ${after + 1} et ${claim.position}`;
}

/** --against: the stamp's claim, then the consistency proof an auditor would check, made and checked here. */
export async function auditStamp(context: AuditContext, stamp: Stamp, held: readonly SignedCheckpoint[]): Promise<{ failure?: string; proofHashes: number }> {
  const label = `le tampon ${stamp.position}:${short(stamp.headHash)}${stamp.source ? ` (${stamp.source})` : ''}`;
  const mismatch = await claimMismatch(context, stamp, label, held);
  if (mismatch) return { failure: mismatch, proofHashes: 0 };
  const proof = await ledgerProof(context.store, context.merkle, stamp.position, context.head.position);
  if (!checkLedgerProof(proof, stamp)) return { failure: `la preuve de cohérence entre ${label} et le journal ne se vérifie pas`, proofHashes: 0 };
  return { proofHashes: proof.consistency.length + proof.inclusion.from.length + proof.inclusion.to.length };
}
