/**
 * The forms of the first contract's two schemes, Perinatal and Reconnect
 * (data contract §1). Titles are the column headers: renaming one breaks live workbooks.
 */
import { defineForm, question } from '../../form.js';
import {
  AGREEMENT_SCALE,
  CONTACT_TYPES,
  GP_REGISTRATION,
  PLANNED_GP_REGISTRATION,
  PRISON_NUMBER,
  SCHEME_NAMES,
  SERVICE_TYPES,
  SUPPORTER_ID,
  TRAINING_TOPICS,
  YES_NO,
} from './vocabulary.js';

const timestamp = question({ title: 'Timestamp', key: 'timestamp', type: 'timestamp' });

const prisonNumber = question({
  title: 'Prison number',
  key: 'prisonNumber',
  type: 'text',
  required: true,
  pattern: PRISON_NUMBER,
  personal: true,
  help: 'One letter, four digits, two letters, e.g. A1234BC.',
});

const schemesTicked = question({
  title: 'Schemes',
  key: 'schemes',
  type: 'checkboxes',
  required: true,
  choices: SCHEME_NAMES,
  help: 'Tick every scheme this applies to.',
});

const oneScheme = question({ title: 'Scheme', key: 'scheme', type: 'choice', required: true, choices: SCHEME_NAMES });

const sessionDate = question({ title: 'Session date', key: 'sessionDate', type: 'date', required: true });

const attendees = question({
  title: 'Attendees',
  key: 'attendees',
  type: 'checkboxes',
  pattern: SUPPORTER_ID,
  personal: true,
  help: 'Supporter IDs of the peer supporters who attended.',
});

const supporters = defineForm({
  id: 'supporters',
  tab: 'Supporters',
  title: 'Peer supporter registration',
  description: 'Register a peer supporter, or record a change (such as a leaving date) by submitting again with the same Supporter ID.',
  upsertBy: 'supporterId',
  questions: [
    timestamp,
    {
      title: 'Supporter ID',
      key: 'supporterId',
      type: 'text',
      required: true,
      pattern: SUPPORTER_ID,
      personal: true,
      help: 'PS- then at least three digits, e.g. PS-007.',
    },
    { title: 'Name', key: 'name', type: 'text', required: true, personal: true },
    { ...schemesTicked, help: 'The schemes this peer supporter works on.' },
    { title: 'Role', key: 'role', type: 'choice', choices: ['Volunteer', 'Paid'] },
    { title: 'Start date', key: 'startDate', type: 'date', required: true },
    { title: 'End date', key: 'endDate', type: 'date', mayBeFuture: true, help: 'Leave blank while in role.' },
    { title: 'Security clearance date', key: 'securityClearanceDate', type: 'date' },
  ],
});

const women = defineForm({
  id: 'women',
  tab: 'Women',
  title: 'Reception and intake',
  description: 'Record a woman received into the prison. Submit again with the same prison number to update her record.',
  upsertBy: 'prisonNumber',
  questions: [
    timestamp,
    prisonNumber,
    { title: 'First name', key: 'firstName', type: 'text', required: true, personal: true },
    { title: 'Last name', key: 'lastName', type: 'text', required: true, personal: true },
    { title: 'Date received', key: 'dateReceived', type: 'date', required: true },
    {
      title: 'Perinatal status',
      key: 'perinatalStatus',
      type: 'choice',
      choices: ['Pregnant', 'Pregnant in the last 12 months', 'Not applicable'],
    },
    { title: 'Expected release date', key: 'expectedReleaseDate', type: 'date', mayBeFuture: true },
    { title: 'Release date confirmed', key: 'releaseDateConfirmed', type: 'choice', choices: YES_NO },
    {
      title: 'Destination area',
      key: 'destinationArea',
      type: 'text',
      help: 'The local authority or county she expects to live in, or "Not known".',
    },
    { title: 'Consent to peer support', key: 'consentPeerSupport', type: 'choice', choices: YES_NO },
    { title: 'Consent to share with healthcare', key: 'consentShareHealthcare', type: 'choice', choices: YES_NO },
    {
      title: 'Consent withdrawn date',
      key: 'consentWithdrawnDate',
      type: 'date',
      help: 'If she withdraws her consent: from this date she gets no release pack and her name leaves every view. Her earlier records still count in the anonymous figures.',
    },
  ],
});

const contacts = defineForm({
  id: 'contacts',
  tab: 'Contacts',
  title: 'Support contact log',
  description: 'Log each contact a peer supporter has with a woman.',
  questions: [
    timestamp,
    { title: 'Contact date', key: 'contactDate', type: 'date', required: true },
    prisonNumber,
    oneScheme,
    {
      title: 'Peer supporters',
      key: 'peerSupporters',
      type: 'checkboxes',
      required: true,
      pattern: SUPPORTER_ID,
      personal: true,
      help: 'Supporter IDs of the peer supporters involved.',
    },
    { title: 'Contact type', key: 'contactType', type: 'checkboxes', choices: CONTACT_TYPES },
    { title: 'Minutes', key: 'minutes', type: 'number', min: 1, max: 600 },
    { title: 'GP practice identified', key: 'gpPracticeIdentified', type: 'choice', choices: ['Yes', 'No', 'Not yet'] },
    {
      title: 'Notes',
      key: 'notes',
      type: 'paragraph',
      personal: true,
      help: 'No clinical detail.',
    },
  ],
});

const training = defineForm({
  id: 'training',
  tab: 'Training',
  title: 'Training session log',
  description: 'Log each training session held for peer supporters.',
  questions: [
    timestamp,
    sessionDate,
    schemesTicked,
    { title: 'Topics', key: 'topics', type: 'checkboxes', choices: TRAINING_TOPICS },
    { title: 'Trainer', key: 'trainer', type: 'text', required: true, personal: true },
    attendees,
    { title: 'Hours', key: 'hours', type: 'number', min: 0 },
  ],
});

