/**
 * Hepatitis C prison peers (seed 004): paid and volunteer peers who raise awareness
 * of hepatitis C, encourage testing and support people through treatment, with
 * training and support of their own.
 */
import { defineForm, question, type IdentifierPattern } from '../../form.js';
import { YES_NO } from '../contract/vocabulary.js';

const PEER_ID: IdentifierPattern = { regex: '^HCV-\\d{3,}$', example: 'HCV-001', kind: 'hcvPeer', identity: 'site' };
/** People a peer supports are not registered on an intake form in this scheme, so their numbers are not cross-checked. */
const PERSON_NUMBER: IdentifierPattern = { regex: '^[A-Z]\\d{4}[A-Z]{2}$', example: 'A1234BC', kind: 'hcvPerson', identity: 'national' };

const SESSION_TYPES = ['Training', 'Supervision', 'Debrief'] as const;
const AWARENESS_SETTINGS = ['Reception', 'Induction', 'Wing', 'Healthcare', 'Education', 'Other'] as const;
export const PEER_SUPPORT = [
  'Information about hepatitis C',
  'Encouraged testing',
  'Accompanied to testing',
  'Supported during treatment',
  'Planning treatment after release',
] as const;

const timestamp = question({ title: 'Timestamp', key: 'timestamp', type: 'timestamp' });
const peerIds = (help: string) => question({ title: 'Peer IDs', key: 'peerIds', type: 'checkboxes', required: true, pattern: PEER_ID, personal: true, help });

const hcvPeers = defineForm({
  id: 'hcvPeers',
  tab: 'HCV peers',
  title: 'Hepatitis C peer registration',
  description: 'Register a hepatitis C prison peer; submit again with the same Peer ID to record training or a leaving date.',
  upsertBy: 'peerId',
  questions: [
    timestamp,
    { title: 'Peer ID', key: 'peerId', type: 'text', required: true, pattern: PEER_ID, personal: true, help: 'HCV- then at least three digits, e.g. HCV-001.' },
    { title: 'Name', key: 'name', type: 'text', required: true, personal: true },
    { title: 'Role', key: 'role', type: 'choice', required: true, choices: ['Paid', 'Volunteer'] },
    { title: 'Start date', key: 'startDate', type: 'date', required: true },
    { title: 'Training completed date', key: 'trainingCompletedDate', type: 'date', help: 'The peer training course, completed: peers work with people only after it.' },
    { title: 'End date', key: 'endDate', type: 'date', mayBeFuture: true, help: 'Leave blank while in role.' },
  ],
});

const hcvPeerSessions = defineForm({
  id: 'hcvPeerSessions',
  tab: 'HCV peer training and support',
  title: 'HCV peer training and support log',
  description: 'Log each training session, supervision or debrief held for hepatitis C peers.',
  questions: [
    timestamp,
    { title: 'Session date', key: 'sessionDate', type: 'date', required: true },
    { title: 'Session type', key: 'sessionType', type: 'choice', required: true, choices: SESSION_TYPES },
    peerIds('Every peer who attended.'),
    { title: 'Led by', key: 'ledBy', type: 'text', required: true, personal: true },
    { title: 'Hours', key: 'hours', type: 'number', min: 0.25, max: 12 },
  ],
});

const hcvAwareness = defineForm({
  id: 'hcvAwareness',
  tab: 'HCV awareness sessions',
  title: 'HCV awareness session log',
  description: 'Log each hepatitis C awareness session peers run, with how many people came (no names).',
  questions: [
    timestamp,
    { title: 'Date held', key: 'dateHeld', type: 'date', required: true },
    peerIds('The peers who ran it.'),
    { title: 'Setting', key: 'setting', type: 'choice', choices: AWARENESS_SETTINGS },
    { title: 'Attendees', key: 'attendees', type: 'number', required: true, min: 1, max: 200, integer: true },
  ],
});

const hcvContacts = defineForm({
  id: 'hcvContacts',
  tab: 'HCV peer contacts',
  title: 'HCV peer contact log',
  description: 'Log each time a peer supports someone one to one: encouraging a test, going with them, supporting them through treatment.',
  questions: [
    timestamp,
    { title: 'Contact date', key: 'contactDate', type: 'date', required: true },
    {
      title: 'Prison number',
      key: 'prisonNumber',
      type: 'text',
      required: true,
      pattern: PERSON_NUMBER,
      personal: true,
      help: 'One letter, four digits, two letters, e.g. A1234BC.',
    },
    peerIds('The peers involved.'),
    { title: 'Support given', key: 'supportGiven', type: 'checkboxes', required: true, choices: PEER_SUPPORT },
    { title: 'Referred for testing', key: 'referredForTesting', type: 'choice', choices: YES_NO },
    { title: 'Referred for treatment', key: 'referredForTreatment', type: 'choice', choices: YES_NO },
  ],
});

export const HCV_FORMS = [hcvPeers, hcvPeerSessions, hcvAwareness, hcvContacts] as const;
