// A year and more of contributions for the two demo programmes: monthly staff and volunteer hours,
// rooms by the half-day, kiosks by the month, equipment loans by the day, provider invoices, grants
// and users' fees; yearly planned figures; and the life that follows (validations, corrections,
// withdrawals, rejections). Deterministic: the same seed gives the same ledger.
import type { ContributionInput } from '../domain/contribution/content.ts';
import type { ContributionCommand } from '../domain/contribution/decider.ts';
import { ACTE3, RAFCOM } from './setup.ts';
import { SeededRandom, cents, isoDate, quarters } from './random.ts';

/** One contribution's life: its recording and what happens to it afterwards, in order. */
export interface ContributionLife {
  programmeId: string;
  contributionId: string;
  partnerId: string;
  steps: ContributionCommand[];
}

const MONTHS_2024_2025 = Array.from({ length: 24 }, (_, i) => ({ year: 2024 + Math.floor(i / 12), month: (i % 12) + 1 }));
const VACATION_MONTHS = new Set([2, 4, 7, 10]);

type Content = ContributionInput;

class LifeBuilder {
  readonly lives: ContributionLife[] = [];
  private sequence = 0;

  constructor(
    private readonly programmeId: string,
    private readonly random: SeededRandom,
  ) {}

  add(content: Content): void {
    this.sequence += 1;
    const contributionId = `${this.programmeId}-${String(this.sequence).padStart(4, '0')}`;
    const target = { programmeId: this.programmeId, contributionId };
    const steps: ContributionCommand[] = [{ type: 'RecordContribution', ...target, content }];
    const r = this.random;
    // Money lines (grants, invoices, gifts) come with a convention or an invoice: they are validated.
    // Counted things (hours, half-days, months, days) are where entry mistakes happen.
    const roll = content.quantity === undefined ? 100 : r.int(1, 100);
    // Recent months are still waiting for the coordinator.
    const reviewable = content.status === 'planned' || content.date < '2025-10-01';
    if (roll <= 3) {
      steps.push({ type: 'WithdrawContribution', ...target, reason: 'Doublon avec une saisie précédente' });
    } else if (roll <= 6 && reviewable) {
      steps.push({ type: 'RejectContribution', ...target, reason: 'Pièce justificative manquante' });
    } else if (roll <= 14 && content.quantity !== undefined) {
      const corrected = { ...content, quantity: bump(content.quantity), evidence: `${content.evidence ?? 'Feuille de temps'} (rectifiée)` };
      steps.push({ type: 'CorrectContribution', ...target, reason: 'Erreur de saisie : quantité rectifiée d’après la feuille de temps', content: corrected });
      if (reviewable) steps.push({ type: 'ValidateContribution', ...target });
    } else if (roll <= 80 && reviewable) {
      steps.push({ type: 'ValidateContribution', ...target });
    }
    this.lives.push({ ...target, partnerId: content.partnerId, steps });
  }
}

/**
 * Figures that let the demo print every form (domain.md, "Budgets"), recorded last so that the rest
 * of the ledger stays as it was: the investment a05's planned purchase and the DETR asked for it (its plan de
 * financement, filed by the EPCI), and La Canopée (an association) piloting a11 — planned and realised 2024 for its
 * compte rendu financier (Cerfa 15059*02), with a Département grant asked 1 500 € and granted
 * 1 200 €; planned 2026 for its Cerfa 12156*06.
 */
