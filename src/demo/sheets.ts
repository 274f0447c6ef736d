// The demo's fiches actions (issue 14, point 7): each action's services concernés, enjeux – impacts
// attendus, objectifs opérationnels and calendrier prévisionnel, from the seeds. Roche aux Fées: the
// roadmap's "Objectifs poursuivis" (word for word), its Enjeux (Projet de Territoire, PCAET), the
// service SIG-Numérique's three agents, and its calendar (experiments in 2024, the 70 / 30 split by
// 2025, the GT élus each quarter and the COPIL each year, the holiday stages). Acte 3: its "Fondamentaux"
// and its "Etapes incontournables et ligne de temps" (six months, then a multi-year dynamic; the
// parcours usager in 2024). Indicators with their targets are the service stream's (service.ts).
import type { ProgrammeCommand } from '../domain/programme/decider.ts';
import type { ActionSheetContent, CalendarStep } from '../domain/events.ts';
import { ACTE3, RAFCOM } from './setup.ts';

const SIG = 'Service SIG-Numérique (responsable de service, responsable du réseau des FabLab, animateur pédagogique)';
const ENJEU_SAVOIRS = 'Enjeu numérique n° 2 du Projet de Territoire : développement des savoirs et savoir-faire autour du numérique, toucher tous les publics';

const step = (label: string, startsOn: string, endsOn: string): CalendarStep => ({ label, startsOn, endsOn });
const sheet = (programmeId: string, actionId: string, s: ActionSheetContent): ProgrammeCommand => ({ type: 'SetActionSheet', data: { programmeId, actionId, sheet: s } });

const EXPERIMENT_2024 = step('Expérimentation', '2024-01-01', '2024-12-31');
const DEPLOY = step('Déploiement sur le territoire', '2025-01-01', '2026-12-31');

export function rafcomSheets(): ProgrammeCommand[] {
  return [...animationAndInclusion(), ...youthFablabsAndGovernance()];
}

/** Actions 1 to 5: animation numérique et inclusion. */
function animationAndInclusion(): ProgrammeCommand[] {
  const p = RAFCOM;
  return [
    sheet(p, 'a01', {
      services: `${SIG} ; acteurs du numérique du territoire`,
      stakes: 'Une visibilité pas toujours claire (qui fait quoi ?) : gagner en visibilité',
      objectives: 'Gagner en visibilité et dynamiser l’offre « usages du Numérique » sur le territoire\nProgrammation annuelle ou trimestrielle',
      calendar: [step('Première programmation trimestrielle', '2024-09-01', '2024-12-31'), step('Programmation annuelle', '2025-01-01', '2026-12-31')],
    }),
    sheet(p, 'a02', {
      services: `${SIG} ; réseau Libellule (médiathèques) ; prestataire de médiation numérique`,
      stakes: `${ENJEU_SAVOIRS} ; répondre à la fracture numérique`,
      objectives:
        'Apporter des réponses complémentaires à l’offre actuellement disponible\nTravailler à l’autonomisation des personnes sur les outils du Numérique et répondre à la fracture numérique',
      calendar: [EXPERIMENT_2024, DEPLOY],
    }),
    sheet(p, 'a03', {
      services: 'Maison France Services, Bus France Services ; service SIG-Numérique',
      stakes: 'Non-recours au droit et renoncement face aux démarches administratives ; saturation des dispositifs d’accompagnement',
      objectives:
        'Cibler plus efficacement les personnes dans le plus grand besoin face aux exigences du Numérique\nPromouvoir les offres complémentaires d’accompagnement vers de l’autonomisation',
      calendar: [step('Rencontres avec les acteurs', '2024-01-01', '2024-06-30'), DEPLOY],
    }),
    sheet(p, 'a04', {
      services: 'Réseau Libellule (médiathèques) ; service SIG-Numérique',
      stakes: 'Équité territoriale de l’offre ; des lieux de proximité pour le questionnement numérique',
      objectives: 'Cibler les médiathèques comme lieu privilégié pour du questionnement numérique (hors démarche e-administrative)',
      calendar: [EXPERIMENT_2024, DEPLOY],
    }),
    sheet(p, 'a05', {
      services: `${SIG} ; partenaires qui animent des ateliers`,
      stakes: 'Répondre à l’enjeu d’équipements et de logistique des partenaires',
      objectives: 'Répondre en partie à l’enjeu d’équipements et de logistiques des partenaires qui souhaitent animer des ateliers d’animation Numérique',
      calendar: [step('Achats du parc empruntable', '2024-01-01', '2024-06-30'), step('Prêts aux partenaires', '2024-03-01', '2026-12-31')],
    }),
  ];
}

