/**
 * The two quarterly reports of the NHS England contract (seed 000, data contract §4).
 * Lines i–v are the same definitions for both schemes, with the scheme as a
 * parameter; only their wording and lines vi–vii differ. The Reconnect report adds
 * lines that are not the contract's, under "Also recorded".
 */
import { CONTRACT_FORMS } from './forms.js';
import { defineLines, defineScheme, type CountLineOn } from '../../scheme.js';
import { defineChecks, type OverdueCheck } from '../../scheme-checks.js';

const S = { param: 'scheme' };

/**
 * Lines i and v, revised 2026-11-29: an attendee whose Supporters record names only
 * other schemes does not count (joint training does not make a Reconnect supporter a
 * perinatal one); one nobody registered still counts, as the warning on the row says.
 */
const ofThisScheme = { form: 'supporters', field: 'schemes', includes: S } as const;

const activeSupporters = (label: string): CountLineOn<typeof CONTRACT_FORMS> => ({
  id: 'active_supporters',
  label,
  count: 'distinct',
  definition:
    'Distinct Supporter IDs named on a Contacts row with this scheme, or among the attendees of a Training or Supervision row whose Schemes include it, dated in the quarter; ' +
    'an attendee whose Supporters record (after later rows update it) names only other schemes does not count, as joint training does not make her a supporter of this scheme (revised 2026-11-29). ' +
    'An attendee no Supporters row registers still counts (the row carries a warning).',
  sources: [
    { form: 'contacts', date: 'contactDate', where: [{ field: 'scheme', equals: S }], value: 'peerSupporters' },
    { form: 'training', date: 'sessionDate', where: [{ field: 'schemes', includes: S }], value: 'attendees', registered: ofThisScheme },
    { form: 'supervision', date: 'sessionDate', where: [{ field: 'schemes', includes: S }], value: 'attendees', registered: ofThisScheme },
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
    definition:
      'Distinct Supporter IDs among the Attendees of the supervision sessions counted in line iv, except, as in line i, an attendee whose Supporters record names only other schemes (revised 2026-11-29).',
    sources: [{ form: 'supervision', date: 'sessionDate', where: [{ field: 'schemes', includes: S }], value: 'attendees', registered: ofThisScheme }],
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

const ALSO = 'Also recorded';

/** A woman expected out a fortnight ago with no release logged would be missing from line vi unnoticed. */
const RELEASE_NOT_LOGGED: OverdueCheck = {
  kind: 'overdue',
  register: 'women',
  expected: 'expectedReleaseDate',
  graceDays: 14,
  recordedBy: { form: 'releases', by: 'prisonNumber', date: 'releaseDate', since: 'dateReceived' },
  missing: 'no Releases row records her release: log it, or correct the expected date.',
};

export const reconnectScheme = defineScheme(CONTRACT_FORMS, {
  id: 'reconnect',
  title: 'Reconnect peer support scheme report',
  subtitle: 'Peer support for all women, including preparing to connect with health services after release',
  params: { scheme: 'Reconnect' },
  template: 'report',
  trend: { line: 'women_supported', label: 'women supported' },
  views: ['dueForRelease', 'supporterOverview'],
  checks: defineChecks([RELEASE_NOT_LOGGED], CONTRACT_FORMS),
  groups: {
    [ALSO]:
      'These are not contract lines. They show how the release preparation that the contract calls its key improvement went: each counts women of line vi and shows them as a share of line vi, as a percentage rounded half up.',
  },
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
      // Of line vi: shown as its share too (a rate a reader would otherwise work out), still counted as the contract says.
      parent: 'women_released',
      shareOfParent: true,
      definition:
        'Of the women in line vi, the distinct Prison numbers with a Releases row in the quarter answering Yes to "Supported to reconnect with healthcare".',
      sources: [
        { form: 'releases', date: 'releaseDate', where: [{ field: 'supportedToReconnect', equals: 'Yes' }], value: 'prisonNumber' },
      ],
    },
    {
      id: 'gp_registered_before_release',
      label: 'Women released who were registered with a GP before release',
      count: 'distinct',
      of: 'women_released',
      group: ALSO,
      definition:
        'Of the women in line vi, the distinct Prison numbers with a Releases row in the quarter whose GP registration is "Registered before release"; shown as a share of line vi.',
      sources: [
        { form: 'releases', date: 'releaseDate', where: [{ field: 'gpRegistration', equals: 'Registered before release' }], value: 'prisonNumber' },
      ],
    },
    {
      id: 'prepared_before_release',
      label: 'Women released who had release preparation in the 6 weeks before release',
      count: 'distinct',
      of: 'women_released',
      group: ALSO,
      definition:
        'Of the women in line vi, the distinct Prison numbers with a Release planning row (by its Date), or a Contacts row whose Contact type includes "Release planning" (by its Contact date), ' +
        'dated in the 42 days that end on one of her Release dates in the quarter, that day included (the window may begin before the quarter); shown as a share of line vi.',
      sources: [
        {
          form: 'releases',
          date: 'releaseDate',
          value: 'prisonNumber',
          precededBy: {
            days: 42,
            rows: [
              { form: 'releasePlanning', date: 'date', by: 'prisonNumber' },
              { form: 'contacts', date: 'contactDate', by: 'prisonNumber', where: [{ field: 'contactType', includes: 'Release planning' }] },
            ],
          },
        },
      ],
    },
    {
      id: 'release_packs_given',
      label: 'Women released who were given a release pack',
      count: 'distinct',
      of: 'women_released',
      group: ALSO,
      definition: 'Of the women in line vi, the distinct Prison numbers with a Releases row in the quarter answering Yes to "Release pack given"; shown as a share of line vi.',
      sources: [{ form: 'releases', date: 'releaseDate', where: [{ field: 'releasePackGiven', equals: 'Yes' }], value: 'prisonNumber' }],
    },
  ],
});