function formsShowcase(b: LifeBuilder): void {
  const a11 = { actionId: 'a11', siteId: 'canopee' } as const;
  b.add({ partnerId: 'rafcom', kind: 'prestation', status: 'planned', date: '2025-01-20', amount: '24000.00', actionId: 'a05', taxBasis: 'HT', vatRecoverable: true, description: 'Achat prévu de 20 ordinateurs portables et 2 imprimantes 3D', evidence: 'Devis fournisseur' });
  b.add({ partnerId: 'anct', kind: 'cash', status: 'planned', date: '2025-01-20', amount: '4000.00', actionId: 'a05', description: 'DETR sollicitée auprès de la préfecture — parc de matériel' });
  b.add({ ...a11, partnerId: 'canopee', kind: 'prestation', status: 'planned', date: '2024-01-15', amount: '900.00', taxBasis: 'TTC', vatRecoverable: false, description: 'Intervenante en formation numérique (devis)' });
  b.add({ ...a11, partnerId: 'canopee', kind: 'staff_time', status: 'planned', date: '2024-01-15', quantity: '40', description: 'Formation des professionnels (prévu)' });
  b.add({ ...a11, partnerId: 'ille-et-vilaine', kind: 'cash', status: 'planned', date: '2024-01-15', amount: '1500.00', description: 'Subvention départementale sollicitée — formations' });
  b.add({ ...a11, partnerId: 'orditous', kind: 'volunteer_time', status: 'planned', date: '2024-01-15', quantity: '30', description: 'Bénévoles d’Orditous en appui des formations' });
  b.add({ ...a11, partnerId: 'canopee', kind: 'prestation', status: 'actual', date: '2024-06-12', amount: '840.00', taxBasis: 'TTC', vatRecoverable: false, description: 'Intervenante en formation numérique', evidence: 'Facture' });
  b.add({ ...a11, partnerId: 'ille-et-vilaine', kind: 'cash', status: 'actual', date: '2024-09-30', amount: '1200.00', description: 'Subvention départementale acquise — formations', evidence: 'Arrêté départemental' });
  b.add({ ...a11, partnerId: 'orditous', kind: 'volunteer_time', status: 'actual', date: '2024-05-20', quantity: '24', description: 'Bénévoles d’Orditous en appui des formations', evidence: 'Feuille d’émargement' });
  b.add({ ...a11, partnerId: 'canopee', kind: 'prestation', status: 'planned', date: '2026-01-12', amount: '1100.00', taxBasis: 'TTC', vatRecoverable: false, description: 'Intervenante en formation numérique (devis 2026)' });
  b.add({ ...a11, partnerId: 'canopee', kind: 'staff_time', status: 'planned', date: '2026-01-12', quantity: '60', description: 'Formation des professionnels (prévu)' });
  b.add({ ...a11, partnerId: 'ille-et-vilaine', kind: 'cash', status: 'planned', date: '2026-01-12', amount: '1500.00', description: 'Subvention départementale sollicitée — formations 2026' });
  b.add({ ...a11, partnerId: 'fondation', kind: 'cash', status: 'planned', date: '2026-01-12', amount: '400.00', description: 'Aide sollicitée auprès de la fondation' });
  b.add({ ...a11, partnerId: 'usagers', kind: 'cash', status: 'planned', date: '2026-01-12', amount: '120.00', role: 'cotisations des adhérents', description: 'Cotisations des stagiaires adhérents' });
  b.add({ ...a11, partnerId: 'orditous', kind: 'volunteer_time', status: 'planned', date: '2026-01-12', quantity: '40', description: 'Bénévoles d’Orditous en appui des formations' });
}

/** A corrected quantity: one unit more, written as a decimal string without float arithmetic. */
function bump(quantity: string): string {
  const [whole, fraction] = quantity.split('.');
  return fraction === undefined ? String(Number(whole) + 1) : `${Number(whole) + 1}.${fraction}`;
}

function day(r: SeededRandom, year: number, month: number): string {
  return isoDate(year, month, r.int(1, 28));
}

