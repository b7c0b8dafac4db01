/**
 * Hepatitis C prison peers (seed 004): a quarterly report of what peers did (awareness
 * sessions, people encouraged to test, referred, supported through treatment) and of
 * the training and support they had; and a check that peers work with people only
 * after completing their training.
 */
import { HCV_FORMS } from './forms.js';
import { defineChecks, type PathwayCheck } from '../../scheme-checks.js';
import { defineScheme } from '../../scheme.js';

const SUPPORT_SESSIONS = ['Supervision', 'Debrief'];
const TESTING = ['Encouraged testing', 'Accompanied to testing'];

const PEER_TRAINING: PathwayCheck = {
  kind: 'pathway',
  register: 'hcvPeers',
  work: [
    { form: 'hcvAwareness', date: 'dateHeld', people: 'peerIds' },
    { form: 'hcvContacts', date: 'contactDate', people: 'peerIds' },
  ],
  steps: [{ field: 'trainingCompletedDate', monthsBefore: 0, label: 'training completed' }],
  who: ['peer', 'peers'],
  did: 'worked with people without their training complete',
  rule: 'Hepatitis C peers run sessions and support people only after completing their peer training.',
};

export const hcvScheme = defineScheme(HCV_FORMS, {
  id: 'hcv',
  title: 'Hepatitis C prison peers: quarterly report',
  subtitle: 'Paid and volunteer peers raising awareness of hepatitis C, encouraging testing and supporting treatment',
  params: {},
  template: 'report',
  trend: { line: 'people_supported', label: 'people supported one to one' },
  breakdown: { line: 'people_supported', title: 'People supported one to one, by what was done' },
  checks: defineChecks([PEER_TRAINING], HCV_FORMS),
  lines: [
    {
      id: 'peers_active',
      label: 'Peers active',
      section: 'Peers and awareness sessions',
      count: 'distinct',
      definition: 'Distinct Peer IDs on HCV awareness sessions or HCV peer contacts rows dated in the quarter.',
      sources: [
        { form: 'hcvAwareness', date: 'dateHeld', value: 'peerIds' },
        { form: 'hcvContacts', date: 'contactDate', value: 'peerIds' },
      ],
    },
    {
      id: 'awareness_sessions',
      label: 'Awareness sessions held',
      count: 'rows',
      definition: 'HCV awareness sessions rows with a Date held in the quarter.',
      sources: [{ form: 'hcvAwareness', date: 'dateHeld' }],
    },
    {
      id: 'awareness_attendees',
      label: 'People at awareness sessions',
      count: 'sum',
      parent: 'awareness_sessions',
      definition: 'The Attendees of those sessions, added up (someone at two sessions counts twice; nobody is named).',
      sources: [{ form: 'hcvAwareness', date: 'dateHeld', value: 'attendees' }],
    },
    {
      id: 'people_supported',
      label: 'People supported one to one',
      section: 'People supported one to one',
      count: 'distinct',
      definition: 'Distinct Prison numbers on HCV peer contacts rows dated in the quarter.',
      sources: [{ form: 'hcvContacts', date: 'contactDate', value: 'prisonNumber' }],
    },
    {
      id: 'encouraged_testing',
      label: 'People encouraged or accompanied to test',
      count: 'distinct',
      parent: 'people_supported',
      shareOfParent: true,
      definition: 'Distinct Prison numbers on HCV peer contacts rows in the quarter whose Support given includes "Encouraged testing" or "Accompanied to testing".',
      sources: [{ form: 'hcvContacts', date: 'contactDate', where: [{ field: 'supportGiven', in: TESTING }], value: 'prisonNumber' }],
    },
    {
      id: 'referred_for_testing',
      label: 'People referred for testing',
      count: 'distinct',
      parent: 'people_supported',
      shareOfParent: true,
      definition: 'Distinct Prison numbers on HCV peer contacts rows in the quarter answering Yes to "Referred for testing".',
      sources: [{ form: 'hcvContacts', date: 'contactDate', where: [{ field: 'referredForTesting', equals: 'Yes' }], value: 'prisonNumber' }],
    },
    {
      id: 'referred_for_treatment',
      label: 'People referred for treatment',
      count: 'distinct',
      parent: 'people_supported',
      shareOfParent: true,
      definition: 'Distinct Prison numbers on HCV peer contacts rows in the quarter answering Yes to "Referred for treatment".',
      sources: [{ form: 'hcvContacts', date: 'contactDate', where: [{ field: 'referredForTreatment', equals: 'Yes' }], value: 'prisonNumber' }],
    },
    {
      id: 'supported_in_treatment',
      label: 'People supported during treatment',
      count: 'distinct',
      parent: 'people_supported',
      shareOfParent: true,
      definition: 'Distinct Prison numbers on HCV peer contacts rows in the quarter whose Support given includes "Supported during treatment".',
      sources: [{ form: 'hcvContacts', date: 'contactDate', where: [{ field: 'supportGiven', includes: 'Supported during treatment' }], value: 'prisonNumber' }],
    },
    {
      id: 'training_sessions',
      label: 'Training sessions for peers',
      section: 'Training and support for peers',
      count: 'rows',
      definition: 'HCV peer training and support rows in the quarter with Session type "Training".',
      sources: [{ form: 'hcvPeerSessions', date: 'sessionDate', where: [{ field: 'sessionType', equals: 'Training' }] }],
    },
    {
      id: 'peers_trained',
      label: 'Peers attending training',
      count: 'distinct',
      parent: 'training_sessions',
      definition: 'Distinct Peer IDs among those training sessions’ attendees.',
      sources: [{ form: 'hcvPeerSessions', date: 'sessionDate', where: [{ field: 'sessionType', equals: 'Training' }], value: 'peerIds' }],
    },
    {
      id: 'support_sessions',
      label: 'Supervision and debrief sessions for peers',
      count: 'rows',
      definition: 'HCV peer training and support rows in the quarter with Session type "Supervision" or "Debrief".',
      sources: [{ form: 'hcvPeerSessions', date: 'sessionDate', where: [{ field: 'sessionType', in: SUPPORT_SESSIONS }] }],
    },
    {
      id: 'peers_supported',
      label: 'Peers attending supervision or a debrief',
      count: 'distinct',
      parent: 'support_sessions',
      definition: 'Distinct Peer IDs among those sessions’ attendees.',
      sources: [{ form: 'hcvPeerSessions', date: 'sessionDate', where: [{ field: 'sessionType', in: SUPPORT_SESSIONS }], value: 'peerIds' }],
    },
  ],
});
