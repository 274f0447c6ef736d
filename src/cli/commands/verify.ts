// `socle verify [--against STAMP] [--key FILE]`: everything that says the log is the one it was.
//   1. the hash chain, recomputed (names the first position that does not match);
//   2. a replay of the read model, so an event that cannot be read or applied is named;
//   3. every signed checkpoint the log holds, against the key (ledger-audit.ts), and the witness
//      kept beside the key, which catches a log cut short;
//   4. with --against POSITION:HEADHASH or a workbook (.xlsx): today's log extends that stamp,
//      proven with a Merkle consistency proof, or where it diverges or that it was cut short;
//   5. the read model's snapshot, when there is one: authentic and equal to a replay.
// --key FILE (or SOCLE_KEY_FILE, or the default place) may be the private key or its public half
// (FILE.pub): an auditor checks the checkpoints with the operator's public key alone; the witness
// and the snapshot's MAC need the private key's folder and are checked only where it is.
// Prints `ok EVENTS HEADHASH` (the contract), after one French line for --against; otherwise one
// French line on stderr and exit 1.
import { randomBytes } from 'node:crypto';
import { ledgerProjection } from '../../read-model/ledger.ts';
import { replay } from '../../read-model/runner.ts';
import { auditCheckpoints, auditStamp, claimMismatch } from '../../app/ledger-audit.ts';
import { SNAPSHOT_FILE_NAME } from '../../app/ledger-snapshot-file.ts';
import { keyFilePath, loadVerifyingKey, snapshotMacKey } from '../../app/signing-key.ts';
import { readStamp, StampError } from '../../app/stamp.ts';
import { verifyLedgerSnapshot } from '../../app/verify-snapshot.ts';
import { ledgerIdOf, readWitness } from '../../app/witness-file.ts';
import { LogMerkle } from '../../store/log-merkle.ts';
import { openStore } from '../../store/open-store.ts';
import { DamagedEventError } from '../../store/port.ts';
import { dataDirOf, parseCommandArgs, requireLedger, UsageError, type CliContext } from '../context.ts';

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, { against: { type: 'string' }, key: { type: 'string' } });
  const dataDir = dataDirOf(values, context);
  const fail = (sentence: string) => {
    console.error(`socle verify : ${sentence}`);
    return 1;
  };
  let stamp;
  try {
    stamp = values.against === undefined ? undefined : await readStamp(values.against);
  } catch (error) {
    if (error instanceof StampError) throw new UsageError(error.message);
    throw error;
  }
  // Verification never creates a key: without one, checkpoints are checked against the key they carry.
  const keyPath = keyFilePath(values.key);
  const verifying = loadVerifyingKey(keyPath);
  const key = verifying?.signing;
  requireLedger(dataDir);
  const store = await openStore({ dataDir });
  try {
    const chain = await store.verify();
    if (!chain.ok)
      return fail(`la chaîne d'empreintes est rompue à la position ${chain.firstBadPosition} (sur ${chain.events} événements) : le journal a été modifié à cet endroit`);
    // Throws DamagedEventError ("l'événement à la position N est illisible (…)") for an event the
    // read model cannot take, even under a chain that holds (a row re-hashed after it was broken).
    try {
      await replay(store, ledgerProjection);
    } catch (error) {
      if (!(error instanceof DamagedEventError)) throw error;
      return fail(`${error.message.replace(/ ; lancez socle verify$/, '')} : le journal est endommagé à cet endroit (sa chaîne d'empreintes a été recalculée après coup)`);
    }

    const head = await store.head();
    const audit = { store, merkle: new LogMerkle(store), head, ...(verifying && { trustedKey: verifying.publicKey }), ...(stamp?.eventHashes && { knownHashes: stamp.eventHashes }) };
    const checkpoints = await auditCheckpoints(audit);
    if (checkpoints.failure) return fail(checkpoints.failure);
    const witness = key ? readWitness(key.path, ledgerIdOf(dataDir)) : undefined;
    if (witness) {
      const mismatch = await claimMismatch(audit, witness, `le dernier point de contrôle signé (le ${witness.signedAt}, gardé à côté de la clé)`, checkpoints.held);
      if (mismatch) return fail(mismatch);
    }
    let extends_: string | undefined;
    if (stamp) {
      const result = await auditStamp(audit, stamp, checkpoints.held);
      if (result.failure) return fail(result.failure);
      extends_ = `le journal (${head.position} événements) prolonge le tampon ${stamp.position}:${stamp.headHash}${stamp.source ? ` de ${stamp.source}` : ''} (preuve de Merkle de ${result.proofHashes} empreintes vérifiée)`;
    }

    // Without the key no snapshot can be authentic: a key nobody holds refuses any that is there.
    const snapshot = await verifyLedgerSnapshot(dataDir, store, key ? snapshotMacKey(key) : randomBytes(32));
    if (!snapshot.checked && snapshot.refused) return fail(`le journal est intact (${chain.events} événements), mais l'instantané ${SNAPSHOT_FILE_NAME} est refusé : ${snapshot.why} ; supprimez-le`);
    if (snapshot.checked && !snapshot.matches)
      return fail(`le journal est intact (${chain.events} événements), mais l'instantané du modèle de lecture (${SNAPSHOT_FILE_NAME}, position ${snapshot.position}) ne correspond pas à un rejeu du journal : il a été modifié ; supprimez-le et redémarrez le serveur`);
    if (extends_) console.log(extends_);
    console.log(`ok ${chain.events} ${chain.headHash}`);
    return 0;
  } finally {
    await store.close();
  }
}
