/**
 * The two quarterly reports of the NHS England contract (seed 000, data contract §4).
 * Lines i–v are the same definitions for both schemes, with the scheme as a
 * parameter; only their wording and lines vi–vii differ.
 */
import { CONTRACT_FORMS } from './forms.js';
import { defineLines, defineScheme, type CountLineOn } from '../../scheme.js';

const S = { param: 'scheme' };

const activeSupporters = (label: string): CountLineOn<typeof CONTRACT_FORMS> => ({
  id: 'active_supporters',
  label,
  count: 'distinct',
  definition:
    'Distinct Supporter IDs named on a Contacts row with this scheme, or among the attendees of a Training or Supervision row whose Schemes include it, dated in the quarter.',
  sources: [
    { form: 'contacts', date: 'contactDate', where: [{ field: 'scheme', equals: S }], value: 'peerSupporters' },
    { form: 'training', date: 'sessionDate', where: [{ field: 'schemes', includes: S }], value: 'attendees' },
    { form: 'supervision', date: 'sessionDate', where: [{ field: 'schemes', includes: S }], value: 'attendees' },
  ],
});

const sharedLines = defineLines(CONTRACT_FORMS, [
  {
    id: 'women_supported',
    label: 'ii. No of women supported during the quarter',
    count: 'distinct',
    definition: 'Distinct Prison numbers on Contacts rows with this scheme, dated in the quarter.',
    sources: [{ form: 'contacts', date: 'contactDate', where: [{ field: 'scheme', equals: S }], value: 'prisonNumber' }],
  },
  {
    id: 'training_sessions',
    label: 'iii. No of training sessions held during the quarter',
    count: 'rows',
    definition: 'Training rows whose Schemes include this scheme, with a Session date in the quarter (joint sessions count for each scheme).',
    sources: [{ form: 'training', date: 'sessionDate', where: [{ field: 'schemes', includes: S }] }],
  },
  {
    id: 'supervision_sessions',
    label: 'iv. No of supervision sessions held during the quarter',
    count: 'rows',
    definition: 'Supervision rows whose Schemes include this scheme, with a Session date in the quarter.',
    sources: [{ form: 'supervision', date: 'sessionDate', where: [{ field: 'schemes', includes: S }] }],
  },
  {
    id: 'supervision_attendees',
    label: 'v. No of peer supporters attending supervision sessions',
    count: 'distinct',
    definition: 'Distinct Supporter IDs among the Attendees of the supervision sessions counted in line iv.',
    sources: [{ form: 'supervision', date: 'sessionDate', where: [{ field: 'schemes', includes: S }], value: 'attendees' }],
  },
]);

export const perinatalScheme = defineScheme(CONTRACT_FORMS, {
  id: 'perinatal',
  title: 'Perinatal peer support scheme report',
  subtitle: 'Peer support for pregnant women and women pregnant in the last 12 months',
  params: { scheme: 'Perinatal' },
  template: 'report',
  trend: { line: 'women_supported', label: 'women supported' },
  views: ['dueForRelease', 'supporterOverview'],
  lines: [
    activeSupporters('i. Number of peer supporters for perinatal women active during the quarter'),
    ...sharedLines,
    {
      id: 'questionnaires',
      label: "vi. No of questionnaires received relating to women's experiences of care",
      count: 'rows',
      definition: 'Questionnaires rows with Scheme Perinatal and a Date completed in the quarter.',
      sources: [{ form: 'questionnaires', date: 'dateCompleted', where: [{ field: 'scheme', equals: S }] }],
    },
    {
      id: 'focus_groups',
      label: "vii. No of focus groups operated relating to women's experiences of care",
      count: 'rows',
      definition: 'Focus groups rows with Scheme Perinatal and a Date held in the quarter.',
      sources: [{ form: 'focusGroups', date: 'dateHeld', where: [{ field: 'scheme', equals: S }] }],
    },
  ],
});

export const reconnectScheme = defineScheme(CONTRACT_FORMS, {
  id: 'reconnect',
  title: 'Reconnect peer support scheme report',
  subtitle: 'Peer support for all women, including preparing to connect with health services after release',
  params: { scheme: 'Reconnect' },
  template: 'report',
  trend: { line: 'women_supported', label: 'women supported' },
  views: ['dueForRelease', 'supporterOverview'],
  lines: [
    activeSupporters('i. Number of peer supporters active during the quarter'),
    ...sharedLines,
    {
      id: 'women_released',
      label: 'vi. No of women released during the quarter',
      count: 'distinct',
      definition: 'Distinct Prison numbers on Releases rows with a Release date in the quarter.',
      sources: [{ form: 'releases', date: 'releaseDate', value: 'prisonNumber' }],
    },
    {
      id: 'women_reconnected',
      label: 'vii. No of women supported by peer supporters to reconnect with healthcare on release during the quarter',
      count: 'distinct',
      definition:
        'Of the women in line vi, the distinct Prison numbers with a Releases row in the quarter answering Yes to "Supported to reconnect with healthcare".',
      sources: [
        { form: 'releases', date: 'releaseDate', where: [{ field: 'supportedToReconnect', equals: 'Yes' }], value: 'prisonNumber' },
      ],
    },
  ],
});