const supervision = defineForm({
  id: 'supervision',
  tab: 'Supervision',
  title: 'Supervision session log',
  description: 'Log each supervision session held for peer supporters.',
  questions: [
    timestamp,
    sessionDate,
    schemesTicked,
    { title: 'Format', key: 'format', type: 'choice', choices: ['Group', 'One-to-one'] },
    { title: 'Supervisor', key: 'supervisor', type: 'text', required: true, personal: true },
    attendees,
    { title: 'Concerns raised', key: 'concernsRaised', type: 'choice', choices: YES_NO },
  ],
});

const agreement = <K extends string>(title: string, key: K) => question({ title, key, type: 'scale', choices: AGREEMENT_SCALE });

const questionnaires = defineForm({
  id: 'questionnaires',
  tab: 'Questionnaires',
  title: 'Experience of care questionnaire',
  description: 'Anonymous: do not write names or prison numbers here.',
  questions: [
    timestamp,
    { title: 'Date completed', key: 'dateCompleted', type: 'date', required: true },
    oneScheme,
    { title: 'Stage', key: 'stage', type: 'choice', choices: ['Pregnant', 'Recently pregnant', 'Other'] },
    agreement('Treated with dignity and respect', 'dignity'),
    agreement('Got the care I needed', 'careNeeded'),
    agreement('Peer supporter helped me', 'supporterHelped'),
    { title: 'What worked well', key: 'workedWell', type: 'paragraph', personal: true },
    { title: 'What could be better', key: 'couldBeBetter', type: 'paragraph', personal: true },
  ],
});

const focusGroups = defineForm({
  id: 'focusGroups',
  tab: 'Focus groups',
  title: 'Focus group log',
  description: 'Log each focus group held about women’s experiences of care.',
  questions: [
    timestamp,
    { title: 'Date held', key: 'dateHeld', type: 'date', required: true },
    oneScheme,
    { title: 'Participants', key: 'participants', type: 'number', required: true, min: 1, integer: true },
    { title: 'Facilitator', key: 'facilitator', type: 'text', required: true, personal: true },
    { title: 'Themes', key: 'themes', type: 'paragraph', personal: true },
  ],
});

const releases = defineForm({
  id: 'releases',
  tab: 'Releases',
  title: 'Release and reconnect log',
  description: 'Record each woman’s release and how she was prepared to reconnect with healthcare.',
  questions: [
    timestamp,
    prisonNumber,
    { title: 'Release date', key: 'releaseDate', type: 'date', required: true },
    { title: 'Destination area', key: 'destinationArea', type: 'text', required: true },
    { title: 'GP practice', key: 'gpPractice', type: 'text' },
    { title: 'GP registration', key: 'gpRegistration', type: 'choice', choices: GP_REGISTRATION },
    { title: 'Information given', key: 'informationGiven', type: 'checkboxes', choices: SERVICE_TYPES },
    { title: 'Release pack given', key: 'releasePackGiven', type: 'choice', choices: YES_NO },
    {
      title: 'Supported to reconnect with healthcare',
      key: 'supportedToReconnect',
      type: 'choice',
      choices: YES_NO,
    },
  ],
});

const releasePlanning = defineForm({
  id: 'releasePlanning',
  tab: 'Release planning',
  title: 'Release planning',
  description:
    'What the peer supporters and the healthcare team have arranged before a woman leaves: her chosen GP practice, her registration, the services she will need. Submit again with the same prison number to update it.',
  upsertBy: 'prisonNumber',
  questions: [
    timestamp,
    prisonNumber,
    { title: 'Date', key: 'date', type: 'date', required: true, help: 'When this was recorded.' },
    { title: 'GP practice', key: 'gpPractice', type: 'text', help: 'The practice chosen, named as in the Services directory where it is there.' },
    { title: 'GP registration', key: 'gpRegistration', type: 'choice', choices: PLANNED_GP_REGISTRATION },
    { title: 'Services she will need', key: 'servicesNeeded', type: 'checkboxes', choices: SERVICE_TYPES },
    { title: 'Peer supporter', key: 'peerSupporter', type: 'text', pattern: SUPPORTER_ID, personal: true, help: 'Supporter ID, e.g. PS-007.' },
    { title: 'Release pack printed', key: 'releasePackPrinted', type: 'choice', choices: YES_NO },
  ],
});

const services = defineForm({
  id: 'services',
  tab: 'Services',
  title: 'Services directory',
  description: 'Kept by hand: one row per service in each area. Area "National" applies everywhere.',
  manual: true,
  questions: [
    { title: 'Area', key: 'area', type: 'text', required: true },
    { title: 'Service type', key: 'serviceType', type: 'choice', required: true, choices: SERVICE_TYPES },
    { title: 'Name', key: 'name', type: 'text', required: true },
    { title: 'Address', key: 'address', type: 'text' },
    { title: 'Phone', key: 'phone', type: 'text' },
    { title: 'Website', key: 'website', type: 'text' },
    { title: 'How to access', key: 'howToAccess', type: 'paragraph' },
    { title: 'Last verified', key: 'lastVerified', type: 'date' },
    { title: 'Verified by', key: 'verifiedBy', type: 'text', personal: true },
  ],
});

/** Every tab of the contract's workbook, in the order set-up creates them. */
export const CONTRACT_FORMS = [
  supporters,
  women,
  contacts,
  training,
  supervision,
  questionnaires,
  focusGroups,
  releases,
  releasePlanning,
  services,
] as const;