/** Actions 6 to 12: the young, the FabLabs' new map, the professionals, governance. */
function youthFablabsAndGovernance(): ProgrammeCommand[] {
  const p = RAFCOM;
  return [
    sheet(p, 'a06', {
      services: 'Réseau des FabLab communautaire ; établissements scolaires locaux',
      stakes: 'Soutenir les enjeux du numérique dans l’éducation',
      objectives:
        'Poursuivre les accueils de groupes scolaires dans le cadre de projets pédagogiques au sein des FabLab (33 accueils en 2023)\nPoursuivre les formations à la fabrication numérique auprès des enseignants (76 heures en 2023)\nPoursuivre et renforcer le prêt de matériel pédagogique FabLab (5 emprunts en 2023)',
      calendar: [step('Année scolaire 2024-2025', '2024-09-01', '2025-07-04'), step('Année scolaire 2025-2026', '2025-09-01', '2026-07-03')],
    }),
    sheet(p, 'a07', {
      services: 'Réseau des FabLab communautaire ; enseignants et personnel communal ; mission locale',
      stakes: 'Un public cible identifié par les élus : les décrocheurs scolaires',
      objectives: 'Élargir le champ d’actions des FabLab sur un public cible identifié par les élus (offre complémentaire aux partenariats déjà en place avec la mission locale et les groupes scolaires)',
      calendar: [step('Expérimentation', '2024-09-01', '2025-06-30'), step('Élargissement', '2025-09-01', '2026-12-31')],
    }),
    sheet(p, 'a08', {
      services: 'Réseau des FabLab communautaire (animateur pédagogique)',
      stakes: 'Dynamiser les OpenLab sur les périodes de vacances',
      objectives: 'Dynamiser les OpenLab sur les périodes de vacances (novembre, février, avril et juillet)',
      calendar: [
        step('Stage de la Toussaint', '2024-10-21', '2024-10-31'),
        step('Stage d’hiver', '2025-02-17', '2025-02-28'),
        step('Stage de printemps', '2025-04-14', '2025-04-25'),
        step('Stage d’été', '2025-07-07', '2025-07-18'),
      ],
    }),
    sheet(p, 'a09', {
      services: 'FabLab de Janzé, de Retiers et d’Amanlis ; espace jeunes de Retiers',
      stakes: 'Coordonner l’activité des FabLab avec l’activité jeunesse ; un public principalement professionnel à Janzé',
      objectives:
        'Ouvrir en OpenLab le site de Retiers les mercredis après-midi\nPérenniser les OpenLab du site de Janzé\nConvertir du temps OpenLab du site d’Amanlis vers une offre d’animation numérique (ateliers numériques, FabLab éphémère)',
      calendar: [step('Nouveaux horaires à Retiers (9 h par semaine)', '2024-09-01', '2026-12-31')],
    }),
    sheet(p, 'a10', {
      services: `${SIG} ; médiathèques et salles communales ; prestataire de médiation numérique`,
      stakes: 'Équité territoriale de l’offre FabLab, en particulier au sud du territoire',
      objectives: 'Poursuivre une « équité » territoriale de l’offre FabLab sur l’ensemble du territoire de RAFCOM (en particulier le sud du territoire)',
      calendar: [EXPERIMENT_2024, DEPLOY],
    }),
    sheet(p, 'a11', {
      services: 'La Canopée, tiers-lieu ; réseau des FabLab communautaire ; Point Accueil Emploi',
      stakes: 'Faire des outils numériques un facilitateur d’accès à l’emploi et à la formation',
      objectives: 'Proposer un soutien spécifique sur les outils numériques aux entrepreneurs, entreprises et demandeurs d’emploi avec un projet professionnel',
      calendar: [step('Sessions de formation', '2024-01-01', '2026-12-31')],
    }),
    sheet(p, 'a12', {
      services: 'Élus communautaires (GT élus, environ 6 membres) ; service SIG-Numérique ; partenaires numériques',
      stakes: 'Présenter, suivre et arbitrer les actions, les partenariats et les sollicitations impactant l’animation Numérique',
      objectives: 'Recruter les membres du GT élus\nRencontre trimestrielle du GT élus\nRencontre annuelle (COPIL) avec l’ensemble des partenaires numériques',
      calendar: [
        step('Recrutement du GT élus', '2024-06-01', '2024-09-30'),
        step('GT élus chaque trimestre', '2024-10-01', '2026-12-31'),
        step('COPIL 2025', '2025-06-12', '2025-06-12'),
        step('COPIL 2026', '2026-06-11', '2026-06-11'),
      ],
    }),
  ];
}

export function acte3Sheets(): ProgrammeCommand[] {
  const p = ACTE3;
  const sixMonths = step('Faire ce que l’on dit : six mois à moyens constants', '2024-01-01', '2024-06-30');
  const multiYear = step('Dynamique pluriannuelle, temps en quartiers chaque année', '2024-07-01', '2026-12-31');
  return [
    sheet(p, 'socle-commun', {
      services: 'Espaces sociaux communs (ESC Carrefour 18, ESC Leperdit), Maison des aînés et des aidants ; GT ESC',
      stakes: 'Autonomisation des personnes dans leurs usages du numérique ; accès libre et gratuit aux outils de base ; recours aux droits',
      objectives: 'Ordinateur CAF et ordinateur en accès libre, wifi public aux normes RGPD\nPermanences, ateliers, formations grand public, bénévoles et pros',
      calendar: [sixMonths, multiYear],
    }),
    sheet(p, 'espaces-temps', {
      services: 'GT ESC ; acteurs numériques en quartiers ; deuxième cercle partenarial (EPN, La Plume)',
      stakes: 'Option basse : doubler la surface de contact (temps de service offert) avec les habitants',
      objectives: 'Élargir et mutualiser les espaces-temps dans et hors ESC (aller-vers) pour doubler l’offre de service aux habitants (heures par semaine)',
      calendar: [sixMonths, multiYear],
    }),
    sheet(p, 'banque-materiel', {
      services: 'Rennes Métropole ; les deux cercles de partenaires',
      stakes: 'Un potentiel important à utiliser dans les espaces-temps non partagés',
      objectives: 'Banque de matériels et de ressources partagées entre les deux cercles de partenaires',
      calendar: [step('Inventaire et règles de prêt', '2024-01-01', '2024-12-31'), step('Prêts entre partenaires', '2025-01-01', '2026-12-31')],
    }),
    sheet(p, 'parcours-usager', {
      services: 'CCAS (médiateurs socio-numériques) ; équipes et sous-dispositifs du territoire',
      stakes: 'Lutte contre le non-recours',
      objectives: 'Un parcours usager entre les équipes et les sous-dispositifs',
      calendar: [step('Parcours usager', '2024-01-01', '2024-12-31')],
    }),
  ];
}
