// The set-up of the two demo programmes, drawn from the seeds: the Roche aux Fées roadmap (5 axes,
// 12 actions, three FabLabs, the Libellule médiathèques) and the Acte 3 network of social centres
// (3 service axes, the CCAS mediators, the CAF computer, shared rooms by the half-day).
import type { ProgrammeCommand } from '../domain/programme/decider.ts';
import type { EventData } from '../domain/events.ts';

type P = EventData<'PartnerJoined'>;
type A = EventData<'ActionDefined'>;

export const RAFCOM = 'rafcom';
export const ACTE3 = 'acte3';

function partner(programmeId: string, partnerId: string, name: string, category: P['category']): ProgrammeCommand {
  return { type: 'AddPartner', data: { programmeId, partnerId, name, category } };
}

function action(
  programmeId: string,
  number: number,
  actionId: string,
  title: string,
  axisId: string,
  pilotPartnerId: string,
  nature: A['nature'] = 'fonctionnement',
): ProgrammeCommand {
  return { type: 'DefineAction', data: { programmeId, actionId, number, title, axisId, pilotPartnerId, nature } };
}

function rate(
  programmeId: string,
  rateId: string,
  kind: EventData<'ValuationRateSet'>['kind'],
  unit: EventData<'ValuationRateSet'>['unit'],
  amount: string,
  validFrom: string,
  basis: string,
  extra: { validUntil?: string; partnerId?: string; role?: string } = {},
): ProgrammeCommand {
  return { type: 'SetValuationRate', data: { programmeId, rateId, kind, unit, amount, validFrom, basis, ...extra } };
}

