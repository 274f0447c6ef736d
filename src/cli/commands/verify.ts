// `socle verify`: recompute the hash chain; `ok EVENTS HEADHASH`, or exit 1 naming the first bad position.
// Then, when the data directory holds a read model snapshot that a server would start from, check
// that it is what a replay of the log gives (exit 1 otherwise: a server would answer from it).
import { openStore } from '../../store/open-store.ts';
import { SNAPSHOT_FILE_NAME } from '../../app/ledger-snapshot-file.ts';
import { verifyLedgerSnapshot } from '../../app/verify-snapshot.ts';
import { verifyMessages } from '../messages.ts';
import { dataDirOf, parseCommandArgs, requireLedger, type CliContext } from '../context.ts';

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, {});
  const dataDir = dataDirOf(values, context);
  requireLedger(dataDir);
  const store = await openStore({ dataDir });
  try {
    const result = await store.verify();
    if (result.ok) {
      const snapshot = await verifyLedgerSnapshot(dataDir, store);
      if (snapshot.checked && !snapshot.matches) {
        console.error(`socle verify: ${verifyMessages.alteredSnapshot(SNAPSHOT_FILE_NAME, snapshot.position, result.events)}`);
        return 1;
      }
      console.log(`ok ${result.events} ${result.headHash}`);
      return 0;
    }
    console.error(`socle verify: ${verifyMessages.brokenChain(result.firstBadPosition, result.events)}`);
    return 1;
  } finally {
    await store.close();
  }
}
