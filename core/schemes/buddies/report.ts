/**
 * Social care buddies (seed 003): a quarterly monitoring report of the operational,
 * cost and outcome data the study's evaluation guide asks for, and the workload
 * guard against the exploitation of buddies that the study names as a risk.
 */
import { BUDDY_CONCERNS, BUDDY_FORMS, STAFF_ACTIVITIES, SUPPORT_KINDS } from './forms.js';
import { defineChecks, type WeeklyHoursCheck } from '../../scheme-checks.js';
import { defineScheme, type CohortLineOn, type CountLineOn, type FieldOf } from '../../scheme.js';

/** An id for a vocabulary entry: "Collecting meals" → "collecting_meals". */
const slug = (text: string) => text.toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '');

const supportByKind: CountLineOn<typeof BUDDY_FORMS>[] = SUPPORT_KINDS.map((kind) => ({
  id: `support_${slug(kind)}`,
  label: `Support given: ${kind}`,
  count: 'rows',
  parent: 'support_sessions',
  shareOfParent: true,
  definition: `Buddy support rows in the quarter whose "Support given" includes ${kind} (a row with several kinds counts under each).`,
  sources: [{ form: 'buddySupport', date: 'supportDate', where: [{ field: 'supportGiven', includes: kind }] }],
}));

const staffByActivity: CountLineOn<typeof BUDDY_FORMS>[] = STAFF_ACTIVITIES.map((activity) => ({
  id: `staff_hours_${slug(activity)}`,
  label: `Staff hours: ${activity.toLowerCase()}`,
  count: 'sum',
  parent: 'staff_hours',
  shareOfParent: true,
  definition: `The Hours of Buddy staff time rows in the quarter with Activity "${activity}", added up.`,
  sources: [{ form: 'buddyStaffTime', date: 'date', where: [{ field: 'activity', equals: activity }], value: 'hours' }],
}));

const improved = (id: string, label: string, field: FieldOf<typeof BUDDY_FORMS, 'recipientReviews'>, question: string): CohortLineOn<typeof BUDDY_FORMS, 'reviewed'> => ({
  id,
  label,
  count: 'percent',
  cohort: 'reviewed',
  parent: 'recipients_reviewed',
  answer: { from: 'first', field },
  yes: ['Improved'],
  exclude: ['Prefer not to say'],
  definition: `Of the recipients reviewed in the quarter, by their latest review in it, those answering Improved to "${question}"; blank and "Prefer not to say" are left out of the denominator.`,
});

/** The exploitation risk the study names: a buddy's hours, added up Monday to Sunday, over the site's limit. */
const BUDDY_WEEKLY_HOURS: WeeklyHoursCheck = {
  kind: 'weeklyHours',
  form: 'buddySupport',
  date: 'supportDate',
  person: 'buddyId',
  hours: 'hours',
  limit: (settings) => settings.buddyWeeklyHoursLimit,
  setting: 'buddyWeeklyHoursLimit',
  who: 'buddy',
  rule: 'Check the buddy is not being overworked or exploited: hours, workload and the limits of the role are risks the scheme must manage.',
};

export const buddiesScheme = defineScheme(BUDDY_FORMS, {
  id: 'buddies',
  title: 'Social care buddies: quarterly monitoring report',
  subtitle: 'Prisoners giving other prisoners non-personal social care support: activity, costs and outcomes',
  params: {},
  template: 'report',
  trend: { line: 'recipients_supported', label: 'people supported' },
  breakdown: { line: 'support_sessions', title: 'Times support was given, by kind' },
  checks: defineChecks([BUDDY_WEEKLY_HOURS], BUDDY_FORMS),
  cohorts: {
    reviewed: { form: 'recipientReviews', date: 'dateCompleted', by: 'recipient', member: 'latestInPeriod' },
  },
  lines: [
    {
      id: 'buddies_active',
      label: 'Buddies active',
      section: 'Support given',
      count: 'distinct',
      definition: 'Distinct Buddy IDs on Buddy support rows with a Support date in the quarter.',
      sources: [{ form: 'buddySupport', date: 'supportDate', value: 'buddyId' }],
    },
    {
      id: 'recipients_supported',
      label: 'People supported by a buddy',
      count: 'distinct',
      definition: 'Distinct recipient prison numbers on Buddy support rows in the quarter.',
      sources: [{ form: 'buddySupport', date: 'supportDate', value: 'recipient' }],
    },
    {
      id: 'support_sessions',
      label: 'Times support was given',
      count: 'rows',
      definition: 'Buddy support rows in the quarter (one buddy, one person, one day).',
      sources: [{ form: 'buddySupport', date: 'supportDate' }],
    },
    {
      id: 'support_hours',
      label: 'Hours of support given by buddies',
      count: 'sum',
      definition: 'The Hours of Buddy support rows in the quarter, added up.',
      sources: [{ form: 'buddySupport', date: 'supportDate', value: 'hours' }],
    },
    ...supportByKind,
    {
      id: 'staff_hours',
      label: 'Staff hours on the scheme',
      section: 'Staff time and pay',
      count: 'sum',
      definition: 'The Hours of Buddy staff time rows dated in the quarter, added up.',
      sources: [{ form: 'buddyStaffTime', date: 'date', value: 'hours' }],
    },
    ...staffByActivity,
    {
      id: 'buddy_pay',
      label: 'Buddy pay recorded',
      count: 'sum',
      format: 'money',
      definition: 'The Amount paid of Buddy pay rows whose Week ending falls in the quarter, added up.',
      sources: [{ form: 'buddyPay', date: 'weekEnding', value: 'amountPaid' }],
    },
    {
      id: 'recipients_reviewed',
      label: 'People supported who were reviewed',
      section: 'Outcomes for the people supported',
      count: 'cohort',
      cohort: 'reviewed',
      definition: 'Distinct recipient prison numbers with a Recipient reviews row in the quarter; each counts once, by their latest review in it.',
    },
    improved('independence_improved_pct', 'Said they were more independent', 'independence', 'Independence since support'),
    improved('wellbeing_improved_pct', 'Said their wellbeing had improved', 'wellbeing', 'Wellbeing since support'),
    {
      id: 'happy_with_support_pct',
      label: 'Were happy with the support',
      count: 'percent',
      cohort: 'reviewed',
      parent: 'recipients_reviewed',
      answer: { from: 'first', field: 'happy' },
      yes: ['Yes'],
      exclude: ['Prefer not to say'],
      definition:
        'Of the recipients reviewed in the quarter, by their latest review in it, those answering Yes to "Happy with the support"; blank and "Prefer not to say" are left out of the denominator.',
    },
    {
      id: 'safeguarding_concerns',
      label: 'Safeguarding concerns raised',
      section: 'Safeguarding',
      count: 'rows',
      definition: 'Safeguarding concerns rows with a Date raised in the quarter.',
      sources: [{ form: 'safeguarding', date: 'dateRaised' }],
    },
    {
      id: 'safeguarding_buddy_concerns',
      label: 'Of which about a buddy being exploited or working beyond their role',
      count: 'rows',
      parent: 'safeguarding_concerns',
      shareOfParent: true,
      definition: `Safeguarding concerns rows in the quarter with Category ${BUDDY_CONCERNS.map((c) => `"${c}"`).join(' or ')}.`,
      sources: [{ form: 'safeguarding', date: 'dateRaised', where: [{ field: 'category', in: BUDDY_CONCERNS }] }],
    },
  ],
});
