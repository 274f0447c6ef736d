// The French words for each nature of contribution (its kind): one table for the pages (labels.js)
// and the workbooks (src/reports/funding-checks.ts NATURE_LABEL), so a check read in a workbook
// names a contribution as the person who recorded it saw it. Plain JavaScript, loaded as is by the
// browser; kind-labels.d.ts types it for the server's build.

/** @type {Readonly<Record<string, string>>} */
export const KIND_LABELS = Object.freeze({
  staff_time: 'Temps de salarié',
  volunteer_time: 'Temps bénévole',
  premises: 'Mise à disposition de locaux',
  kiosk: 'Borne interactive',
  equipment: 'Prêt de matériel',
  prestation: 'Prestation (achat de service)',
  cash: 'Apport financier',
  donation_in_kind: 'Don en nature',
});