export function rafcomSetup(): ProgrammeCommand[] {
  const p = RAFCOM;
  return [
    {
      type: 'OpenProgramme',
      data: {
        programmeId: p,
        name: 'Feuille de route « Usages du Numérique » 2023-2026',
        startsOn: '2023-01-01',
        endsOn: '2026-12-31',
        territory: 'Roche aux Fées Communauté (Ille-et-Vilaine)',
      },
    },
    partner(p, 'rafcom', 'Roche aux Fées Communauté — service SIG-Numérique', 'epci'),
    partner(p, 'janze', 'Commune de Janzé', 'commune'),
    partner(p, 'retiers', 'Commune de Retiers', 'commune'),
    partner(p, 'amanlis', "Commune d'Amanlis", 'commune'),
    partner(p, 'libellule', 'Réseau Libellule (médiathèques)', 'commune'),
    partner(p, 'orditous', 'Orditous', 'association'),
    partner(p, 'bistolab', 'Bistolab', 'association'),
    partner(p, 'canopee', 'La Canopée, tiers-lieu', 'association'),
    partner(p, 'mfs', 'Maison France Services', 'etat'),
    partner(p, 'prestataire', 'Atelier Médiation Numérique (prestataire)', 'entreprise'),
    partner(p, 'anct', 'État — ANCT', 'etat'),
    partner(p, 'region', 'Région Bretagne', 'region'),
    partner(p, 'ille-et-vilaine', "Département d'Ille-et-Vilaine", 'departement'),
    partner(p, 'caf35', "CAF d'Ille-et-Vilaine", 'caf'),
    partner(p, 'leader', 'Fonds européens LEADER', 'europe'),
    partner(p, 'fondation', 'Fondation pour l’inclusion numérique', 'fondation'),
    partner(p, 'usagers', 'Participations des usagers', 'autre'),
    { type: 'DefineAxis', data: { programmeId: p, axisId: 'axe1', title: "Faire des outils numériques un facilitateur d'accès à l'emploi et à la formation" } },
    { type: 'DefineAxis', data: { programmeId: p, axisId: 'axe2', title: "Favoriser l'autonomie des personnes et une inclusion numérique forte" } },
    { type: 'DefineAxis', data: { programmeId: p, axisId: 'axe3', title: 'Évaluer et réduire notre empreinte carbone' } },
    { type: 'DefineAxis', data: { programmeId: p, axisId: 'axe4', title: "Garantir l'équité d'accès aux services et la visibilité de l'offre" } },
    { type: 'DefineAxis', data: { programmeId: p, axisId: 'axe5', title: 'Encourager un numérique responsable et innovant' } },
    action(p, 1, 'a01', 'Coordonner et relayer la communication événementielle des acteurs du numérique', 'axe4', 'rafcom'),
    action(p, 2, 'a02', 'Ateliers de sensibilisation et formations d’initiation à l’informatique', 'axe2', 'rafcom'),
    action(p, 3, 'a03', 'Renforcer les liens avec les acteurs des démarches administratives en ligne', 'axe2', 'mfs'),
    action(p, 4, 'a04', 'Valoriser les médiathèques comme lieux d’ateliers numériques', 'axe2', 'libellule'),
    action(p, 5, 'a05', 'Développer le parc de matériel empruntable', 'axe4', 'rafcom', 'investissement'),
    action(p, 6, 'a06', 'Collaboration avec les établissements scolaires', 'axe5', 'rafcom'),
    action(p, 7, 'a07', 'Accompagnement des décrocheurs scolaires dans les FabLab', 'axe1', 'rafcom'),
    action(p, 8, 'a08', 'Stages vacances FabLab pour les jeunes', 'axe5', 'rafcom'),
    action(p, 9, 'a09', 'Faire évoluer les ouvertures en OpenLab', 'axe4', 'rafcom'),
    action(p, 10, 'a10', 'FabLab éphémère : ateliers de découverte de la fabrication numérique', 'axe4', 'rafcom'),
    action(p, 11, 'a11', 'Formations spécialisées pour les professionnels', 'axe1', 'canopee'),
    action(p, 12, 'a12', 'GT élus « Animation Numérique » et COPIL annuel', 'axe3', 'rafcom'),
    { type: 'RegisterSite', data: { programmeId: p, siteId: 'fablab-janze', name: 'FabLab de Janzé', partnerId: 'rafcom' } },
    { type: 'RegisterSite', data: { programmeId: p, siteId: 'fablab-retiers', name: 'FabLab de Retiers', partnerId: 'rafcom' } },
    { type: 'RegisterSite', data: { programmeId: p, siteId: 'fablab-amanlis', name: "FabLab d'Amanlis", partnerId: 'rafcom' } },
    { type: 'RegisterSite', data: { programmeId: p, siteId: 'mediatheque-janze', name: 'Médiathèque de Janzé', partnerId: 'libellule' } },
    { type: 'RegisterSite', data: { programmeId: p, siteId: 'mediatheque-retiers', name: 'Médiathèque de Retiers', partnerId: 'libellule' } },
    { type: 'RegisterSite', data: { programmeId: p, siteId: 'canopee', name: 'La Canopée', partnerId: 'canopee' } },
    { type: 'RegisterSite', data: { programmeId: p, siteId: 'mfs-retiers', name: 'Maison France Services de Retiers', partnerId: 'mfs' } },
    // SMIC horaire brut + 45 % de charges patronales: the loaded cost of an hour of staff time.
    rate(p, 'staff-2024', 'staff_time', 'hour', '16.8925', '2024-01-01', 'SMIC horaire brut 11,65 € + 45 % charges patronales', { validUntil: '2024-10-31' }),
    rate(p, 'staff-2024-11', 'staff_time', 'hour', '17.226', '2024-11-01', 'SMIC horaire brut 11,88 € + 45 % charges patronales'),
    rate(p, 'staff-2026', 'staff_time', 'hour', '17.429', '2026-01-01', 'SMIC horaire brut 12,02 € + 45 % charges patronales'),
    rate(p, 'rafcom-animateur', 'staff_time', 'hour', '24.50', '2024-01-01', 'Coût horaire chargé de l’animateur pédagogique (fiche de paie 2024)', { partnerId: 'rafcom', role: 'animateur' }),
    rate(p, 'rafcom-responsable', 'staff_time', 'hour', '31.20', '2024-01-01', 'Coût horaire chargé du responsable du réseau FabLab (fiche de paie 2024)', { partnerId: 'rafcom', role: 'responsable FabLab' }),
    rate(p, 'benevolat-2024', 'volunteer_time', 'hour', '11.65', '2024-01-01', 'SMIC horaire brut au 1er janvier 2024', { validUntil: '2024-10-31' }),
    rate(p, 'benevolat-2024-11', 'volunteer_time', 'hour', '11.88', '2024-11-01', 'SMIC horaire brut au 1er novembre 2024'),
    rate(p, 'salle-demi-journee', 'premises', 'half_day', '45.00', '2024-01-01', 'Valeur locative d’une salle communale par demi-journée (délibération tarifs 2024)'),
    rate(p, 'salle-janze', 'premises', 'half_day', '60.00', '2024-01-01', 'Tarif de location de la salle du FabLab de Janzé par demi-journée', { partnerId: 'janze' }),
    rate(p, 'borne-mois', 'kiosk', 'month', '80.00', '2024-01-01', 'Valeur locative mensuelle d’une borne interactive'),
    // The equipment bank's rate was only agreed in March 2024: loans before it stay unvalued.
    rate(p, 'materiel-jour', 'equipment', 'day', '15.00', '2024-03-01', 'Valeur locative journalière d’un ordinateur portable'),
    rate(p, 'imprimante-3d-jour', 'equipment', 'day', '25.00', '2024-03-01', 'Valeur locative journalière d’une imprimante 3D', { role: 'imprimante 3D' }),
  ];
}

