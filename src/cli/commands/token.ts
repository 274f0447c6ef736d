// `socle token create --role ROLE [--partner ID] [--name TEXT]`: prints a new bearer token alone on
// the last line of stdout; only its sha256 is kept (in DATA/tokens.sqlite, or in the `tokens` table
// of the ledger's schema with SOCLE_STORE=postgres: src/auth/open-token-store.ts). Also `socle token list`
// and `socle token revoke ID`.
import { ROLES } from '../../domain/actor.ts';
import { TokenError, type TokenRecord } from '../../auth/token-store.ts';
import { openTokenStore } from '../../auth/open-token-store.ts';
import { openStore } from '../../store/open-store.ts';
import { UsageError, dataDirOf, hasLedger, parseCommandArgs, type CliContext } from '../context.ts';

export async function run(args: string[], context: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'create':
      return create(rest, context);
    case 'list':
      return list(rest, context);
    case 'revoke':
      return revoke(rest, context);
    default:
      throw new UsageError('usage: socle token create --role ROLE [--partner ID] [--name TEXT] | token list | token revoke ID');
  }
}

async function create(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, { role: { type: 'string' }, partner: { type: 'string' }, name: { type: 'string' } });
  if (values.role === undefined) throw new UsageError(`socle token create a besoin de --role (${ROLES.join(', ')})`);
  const dataDir = dataDirOf(values, context);
  const tokens = await openTokenStore({ dataDir });
  let created: { token: string; record: TokenRecord };
  try {
    created = await tokens.create({ role: values.role, partnerId: values.partner, name: values.name });
  } catch (error) {
    if (error instanceof TokenError) throw new UsageError(error.message);
    throw error;
  } finally {
    await tokens.close();
  }
  const { token, record } = created;
  if (record.partnerId !== undefined) {
    // Partner ids are chosen per programme and the partner may be added later, so an unknown id is
    // only a warning here; the API checks membership of the route's programme on every request (403).
    const programmes = await programmesWithPartner(dataDir, record.partnerId);
    if (programmes.length === 0)
      console.error(`warning: no programme has a partner "${record.partnerId}" yet; this token is refused (403) until one does`);
    else console.log(`partner ${record.partnerId} of ${programmes.join(', ')}`);
  }
  console.log(`token ${record.id} (${record.role}, "${record.name}"); it is shown only once:`);
  console.log(token);
  return 0;
}

async function list(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs(args, {});
  const tokens = await openTokenStore({ dataDir: dataDirOf(values, context) });
  try {
    for (const t of await tokens.list()) {
      const state = t.revokedAt ? `revoked ${t.revokedAt}` : 'active';
      console.log([t.id, t.role, t.partnerId ?? '-', JSON.stringify(t.name), t.createdAt, state].join('\t'));
    }
    return 0;
  } finally {
    await tokens.close();
  }
}

async function revoke(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, 1);
  const id = positionals[0];
  if (id === undefined) throw new UsageError('token revoke needs the token id (see socle token list)');
  const tokens = await openTokenStore({ dataDir: dataDirOf(values, context) });
  try {
    if (!(await tokens.revoke(id))) throw new UsageError(`no active token ${id}`);
    console.log(`revoked ${id}`);
    return 0;
  } finally {
    await tokens.close();
  }
}

/** Ids of the programmes a partner has joined: one pass over the programme set-up events. */
async function programmesWithPartner(dataDir: string, partnerId: string): Promise<string[]> {
  // No ledger yet (tokens may be made before `socle serve` starts one): no programme, and no file created.
  if (!hasLedger(dataDir)) return [];
  const store = await openStore({ dataDir });
  try {
    const found = new Set<string>();
    for await (const event of store.readAll({ batchSize: 1000 })) {
      if (event.type !== 'PartnerJoined') continue;
      const data = event.data as { programmeId: string; partnerId: string };
      if (data.partnerId === partnerId) found.add(data.programmeId);
    }
    return [...found].sort();
  } finally {
    await store.close();
  }
}
