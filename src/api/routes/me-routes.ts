// Who the token belongs to: lets the web pages show the right screens for the role.
import { Router } from 'express';
import type { Socle } from '../../app/socle.ts';
import { tokenOf } from '../auth.ts';
import { NoQuery, parseRequest } from '../schemas.ts';

export function meRouter({ socle }: { socle: Socle }): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    parseRequest(NoQuery, req.query, 'query');
    const token = tokenOf(res);
    const ledger = await socle.ledgerAt();
    res.json({
      tokenId: token.id,
      name: token.name,
      role: token.role,
      // For a partner: the programmes that know its partner id (possibly none yet, see `socle token create`).
      ...(token.partnerId !== undefined && {
        partnerId: token.partnerId,
        programmes: [...ledger.state.programmes.values()].filter((p) => p.partners.has(token.partnerId!)).map((p) => p.programmeId),
      }),
    });
  });

  return router;
}
