// The fiche action over HTTP (issue 14, point 7): PUT /api/programmes/{p}/actions/{a}/sheet takes the
// whole sheet (the event's own schema: the API accepts exactly what the event can hold) and answers
// it as stored; GET /api/programmes/{p} shows each action's sheet.
import { z } from 'zod';
import { ActionSheetContent } from '../domain/events.ts';
import { IdSchema } from '../domain/schemas.ts';

export const ActionParams = z.strictObject({ p: IdSchema, a: IdSchema });

/** Services concernés, enjeux, objectifs opérationnels (each left out when blank) and the calendar's dated steps. */
export const ActionSheetBody = ActionSheetContent.meta({
  description: 'the whole fiche: a later PUT replaces it (a field left out is cleared); indicators and their targets are set under /indicators',
});

export const ActionSheetAnswer = z.object({ actionId: IdSchema, sheet: ActionSheetContent });