export function rafcomContributions(seed = 2024): ContributionLife[] {
  const r = new SeededRandom(seed);
  const b = new LifeBuilder(RAFCOM, r);

  for (const { year, month } of MONTHS_2024_2025) {
    rafcomStaffMonth(b, r, year, month);
    partnersMonth(b, r, year, month);
    loansAndPaymentsMonth(b, r, year, month);
  }
  for (const year of [2024, 2025]) rafcomYear(b, year);
  b.add({ partnerId: 'leader', kind: 'cash', status: 'planned', date: '2025-01-20', amount: '20000.00', actionId: 'a05', description: 'Aide LEADER sollicitée — parc de matériel' });
  b.add({ partnerId: 'leader', kind: 'cash', status: 'actual', date: '2025-09-12', amount: '16000.00', actionId: 'a05', description: 'Aide LEADER acquise — parc de matériel', evidence: 'Convention LEADER' });
  b.add({ partnerId: 'rafcom', kind: 'prestation', status: 'actual', date: '2025-03-18', amount: '24600.00', actionId: 'a05', taxBasis: 'HT', vatRecoverable: true, description: 'Achat de 20 ordinateurs portables et 2 imprimantes 3D', evidence: 'Facture fournisseur' });
  b.add({ partnerId: 'fondation', kind: 'cash', status: 'actual', date: '2025-06-02', amount: '3000.00', actionId: 'a07', description: 'Mécénat — accompagnement des décrocheurs', evidence: 'Convention de mécénat' });
  b.add({ partnerId: 'bistolab', kind: 'donation_in_kind', status: 'actual', date: '2024-05-14', amount: '1200.00', actionId: 'a05', description: 'Dix ordinateurs reconditionnés donnés', evidence: 'Attestation de don' });
  b.add({ partnerId: 'canopee', kind: 'donation_in_kind', status: 'actual', date: '2025-02-03', amount: '450.00', actionId: 'a11', description: 'Licences logicielles offertes', evidence: 'Attestation de don' });
  formsShowcase(b);
  return b.lives;
}

/** RAFCOM's own staff time in one month: the FabLab manager, the animator's groups, workshops and OpenLab. */
function rafcomStaffMonth(b: LifeBuilder, r: SeededRandom, year: number, month: number): void {
  const lastDay = isoDate(year, month, 28);
  // The FabLab network manager's digital-animation share: 20 % of 151.67 h, then 30 % from 2025.
  b.add({
    partnerId: 'rafcom', kind: 'staff_time', status: 'actual', date: isoDate(year, month, 1), until: lastDay,
    quantity: year === 2024 ? '30.25' : '45.5', role: 'responsable FabLab', actionId: 'a01', siteId: 'fablab-janze',
    description: `Animation numérique et relais de communication (${year === 2024 ? '20' : '30'} % du temps)`, evidence: `Feuille de temps ${year}-${String(month).padStart(2, '0')}`,
  });
  b.add({
    partnerId: 'rafcom', kind: 'staff_time', status: 'actual', date: day(r, year, month),
    quantity: quarters(r.int(40, 120)), role: 'animateur', actionId: VACATION_MONTHS.has(month) ? 'a08' : 'a06',
    siteId: r.pick(['fablab-janze', 'fablab-retiers', 'fablab-amanlis']),
    description: VACATION_MONTHS.has(month) ? 'Stage vacances FabLab' : 'Accueil de groupes scolaires au FabLab',
    evidence: 'Planning de l’animateur',
  });
  // The animator also runs the initiation workshops and the Wednesday OpenLab at Retiers (9 h a week).
  b.add({
    partnerId: 'rafcom', kind: 'staff_time', status: 'actual', date: day(r, year, month),
    quantity: quarters(r.int(48, 96)), role: 'animateur', actionId: 'a02', siteId: r.pick(['mediatheque-janze', 'mediatheque-retiers']),
    description: 'Ateliers d’initiation à l’informatique', evidence: 'Planning de l’animateur',
  });
  b.add({
    partnerId: 'rafcom', kind: 'staff_time', status: 'actual', date: isoDate(year, month, 1), until: lastDay,
    quantity: '39', role: 'animateur', actionId: 'a09', siteId: 'fablab-retiers',
    description: 'OpenLab de Retiers (mercredi, vendredi et samedi après-midi)', evidence: 'Planning d’ouverture',
  });
}

