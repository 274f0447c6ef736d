// `socle verify`: recompute the hash chain; `ok EVENTS HEADHASH`, or exit 1 naming the first bad position.
import { openStore } from '../../store/open-store.ts';
import { dataDirOf, parseCommandArgs, type CliContext } from '../context.ts';

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, {});
  const store = await openStore({ dataDir: dataDirOf(values, context) });
  try {
    const result = await store.verify();
    if (result.ok) {
      console.log(`ok ${result.events} ${result.headHash}`);
      return 0;
    }
    console.error(`socle verify: the hash chain breaks at position ${result.firstBadPosition} (of ${result.events} events): the log was altered there`);
    return 1;
  } finally {
    await store.close();
  }
}
