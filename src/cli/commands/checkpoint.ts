// `socle checkpoint [--key FILE]`: signs the head of the log now (position, chained hash, Merkle
// root, time) with the key kept outside the ledger, and appends the signed checkpoint to the log
// (stream ledger-checkpoints). Exports and the demo do the same on their own; this is for a
// closing, or a cron job. A log that already ends with a checkpoint is not signed again.
import { signLedgerHead } from '../../app/checkpoint-signer.ts';
import { LogMerkle } from '../../store/log-merkle.ts';
import { openStore } from '../../store/open-store.ts';
import { dataDirOf, parseCommandArgs, type CliContext } from '../context.ts';

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, { key: { type: 'string' } });
  const dataDir = dataDirOf(values, context);
  const store = await openStore({ dataDir });
  try {
    const signed = await signLedgerHead(store, new LogMerkle(store), dataDir, values.key);
    if (!signed) {
      console.error('socle checkpoint : le journal est vide, il n’y a rien à signer');
      return 1;
    }
    const { checkpoint, eventPosition, written } = signed;
    const what = `position ${checkpoint.position}, empreinte ${checkpoint.headHash}, racine de Merkle ${checkpoint.merkleRoot}, clé ${checkpoint.keyId.slice(0, 16)}, signé le ${checkpoint.signedAt}`;
    console.log(written ? `point de contrôle signé (${what}) : événement à la position ${eventPosition}` : `le journal se termine déjà par un point de contrôle signé (${what}) : rien d’écrit`);
    return 0;
  } finally {
    await store.close();
  }
}