/** The partners' rooms, staff and volunteers in one month. */
function partnersMonth(b: LifeBuilder, r: SeededRandom, year: number, month: number): void {
  const lastDay = isoDate(year, month, 28);
  b.add({
    partnerId: r.pick(['amanlis', 'retiers']), kind: 'premises', status: 'actual', date: day(r, year, month),
    quantity: String(r.int(1, 4)), actionId: 'a10', description: 'Salle communale pour le FabLab éphémère', evidence: 'Convention de mise à disposition',
  });
  b.add({
    partnerId: 'janze', kind: 'premises', status: 'actual', date: day(r, year, month),
    quantity: String(r.int(2, 6)), actionId: 'a09', siteId: 'fablab-janze', description: 'Salle du FabLab de Janzé en OpenLab', evidence: 'Planning des salles',
  });
  b.add({
    partnerId: 'libellule', kind: 'premises', status: 'actual', date: day(r, year, month),
    quantity: String(r.int(2, 6)), actionId: 'a04', siteId: r.pick(['mediatheque-janze', 'mediatheque-retiers']),
    description: 'Ateliers numériques en médiathèque', evidence: 'Agenda de la médiathèque',
  });
  b.add({
    partnerId: 'libellule', kind: 'staff_time', status: 'actual', date: day(r, year, month),
    quantity: quarters(r.int(24, 48)), actionId: 'a04', description: 'Bibliothécaires en appui des ateliers', evidence: 'Feuille de temps',
  });
  for (const association of ['orditous', 'bistolab'] as const) {
    b.add({
      partnerId: association, kind: 'volunteer_time', status: 'actual', date: day(r, year, month),
      quantity: quarters(r.int(32, 96)), actionId: 'a02', description: 'Bénévoles aux ateliers d’initiation', evidence: 'Feuille d’émargement',
    });
  }
  b.add({
    partnerId: 'mfs', kind: 'kiosk', status: 'actual', date: isoDate(year, month, 1), until: lastDay,
    quantity: '1', actionId: 'a03', siteId: 'mfs-retiers', description: 'Borne interactive en accès libre', evidence: 'Inventaire',
  });
  b.add({
    partnerId: 'mfs', kind: 'staff_time', status: 'actual', date: day(r, year, month),
    quantity: quarters(r.int(24, 56)), actionId: 'a03', siteId: 'mfs-retiers', description: 'Conseillers France Services en relais', evidence: 'Feuille de temps',
  });
  b.add({
    partnerId: 'canopee', kind: 'staff_time', status: 'actual', date: day(r, year, month),
    quantity: quarters(r.int(16, 40)), actionId: 'a11', siteId: 'canopee', description: 'Formation des professionnels', evidence: 'Feuille de temps',
  });
}

/** Equipment loans, the provider's invoice and the families' fees in one month. */
function loansAndPaymentsMonth(b: LifeBuilder, r: SeededRandom, year: number, month: number): void {
  for (let loan = 0; loan < r.int(1, 3); loan++) {
    const printer = r.chance(30);
    b.add({
      partnerId: 'rafcom', kind: 'equipment', status: 'actual', date: day(r, year, month), quantity: String(r.int(2, 10)),
      actionId: 'a05', ...(printer && { role: 'imprimante 3D' }),
      description: printer ? 'Prêt d’une imprimante 3D' : 'Prêt d’ordinateurs portables', evidence: 'Registre des prêts',
    });
  }
  if (year > 2024 || month >= 3) {
    b.add({
      partnerId: 'rafcom', kind: 'prestation', status: 'actual', date: day(r, year, month),
      amount: cents(r.int(4, 8) * 18000), actionId: r.pick(['a02', 'a04']), taxBasis: 'TTC', vatRecoverable: false,
      description: 'Ateliers d’initiation par le prestataire', evidence: `Facture ${year}-${String(month).padStart(2, '0')}`,
    });
  }
  if (VACATION_MONTHS.has(month)) {
    b.add({
      partnerId: 'usagers', kind: 'cash', status: 'actual', date: day(r, year, month), amount: cents(r.int(6, 12) * 1500),
      actionId: 'a08', role: 'usagers', description: 'Participations des familles aux stages vacances', evidence: 'Régie de recettes',
    });
  }
}

