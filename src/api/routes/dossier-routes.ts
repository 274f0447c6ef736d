// GET /api/programmes/:p/dossier.zip, for the coordinator and the treasurer: the funder dossier
// `socle dossier` writes (src/exports/dossier.ts) — the applicant's form with its Contrôles, its fiches
// action, its contributions and manifeste.json —, made from one read-model version and stamped with
// its position and head hash like a workbook. An unknown applicant or action, or a form that does not
// fit the applicant, is a problem+json answer and nothing is sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDossier, type DossierRequest } from '../../exports/dossier.ts';
import { requireProgrammeAccess } from '../auth.ts';
import { checkAsOf } from '../read.ts';
import type { Handler } from '../route-context.ts';
import type { DossierQuery, ProgrammeParams } from '../schemas.ts';
import { ZIP_TYPE } from '../media-types.ts';

/** Sends the zip itself (a file, not JSON): returns nothing. */
export const dossierZip: Handler<typeof ProgrammeParams, typeof DossierQuery> = async ({ socle, actor, params: { p }, query, res }) => {
  await requireProgrammeAccess(socle, actor, p);
  if (query.asOf !== undefined) await checkAsOf(socle, query.asOf);
  const request: DossierRequest = {
    programmeId: p,
    applicantId: query.applicant,
    ...(query.actionId !== undefined && { actionId: query.actionId }),
    ...(query.year !== undefined && { year: query.year }),
    ...(query.status !== undefined && { status: query.status }),
  };
  // One version for the whole dossier, taken before anything is read.
  const source = await socle.readSource(query.asOf);
  const dir = mkdtempSync(join(tmpdir(), 'socle-dossier-http-'));
  try {
    const fileName = dossierFileName(request);
    const manifest = await writeDossier(source, request, join(dir, fileName));
    res.set({
      'Content-Type': ZIP_TYPE,
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'X-Socle-Position': String(manifest.position),
      'X-Socle-Head-Hash': manifest.headHash,
    });
    await new Promise<void>((resolve, reject) => res.sendFile(join(dir, fileName), { dotfiles: 'allow' }, (error) => (error ? reject(error) : resolve())));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** dossier-PROGRAMME-APPLICANT[-ACTION][-YEAR].zip: ids are safe path words (IdSchema). */
function dossierFileName(request: DossierRequest): string {
  return `${['dossier', request.programmeId, request.applicantId, request.actionId, request.year].filter((w) => w !== undefined).join('-')}.zip`;
}
