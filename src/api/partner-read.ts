// The version a partner token reads of one programme, its stamp and the publication its view of the
// other partners comes from (src/reports/partner-view.ts says what it may be shown). Every route a
// partner reaches takes its version from here, so that the rule is applied in one place:
//   - without asOf: the live version, stamped with the latest position the partner may be shown;
//   - with asOf: only such a position (one of its own contributions' events or of a rate set for it,
//     or of the programme's public set-up and publications); any other, beyond the head included, is the same 403,
//     so that the answer tells nothing of the others' events or of the log's length.
import { programmeStream, serviceStream } from '../domain/events.ts';
import type { Checkpoint } from '../read-model/runner.ts';
import type { LedgerState, ProgrammeView, PublicationView } from '../read-model/ledger.ts';
import { latestPublication, partnerPosition, type Stamp } from '../reports/partner-view.ts';
import type { Socle } from '../app/socle.ts';
import { HttpProblem } from './problem.ts';

export interface PartnerRead {
  version: Readonly<Checkpoint<LedgerState>>;
  programme: ProgrammeView;
  stamp: Stamp;
  /** The programme as of its latest publication in `version`, if there is one. */
  published: { programme: ProgrammeView; publication: PublicationView } | undefined;
}

export async function partnerRead(socle: Socle, partnerId: string, programmeId: string, asOf: number | undefined): Promise<PartnerRead> {
  const version = asOf === undefined ? await socle.ledgerAt() : await partnerAsOf(socle, programmeId, asOf);
  const programme = version.state.programmes.get(programmeId);
  // requireProgrammeAccess has found the programme on the command side; the read model may lag it.
  if (!programme) throw notYours(asOf ?? version.position);
  const position = partnerPosition(programme, partnerId);
  if (asOf !== undefined && position !== asOf) throw notYours(asOf);
  const stamp = { position, headHash: position === version.position ? version.hash : (await socle.store.head(position)).hash };
  const publication = latestPublication(programme);
  let published: PartnerRead['published'];
  if (publication !== undefined) {
    const at = await socle.publicationVersion(publication.position);
    published = { programme: at.state.programmes.get(programmeId)!, publication };
  }
  return { version, programme, stamp, published };
}

/**
 * The version at `asOf`, once the event there is known to be of this programme (its own stream or
 * one of its contributions'), so that a position of another programme costs no replay; whether it
 * is one of this partner's is known from the version (partnerPosition).
 */
async function partnerAsOf(socle: Socle, programmeId: string, asOf: number): Promise<Readonly<Checkpoint<LedgerState>>> {
  const head = await socle.store.head();
  if (asOf < 1 || asOf > head.position) throw notYours(asOf);
  let ofProgramme = false;
  for await (const event of socle.store.readAll({ from: asOf, to: asOf, batchSize: 1 })) {
    const data = event.data as { programmeId?: unknown };
    ofProgramme =
      data.programmeId === programmeId && (event.stream === programmeStream(programmeId) || event.stream === serviceStream(programmeId) || event.stream.startsWith('contribution-'));
  }
  if (!ofProgramme) throw notYours(asOf);
  return socle.ledgerAt(asOf);
}

function notYours(asOf: number): HttpProblem {
  return new HttpProblem(
    403,
    `La position ${asOf} n’est ni celle d’une de vos contributions ni celle d’une publication ou d’un paramétrage du programme : un partenaire ne lit le registre qu’à ces positions.`,
    [{ path: 'query.asOf', message: 'une position de vos écritures ou d’une publication' }],
  );
}