/** One year's planned figures, grants requested and granted, and the communes' shares. */
function rafcomYear(b: LifeBuilder, year: number): void {
  const from = isoDate(year, 1, 1);
  const to = isoDate(year, 12, 31);
  // Planned figures for the year (engagements and grants requested: sollicité).
  b.add({ partnerId: 'rafcom', kind: 'staff_time', status: 'planned', date: from, until: to, quantity: year === 2024 ? '364' : '546', role: 'responsable FabLab', actionId: 'a01', description: 'Temps prévu d’animation numérique' });
  b.add({ partnerId: 'rafcom', kind: 'staff_time', status: 'planned', date: from, until: to, quantity: '900', role: 'animateur', actionId: 'a06', description: 'Temps prévu de l’animateur pédagogique' });
  b.add({ partnerId: 'libellule', kind: 'premises', status: 'planned', date: from, until: to, quantity: '48', actionId: 'a04', description: 'Demi-journées prévues en médiathèque' });
  b.add({ partnerId: 'janze', kind: 'premises', status: 'planned', date: from, until: to, quantity: '40', actionId: 'a09', description: 'Demi-journées prévues au FabLab de Janzé' });
  b.add({ partnerId: 'orditous', kind: 'volunteer_time', status: 'planned', date: from, until: to, quantity: '180', actionId: 'a02', description: 'Heures de bénévolat prévues' });
  b.add({ partnerId: 'bistolab', kind: 'volunteer_time', status: 'planned', date: from, until: to, quantity: '150', actionId: 'a02', description: 'Heures de bénévolat prévues' });
  b.add({ partnerId: 'rafcom', kind: 'prestation', status: 'planned', date: from, until: to, amount: '12000.00', actionId: 'a02', taxBasis: 'TTC', vatRecoverable: false, description: 'Marché de prestation de médiation numérique' });
  b.add({ partnerId: 'anct', kind: 'cash', status: 'planned', date: isoDate(year, 1, 15), amount: '12000.00', actionId: 'a02', description: 'Subvention sollicitée — inclusion numérique', evidence: 'Dossier de demande' });
  b.add({ partnerId: 'anct', kind: 'cash', status: 'actual', date: isoDate(year, 6, 30), amount: '9000.00', actionId: 'a02', description: 'Subvention acquise — inclusion numérique', evidence: 'Convention attributive' });
  b.add({ partnerId: 'region', kind: 'cash', status: 'planned', date: isoDate(year, 2, 1), amount: '8000.00', actionId: 'a09', description: 'Subvention sollicitée — tiers-lieux et FabLab' });
  b.add({ partnerId: 'region', kind: 'cash', status: 'actual', date: isoDate(year, 9, 15), amount: '6000.00', actionId: 'a09', description: 'Subvention acquise — tiers-lieux et FabLab', evidence: 'Arrêté régional' });
  b.add({ partnerId: 'ille-et-vilaine', kind: 'cash', status: 'actual', date: isoDate(year, 5, 20), amount: '1500.00', actionId: 'a03', description: 'Subvention départementale — accès aux droits', evidence: 'Délibération de la commission permanente' });
  b.add({ partnerId: 'caf35', kind: 'cash', status: 'actual', date: isoDate(year, 4, 10), amount: '1500.00', actionId: 'a08', description: 'Prestation de service jeunesse', evidence: 'Convention CAF' });
  b.add({ partnerId: 'janze', kind: 'cash', status: 'actual', date: isoDate(year, 3, 1), amount: '2000.00', actionId: 'a09', description: 'Participation communale au FabLab', evidence: 'Délibération municipale' });
  b.add({ partnerId: 'retiers', kind: 'cash', status: 'actual', date: isoDate(year, 3, 1), amount: '1500.00', actionId: 'a09', description: 'Participation communale à l’OpenLab du mercredi', evidence: 'Délibération municipale' });
}

