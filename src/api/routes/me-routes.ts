// Who the token belongs to: lets the web pages show the right screens for the role.
import { tokenOf } from '../auth.ts';
import type { Handler } from '../route-context.ts';
import type { NoQuery } from '../schemas.ts';

export const whoAmI: Handler<undefined, typeof NoQuery> = async ({ socle, res }) => {
  const token = tokenOf(res);
  const ledger = await socle.ledgerAt();
  const body = {
    tokenId: token.id,
    name: token.name,
    role: token.role,
    // For a partner: the programmes that know its partner id (possibly none yet, see `socle token create`).
    ...(token.partnerId !== undefined && {
      partnerId: token.partnerId,
      programmes: [...ledger.state.programmes.values()].filter((p) => p.partners.has(token.partnerId!)).map((p) => p.programmeId),
    }),
  };
  return { status: 200, body };
};
