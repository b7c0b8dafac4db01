/**
 * Liaison and Diversion peer support workers (seed 001): a quarterly report of who
 * the workers engaged, above all people hard to engage, and of their supervision;
 * and the checks the guidance implies: lived-experience eligibility recorded,
 * training before working with people, and the 2-year limit in role.
 */
import { ENGAGED, LIAISON_FORMS, SETTINGS } from './forms.js';
import { defineChecks, type PathwayCheck, type RecordedCheck, type TimeInRoleCheck } from '../../scheme-checks.js';
import { defineScheme, type CountLineOn } from '../../scheme.js';

const slug = (text: string) => text.toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '');

const bySetting: CountLineOn<typeof LIAISON_FORMS>[] = SETTINGS.map((setting) => ({
  id: `engagements_${slug(setting)}`,
  label: `Engagements: ${setting.toLowerCase()}`,
  count: 'rows',
  parent: 'engagements',
  shareOfParent: true,
  definition: `L&D engagements rows in the quarter with Setting "${setting}".`,
  sources: [{ form: 'ldEngagements', date: 'engagementDate', where: [{ field: 'setting', equals: setting }] }],
}));

/** Two years as a guiding principle, "determined by local needs": a setting. */
const WORKER_TIME_LIMIT: TimeInRoleCheck = {
  kind: 'timeInRole',
  register: 'ldWorkers',
  start: 'startDate',
  end: 'endDate',
  months: (settings) => settings.peerWorkerLimitMonths,
  setting: 'peerWorkerLimitMonths',
  rule: 'Peer support workers work with the service for a limited time (2 years as a guiding principle) so that their lived experience stays recent: plan their move on, or record an End date.',
};

const WORKER_ELIGIBILITY: RecordedCheck = {
  kind: 'recorded',
  register: 'ldWorkers',
  fields: [
    { field: 'justiceExperience', label: 'Criminal justice experience' },
    { field: 'vulnerabilities', label: 'Key vulnerabilities' },
  ],
  rule: 'A peer support worker needs recent criminal justice experience and experience of at least one key vulnerability: record the eligibility that was checked.',
};

const WORKER_TRAINING: PathwayCheck = {
  kind: 'pathway',
  register: 'ldWorkers',
  work: [{ form: 'ldEngagements', date: 'engagementDate', people: 'workerIds' }],
  steps: [{ field: 'trainingCompletedDate', monthsBefore: 0, label: 'training completed' }],
  who: ['peer support worker', 'peer support workers'],
  did: 'worked with someone without their training complete',
  rule: 'Peer support workers must receive appropriate training before they work with people.',
};

export const liaisonScheme = defineScheme(LIAISON_FORMS, {
  id: 'liaison',
  title: 'Liaison and Diversion peer support: quarterly report',
  subtitle: 'Peer support workers with lived experience, engaging people in police custody and at court, especially those hard to engage',
  params: {},
  template: 'report',
  trend: { line: 'people_engaged', label: 'people worked with' },
  breakdown: { line: 'engagements', title: 'Engagements, by setting' },
  checks: defineChecks([WORKER_ELIGIBILITY, WORKER_TRAINING, WORKER_TIME_LIMIT], LIAISON_FORMS),
  lines: [
    {
      id: 'workers_active',
      label: 'Peer support workers active',
      section: 'Engagements',
      count: 'distinct',
      definition: 'Distinct Worker IDs on L&D engagements rows with an Engagement date in the quarter.',
      sources: [{ form: 'ldEngagements', date: 'engagementDate', value: 'workerIds' }],
    },
    {
      id: 'engagements',
      label: 'Engagements by peer support workers',
      count: 'rows',
      definition: 'L&D engagements rows in the quarter.',
      sources: [{ form: 'ldEngagements', date: 'engagementDate' }],
    },
    ...bySetting,
    {
      id: 'people_engaged',
      label: 'People worked with',
      section: 'People worked with',
      count: 'distinct',
      definition: 'Distinct Case references on L&D engagements rows in the quarter.',
      sources: [{ form: 'ldEngagements', date: 'engagementDate', value: 'caseReference' }],
    },
    {
      id: 'hard_to_engage',
      label: 'People worked with who were hard to engage',
      count: 'distinct',
      parent: 'people_engaged',
      shareOfParent: true,
      definition: 'Distinct Case references on L&D engagements rows in the quarter answering Yes to "Hard to engage".',
      sources: [{ form: 'ldEngagements', date: 'engagementDate', where: [{ field: 'hardToEngage', equals: 'Yes' }], value: 'caseReference' }],
    },
    {
      id: 'hard_to_engage_engaged',
      label: 'Of whom engaged with the L&D service',
      count: 'distinct',
      parent: 'hard_to_engage',
      shareOfParent: true,
      definition: `Distinct Case references with an L&D engagements row in the quarter answering Yes to "Hard to engage" and Outcome "${ENGAGED}".`,
      sources: [
        {
          form: 'ldEngagements',
          date: 'engagementDate',
          where: [
            { field: 'hardToEngage', equals: 'Yes' },
            { field: 'outcome', equals: ENGAGED },
          ],
          value: 'caseReference',
        },
      ],
    },
    {
      id: 'engaged_with_service',
      label: 'People who engaged with the L&D service',
      count: 'distinct',
      parent: 'people_engaged',
      shareOfParent: true,
      definition: `Distinct Case references with an L&D engagements row in the quarter with Outcome "${ENGAGED}".`,
      sources: [{ form: 'ldEngagements', date: 'engagementDate', where: [{ field: 'outcome', equals: ENGAGED }], value: 'caseReference' }],
    },
    {
      id: 'referred_on',
      label: 'People referred to another service',
      count: 'distinct',
      parent: 'people_engaged',
      shareOfParent: true,
      definition: 'Distinct Case references with an L&D engagements row in the quarter with Outcome "Referred to another service".',
      sources: [
        { form: 'ldEngagements', date: 'engagementDate', where: [{ field: 'outcome', equals: 'Referred to another service' }], value: 'caseReference' },
      ],
    },
    {
      id: 'supervision_sessions',
      label: 'Supervision sessions held',
      section: 'Supervision',
      count: 'rows',
      definition: 'L&D supervision rows with a Session date in the quarter.',
      sources: [{ form: 'ldSupervision', date: 'sessionDate' }],
    },
    {
      id: 'workers_supervised',
      label: 'Peer support workers supervised',
      count: 'distinct',
      definition: 'Distinct Worker IDs on L&D supervision rows in the quarter.',
      sources: [{ form: 'ldSupervision', date: 'sessionDate', value: 'workerIds' }],
    },
  ],
});
