/**
 * Social care buddies (seed 003): prisoners ("buddies"), paid or volunteer, giving
 * other prisoners non-personal social care support. The forms collect what the
 * study's evaluation guide asks for: operational data (buddies, recipients, hours
 * and kinds of support), cost data (buddy pay, staff time) and outcomes (what
 * recipients say changed, safeguarding concerns). Buddies never give personal
 * care (washing, dressing, toileting, medication): the vocabulary has none.
 */
import { defineForm, question, type IdentifierPattern } from '../../form.js';

const BUDDY_ID: IdentifierPattern = { regex: '^B-\\d{3,}$', example: 'B-001', kind: 'buddy', identity: 'site' };
/** Recipients are not registered on an intake form in this scheme, so their numbers are not cross-checked. */
const RECIPIENT_NUMBER: IdentifierPattern = { regex: '^[A-Z]\\d{4}[A-Z]{2}$', example: 'A1234BC', kind: 'recipient', identity: 'national' };

/** Non-personal social care support: what a buddy may do for someone. */
export const SUPPORT_KINDS = [
  'Collecting meals',
  'Cleaning cell',
  'Laundry',
  'Pushing wheelchair',
  'Moving around the prison',
  'Company and conversation',
  'Reading and writing',
  'Canteen and shopping',
  'Other',
] as const;
export const STAFF_ACTIVITIES = ['Supervising buddies', 'Coordinating the scheme', 'Training buddies', 'Recruiting buddies'] as const;
const CHANGE_ANSWERS = ['Improved', 'No change', 'Worse', 'Prefer not to say'] as const;
export const CONCERN_CATEGORIES = [
  'Neglect',
  'Financial or material abuse',
  'Physical abuse',
  'Emotional abuse',
  'Exploitation of a buddy',
  'Buddy working beyond their role',
  'Other',
] as const;
/** The categories that are about the buddy's own safety: exploitation, hours, workload. */
export const BUDDY_CONCERNS = ['Exploitation of a buddy', 'Buddy working beyond their role'] as const;

const timestamp = question({ title: 'Timestamp', key: 'timestamp', type: 'timestamp' });
const recipient = question({
  title: 'Recipient prison number',
  key: 'recipient',
  type: 'text',
  required: true,
  pattern: RECIPIENT_NUMBER,
  personal: true,
  help: 'The person supported: one letter, four digits, two letters, e.g. A1234BC.',
});
const buddyId = (required: boolean, help: string) =>
  question({
  title: 'Buddy ID',
  key: 'buddyId',
  type: 'text',
  required,
  pattern: BUDDY_ID,
  personal: true,
  help,
  });

const buddies = defineForm({
  id: 'buddies',
  tab: 'Buddies',
  title: 'Buddy registration',
  description: 'Register a social care buddy, or record a change (training, a leaving date) by submitting again with the same Buddy ID.',
  upsertBy: 'buddyId',
  questions: [
    timestamp,
    buddyId(true, 'B- then at least three digits, e.g. B-001.'),
    { title: 'Name', key: 'name', type: 'text', required: true, personal: true },
    { title: 'Role', key: 'role', type: 'choice', required: true, choices: ['Paid', 'Volunteer'] },
    { title: 'Start date', key: 'startDate', type: 'date', required: true },
    { title: 'Training completed date', key: 'trainingCompletedDate', type: 'date' },
    { title: 'End date', key: 'endDate', type: 'date', mayBeFuture: true, help: 'Leave blank while in role.' },
  ],
});

const buddySupport = defineForm({
  id: 'buddySupport',
  tab: 'Buddy support',
  title: 'Buddy support log',
  description: 'Log the support one buddy gave one person on one day: the hours, and what it was. No personal care.',
  questions: [
    timestamp,
    { title: 'Support date', key: 'supportDate', type: 'date', required: true },
    recipient,
    buddyId(true, 'The buddy who gave the support.'),
    { title: 'Hours', key: 'hours', type: 'number', required: true, min: 0.25, max: 12, help: 'Time spent, in hours (0.5 for half an hour).' },
    { title: 'Support given', key: 'supportGiven', type: 'checkboxes', required: true, choices: SUPPORT_KINDS },
  ],
});

const buddyStaffTime = defineForm({
  id: 'buddyStaffTime',
  tab: 'Buddy staff time',
  title: 'Staff time on the buddy scheme',
  description: 'Log staff time spent supervising, coordinating, training or recruiting buddies (for the scheme’s costs).',
  questions: [
    timestamp,
    { title: 'Date', key: 'date', type: 'date', required: true },
    {
      title: 'Staff role',
      key: 'staffRole',
      type: 'choice',
      choices: ['Prison officer', 'Social care worker', 'Healthcare staff', 'Scheme coordinator', 'Other'],
    },
    { title: 'Activity', key: 'activity', type: 'choice', required: true, choices: STAFF_ACTIVITIES },
    { title: 'Hours', key: 'hours', type: 'number', required: true, min: 0.25, max: 24 },
  ],
});

const buddyPay = defineForm({
  id: 'buddyPay',
  tab: 'Buddy pay',
  title: 'Buddy pay record',
  description: 'Record what each paid buddy was paid for buddy work, week by week.',
  questions: [
    timestamp,
    { title: 'Week ending', key: 'weekEnding', type: 'date', required: true },
    buddyId(true, 'The buddy paid.'),
    { title: 'Hours paid', key: 'hoursPaid', type: 'number', min: 0, max: 60 },
    { title: 'Amount paid (£)', key: 'amountPaid', type: 'number', money: true, required: true, min: 0, max: 200, help: 'In pounds, e.g. 12.50 or £12.50.' },
  ],
});

const change = <K extends string>(title: string, key: K) => question({ title, key, type: 'choice', choices: CHANGE_ANSWERS });

const recipientReviews = defineForm({
  id: 'recipientReviews',
  tab: 'Recipient reviews',
  title: 'Recipient review',
  description: 'Ask the person supported, every few months, what has changed since they have had a buddy.',
  questions: [
    timestamp,
    { title: 'Date completed', key: 'dateCompleted', type: 'date', required: true },
    recipient,
    change('Independence since support', 'independence'),
    change('Wellbeing since support', 'wellbeing'),
    { title: 'Happy with the support', key: 'happy', type: 'choice', choices: ['Yes', 'No', 'Prefer not to say'] },
  ],
});

const safeguarding = defineForm({
  id: 'safeguarding',
  tab: 'Safeguarding concerns',
  title: 'Safeguarding concern log',
  description: 'Log each safeguarding concern about a person supported or about a buddy (including a buddy being exploited or overworked).',
  questions: [
    timestamp,
    { title: 'Date raised', key: 'dateRaised', type: 'date', required: true },
    { title: 'Raised by', key: 'raisedBy', type: 'choice', required: true, choices: ['Recipient', 'Buddy', 'Staff', 'Other prisoner'] },
    { title: 'Category', key: 'category', type: 'choice', required: true, choices: CONCERN_CATEGORIES },
    buddyId(false, 'The buddy involved, if any.'),
    {
      title: 'Action taken',
      key: 'actionTaken',
      type: 'choice',
      choices: ['Referred to the safeguarding lead', 'Referred to the local authority', 'Buddy arrangement changed', 'No further action'],
    },
    { title: 'Details', key: 'details', type: 'paragraph', personal: true, help: 'What happened, without names.' },
  ],
});

export const BUDDY_FORMS = [buddies, buddySupport, buddyStaffTime, buddyPay, recipientReviews, safeguarding] as const;