export function acte3Contributions(seed = 35000): ContributionLife[] {
  const r = new SeededRandom(seed);
  const b = new LifeBuilder(ACTE3, r);
  for (const { year, month } of MONTHS_2024_2025) {
    b.add({
      partnerId: 'ccas', kind: 'staff_time', status: 'actual', date: day(r, year, month), quantity: quarters(r.int(80, 140)),
      role: 'médiateur', actionId: 'parcours-usager', siteId: r.pick(['esc-carrefour18', 'esc-leperdit']),
      description: 'Permanences des médiateurs socio-numériques', evidence: 'Feuille de temps',
    });
    b.add({
      partnerId: 'ville', kind: 'staff_time', status: 'actual', date: day(r, year, month), quantity: quarters(r.int(100, 140)),
      actionId: 'socle-commun', description: 'Coordination du GT ESC et du socle commun', evidence: 'Feuille de temps',
    });
    b.add({
      partnerId: 'ville', kind: 'premises', status: 'actual', date: day(r, year, month), quantity: String(r.int(12, 16)),
      actionId: 'espaces-temps', siteId: 'esc-leperdit', description: 'Espaces-temps partagés (4 demi-journées par semaine)', evidence: 'Planning des salles',
    });
    b.add({
      partnerId: 'carrefour18', kind: 'premises', status: 'actual', date: day(r, year, month), quantity: String(r.int(4, 8)),
      actionId: 'socle-commun', siteId: 'esc-carrefour18', description: 'Salle informatique en accès libre', evidence: 'Planning des salles',
    });
    b.add({
      partnerId: 'caf35', kind: 'kiosk', status: 'actual', date: isoDate(year, month, 1), until: isoDate(year, month, 28), quantity: '1',
      actionId: 'socle-commun', siteId: 'esc-carrefour18', description: 'Ordinateur CAF en accès libre', evidence: 'Convention CAF',
    });
    b.add({
      partnerId: 'benevoles', kind: 'volunteer_time', status: 'actual', date: day(r, year, month), quantity: quarters(r.int(40, 120)),
      actionId: 'espaces-temps', siteId: r.pick(['esc-carrefour18', 'maison-aines', 'epn-la-plume']), description: 'Ateliers animés par des bénévoles', evidence: 'Feuille d’émargement',
    });
    b.add({
      partnerId: 'la-plume', kind: 'staff_time', status: 'actual', date: day(r, year, month), quantity: quarters(r.int(20, 48)),
      actionId: 'socle-commun', siteId: 'epn-la-plume', description: 'Accueil en accès libre à l’EPN', evidence: 'Feuille de temps',
    });
    b.add({
      partnerId: 'maison-aines', kind: 'premises', status: 'actual', date: day(r, year, month), quantity: String(r.int(2, 4)),
      actionId: 'parcours-usager', siteId: 'maison-aines', description: 'Salle pour les aidants', evidence: 'Planning des salles',
    });
    if (r.chance(40)) {
      // Shared-bank loans have no rate yet in this network: they show as unvalued.
      b.add({
        partnerId: 'metropole', kind: 'equipment', status: 'actual', date: day(r, year, month), quantity: String(r.int(3, 15)),
        actionId: 'banque-materiel', description: 'Prêt de tablettes de la banque de matériel', evidence: 'Registre des prêts',
      });
    }
  }
  for (const year of [2024, 2025]) {
    b.add({ partnerId: 'metropole', kind: 'cash', status: 'actual', date: isoDate(year, 3, 15), amount: '4000.00', actionId: 'socle-commun', description: 'Subvention métropolitaine', evidence: 'Délibération' });
    b.add({ partnerId: 'ville', kind: 'cash', status: 'actual', date: isoDate(year, 2, 10), amount: '5000.00', actionId: 'espaces-temps', description: 'Budget municipal du GT ESC', evidence: 'Budget primitif' });
    b.add({ partnerId: 'ccas', kind: 'staff_time', status: 'planned', date: isoDate(year, 1, 1), until: isoDate(year, 12, 31), quantity: '1300', role: 'médiateur', actionId: 'parcours-usager', description: 'Temps prévu des médiateurs' });
    b.add({ partnerId: 'ville', kind: 'premises', status: 'planned', date: isoDate(year, 1, 1), until: isoDate(year, 12, 31), quantity: '192', actionId: 'espaces-temps', description: 'Doubler l’offre : 4 demi-journées par semaine et par lieu' });
    b.add({ partnerId: 'benevoles', kind: 'volunteer_time', status: 'planned', date: isoDate(year, 1, 1), until: isoDate(year, 12, 31), quantity: '240', actionId: 'espaces-temps', description: 'Heures de bénévolat prévues' });
  }
  b.add({ partnerId: 'anct', kind: 'cash', status: 'planned', date: '2025-01-10', amount: '12000.00', actionId: 'parcours-usager', description: 'Subvention sollicitée — un ETP par lieu' });
  b.add({ partnerId: 'ville', kind: 'prestation', status: 'actual', date: '2024-09-10', amount: '3600.00', actionId: 'socle-commun', taxBasis: 'TTC', vatRecoverable: false, description: 'Wifi public conforme RGPD dans les ESC', evidence: 'Facture' });
  return b.lives;
}
