// The funders' forms the demo writes beside each programme's four workbooks, so that a reader sees
// every form the budget workbook can take (src/reports/funder-form.ts): the plan de financement of an
// investment filed by the EPCI, and La Canopée's (an association) Cerfa 12156*06 for 2026 and compte
// rendu financier (Cerfa 15059*02) of 2024. The figures behind them: src/demo/contributions.ts,
// formsShowcase.
import type { WorkbookOrder } from '../exports/write-all.ts';
import { RAFCOM } from './setup.ts';

export const DEMO_FORMS: Readonly<Record<string, readonly WorkbookOrder[]>> = {
  [RAFCOM]: [
    { request: { workbook: 'budget', programmeId: RAFCOM, actionId: 'a05' }, fileName: 'plan-de-financement-rafcom-a05.xlsx' },
    { request: { workbook: 'budget', programmeId: RAFCOM, actionId: 'a11', year: 2026, status: 'planned' }, fileName: 'cerfa-12156-rafcom-a11-2026.xlsx' },
    { request: { workbook: 'budget', programmeId: RAFCOM, actionId: 'a11', year: 2024 }, fileName: 'compte-rendu-15059-rafcom-a11-2024.xlsx' },
  ],
};