export function acte3Setup(): ProgrammeCommand[] {
  const p = ACTE3;
  return [
    {
      type: 'OpenProgramme',
      data: {
        programmeId: p,
        name: 'Acte 3 — inclusion numérique dans les espaces sociaux communs 2023-2026',
        startsOn: '2023-01-01',
        endsOn: '2026-12-31',
        territory: 'Rennes, quartiers des espaces sociaux communs',
      },
    },
    partner(p, 'ville', 'Ville de Rennes — GT ESC', 'commune'),
    partner(p, 'ccas', 'CCAS — médiateurs socio-numériques', 'ccas'),
    partner(p, 'metropole', 'Rennes Métropole', 'epci'),
    partner(p, 'caf35', "CAF d'Ille-et-Vilaine", 'caf'),
    partner(p, 'carrefour18', 'Carrefour 18', 'association'),
    partner(p, 'maison-aines', 'Maison des aînés et des aidants', 'association'),
    partner(p, 'la-plume', 'La Plume (EPN associatif)', 'association'),
    partner(p, 'benevoles', 'Collectif des bénévoles numériques', 'association'),
    partner(p, 'anct', 'État — ANCT', 'etat'),
    { type: 'DefineAxis', data: { programmeId: p, axisId: 'acces-libre', title: 'Accès libre et en autonomie' } },
    { type: 'DefineAxis', data: { programmeId: p, axisId: 'accompagnement', title: 'Accompagnement aux usages' } },
    { type: 'DefineAxis', data: { programmeId: p, axisId: 'non-recours', title: 'Lutte contre le non-recours' } },
    action(p, 1, 'socle-commun', 'Remise en route d’un socle commun serviciel dans tous les lieux', 'acces-libre', 'ville'),
    action(p, 2, 'espaces-temps', 'Mutualisation des espaces-temps pour doubler l’offre de service', 'accompagnement', 'ville'),
    action(p, 3, 'banque-materiel', 'Banque de matériels et de ressources partagées', 'acces-libre', 'metropole', 'investissement'),
    action(p, 4, 'parcours-usager', 'Parcours usager entre les équipes et les sous-dispositifs', 'non-recours', 'ccas'),
    { type: 'RegisterSite', data: { programmeId: p, siteId: 'esc-carrefour18', name: 'ESC Carrefour 18', partnerId: 'carrefour18' } },
    { type: 'RegisterSite', data: { programmeId: p, siteId: 'esc-leperdit', name: 'ESC Leperdit', partnerId: 'ville' } },
    { type: 'RegisterSite', data: { programmeId: p, siteId: 'maison-aines', name: 'Maison des aînés et des aidants', partnerId: 'maison-aines' } },
    { type: 'RegisterSite', data: { programmeId: p, siteId: 'epn-la-plume', name: 'EPN La Plume', partnerId: 'la-plume' } },
    rate(p, 'staff-2024', 'staff_time', 'hour', '16.8925', '2024-01-01', 'SMIC horaire brut 11,65 € + 45 % charges patronales', { validUntil: '2024-10-31' }),
    rate(p, 'staff-2024-11', 'staff_time', 'hour', '17.226', '2024-11-01', 'SMIC horaire brut 11,88 € + 45 % charges patronales'),
    rate(p, 'ccas-mediateur', 'staff_time', 'hour', '27.40', '2024-01-01', 'Coût horaire chargé d’un médiateur socio-numérique du CCAS', { partnerId: 'ccas', role: 'médiateur' }),
    rate(p, 'benevolat-2024', 'volunteer_time', 'hour', '11.65', '2024-01-01', 'SMIC horaire brut au 1er janvier 2024', { validUntil: '2024-10-31' }),
    rate(p, 'benevolat-2024-11', 'volunteer_time', 'hour', '11.88', '2024-11-01', 'SMIC horaire brut au 1er novembre 2024'),
    rate(p, 'salle-demi-journee', 'premises', 'half_day', '40.00', '2024-01-01', 'Valeur locative d’une salle d’ESC par demi-journée'),
    rate(p, 'ordinateur-caf', 'kiosk', 'month', '65.00', '2024-01-01', 'Valeur locative mensuelle de l’ordinateur CAF en accès libre'),
  ];
}
