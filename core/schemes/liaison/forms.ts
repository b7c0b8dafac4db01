/**
 * Liaison and Diversion peer support workers (seed 001): people with recent lived
 * experience of the criminal justice system, paid and volunteer, working beside L&D
 * practitioners in police custody and at court, especially with people who are
 * hard to engage. Each works with the service for a limited time (2 years as a
 * guiding principle) and has the same access to supervision as staff.
 */
import { defineForm, question, type IdentifierPattern } from '../../form.js';

const WORKER_ID: IdentifierPattern = { regex: '^PSW-\\d{3,}$', example: 'PSW-001', kind: 'ldWorker', identity: 'site' };
/** The L&D service's own case reference: people seen in custody or at court are not registered here. */
const CASE_REFERENCE: IdentifierPattern = { regex: '^LD-\\d{4,}$', example: 'LD-0001', kind: 'ldCase', identity: 'site' };

/** The minimum criminal justice experience the guidance asks of a peer support worker: one or more. */
export const JUSTICE_EXPERIENCE = ['Arrested', 'Held in police custody', 'Appeared in court', 'Out of court disposal'] as const;
/** The key vulnerabilities of the L&D target group: a worker has experience of at least one. */
export const VULNERABILITIES = ['Mental health', 'Learning disability', 'Substance misuse', 'Other psycho-social vulnerability'] as const;
export const SETTINGS = ['Police custody', 'Court', 'Community', 'Phone'] as const;
const OUTCOMES = ['Engaged with L&D service', 'Referred to another service', 'Declined support', 'Not yet known'] as const;
export const ENGAGED = 'Engaged with L&D service';

const timestamp = question({ title: 'Timestamp', key: 'timestamp', type: 'timestamp' });
const workerIds = (help: string) => question({ title: 'Worker IDs', key: 'workerIds', type: 'checkboxes', required: true, pattern: WORKER_ID, personal: true, help });

const ldWorkers = defineForm({
  id: 'ldWorkers',
  tab: 'L&D peer workers',
  title: 'Peer support worker registration',
  description:
    'Register a Liaison and Diversion peer support worker, with the lived experience that makes them eligible; submit again with the same Worker ID to record training or a leaving date.',
  upsertBy: 'workerId',
  questions: [
    timestamp,
    { title: 'Worker ID', key: 'workerId', type: 'text', required: true, pattern: WORKER_ID, personal: true, help: 'PSW- then at least three digits, e.g. PSW-001.' },
    { title: 'Name', key: 'name', type: 'text', required: true, personal: true },
    { title: 'Role', key: 'role', type: 'choice', required: true, choices: ['Paid', 'Volunteer'] },
    {
      title: 'Criminal justice experience',
      key: 'justiceExperience',
      type: 'checkboxes',
      choices: JUSTICE_EXPERIENCE,
      personal: true,
      help: 'Recent experience, one or more: the eligibility the guidance asks for. Nothing more about it is recorded.',
    },
    {
      title: 'Key vulnerabilities',
      key: 'vulnerabilities',
      type: 'checkboxes',
      choices: VULNERABILITIES,
      personal: true,
      help: 'Lived experience of at least one of the L&D target group’s key vulnerabilities.',
    },
    { title: 'Start date', key: 'startDate', type: 'date', required: true },
    { title: 'Training completed date', key: 'trainingCompletedDate', type: 'date' },
    { title: 'End date', key: 'endDate', type: 'date', mayBeFuture: true, help: 'Leave blank while in role; about 2 years after starting, so that lived experience stays recent.' },
  ],
});

const ldSupervision = defineForm({
  id: 'ldSupervision',
  tab: 'L&D supervision',
  title: 'Peer worker supervision log',
  description: 'Log each supervision session for peer support workers, on the same terms as the service’s staff.',
  questions: [
    timestamp,
    { title: 'Session date', key: 'sessionDate', type: 'date', required: true },
    workerIds('Every peer support worker supervised.'),
    { title: 'Format', key: 'format', type: 'choice', choices: ['Group', 'One-to-one'] },
    { title: 'Supervision type', key: 'supervisionType', type: 'choice', choices: ['Clinical supervision', 'Line management', 'Reflective practice'] },
    { title: 'Supervisor', key: 'supervisor', type: 'text', required: true, personal: true },
  ],
});

const ldEngagements = defineForm({
  id: 'ldEngagements',
  tab: 'L&D engagements',
  title: 'Peer support engagement log',
  description: 'Log each time a peer support worker works with someone seen by the L&D service, and what came of it.',
  questions: [
    timestamp,
    { title: 'Engagement date', key: 'engagementDate', type: 'date', required: true },
    {
      title: 'Case reference',
      key: 'caseReference',
      type: 'text',
      required: true,
      pattern: CASE_REFERENCE,
      personal: true,
      help: 'The L&D case reference, e.g. LD-0001 (never a name).',
    },
    workerIds('The peer support workers involved.'),
    { title: 'Setting', key: 'setting', type: 'choice', required: true, choices: SETTINGS },
    {
      title: 'Hard to engage',
      key: 'hardToEngage',
      type: 'choice',
      required: true,
      choices: ['Yes', 'No'],
      help: 'Yes if the person had not engaged with the L&D practitioners or support time recovery workers before this.',
    },
    {
      title: 'Support given',
      key: 'supportGiven',
      type: 'checkboxes',
      choices: ['Emotional support', 'Practical support', 'Accompanied to an appointment', 'Signposting'],
    },
    { title: 'Outcome', key: 'outcome', type: 'choice', choices: OUTCOMES },
    { title: 'Minutes', key: 'minutes', type: 'number', min: 1, max: 600 },
  ],
});

export const LIAISON_FORMS = [ldWorkers, ldSupervision, ldEngagements] as const;
