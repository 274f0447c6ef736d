// Picks the token store that goes with the event store (src/store/open-store.ts): tokens.sqlite in
// the data directory by default and on EventStoreDB (one server, or servers sharing the data
// volume), the `tokens` table of the ledger's schema when SOCLE_STORE=postgres, so that every app
// server on the database honours the same tokens. node-postgres is loaded only when asked for.
import { requiredPostgresTarget } from '../store/open-store.ts';
import { TokenStore, type ManagedTokens } from './token-store.ts';

export async function openTokenStore(options: { dataDir: string; clock?: () => Date }): Promise<ManagedTokens> {
  if (process.env.SOCLE_STORE !== 'postgres') return TokenStore.open(options);
  const { PostgresTokenStore } = await import('./postgres-token-store.ts');
  return PostgresTokenStore.open({ ...requiredPostgresTarget(), ...(options.clock && { clock: options.clock }) });
}
