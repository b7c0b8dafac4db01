/**
 * Emotional well-being mentoring (seed 002, data contract §5): peer mentors in a prison
 * supporting people with low-level mental health problems, with outcomes measured
 * by a baseline and a follow-up questionnaire.
 */
import { defineForm, question, type IdentifierPattern } from '../../form.js';

const MENTOR_ID: IdentifierPattern = { regex: '^M-\\d{3,}$', example: 'M-001', kind: 'mentor', identity: 'site' };
/** Mentees are not registered on an intake form in this scheme, so their numbers are not cross-checked. */
const MENTEE_NUMBER: IdentifierPattern = { regex: '^[A-Z]\\d{4}[A-Z]{2}$', example: 'A1234BC', kind: 'mentee', identity: 'national' };

export const SESSION_TYPES = ['One-to-one', 'Group', 'CBT-based', 'Art', 'Holistic support'] as const;
const BASELINE_ANSWERS = ['Yes', 'No', 'Prefer not to say'] as const;
export const FOLLOW_UP_ANSWERS = ['Stopped', 'Reduced', 'No change', 'Increased', 'Not applicable'] as const;

const timestamp = question({ title: 'Timestamp', key: 'timestamp', type: 'timestamp' });
const menteeNumber = question({
  title: 'Prison number',
  key: 'prisonNumber',
  type: 'text',
  required: true,
  pattern: MENTEE_NUMBER,
  personal: true,
  help: 'One letter, four digits, two letters, e.g. A1234BC.',
});
const dateCompleted = question({ title: 'Date completed', key: 'dateCompleted', type: 'date', required: true });

const mentors = defineForm({
  id: 'mentors',
  tab: 'Mentors',
  title: 'Mentor application',
  description:
    'Apply for, and record the progress of, a peer mentor. Submit again with the same Mentor ID to record approval, clearance, shadowing, training, start and end. A mentor works alone only after at least 3 months of shadowing and completed training.',
  upsertBy: 'mentorId',
  questions: [
    timestamp,
    { title: 'Mentor ID', key: 'mentorId', type: 'text', required: true, pattern: MENTOR_ID, personal: true, help: 'M- then at least three digits, e.g. M-001.' },
    { title: 'Name', key: 'name', type: 'text', required: true, personal: true },
    { title: 'Application date', key: 'applicationDate', type: 'date', required: true },
    { title: 'Governor approval', key: 'governorApproval', type: 'choice', choices: ['Approved', 'Declined', 'Pending'] },
    { title: 'Security clearance date', key: 'securityClearanceDate', type: 'date' },
    { title: 'Shadowing start date', key: 'shadowingStartDate', type: 'date' },
    { title: 'Training completed date', key: 'trainingCompletedDate', type: 'date' },
    { title: 'Start date', key: 'startDate', type: 'date', help: 'The day the mentor began to work alone.' },
    { title: 'End date', key: 'endDate', type: 'date', mayBeFuture: true, help: 'Leave blank while in role.' },
  ],
});

const menteeSessions = defineForm({
  id: 'menteeSessions',
  tab: 'Mentee sessions',
  title: 'Mentee session log',
  description: 'Log each session a mentor has with a mentee.',
  questions: [
    timestamp,
    { title: 'Session date', key: 'sessionDate', type: 'date', required: true },
    menteeNumber,
    { title: 'Mentor IDs', key: 'mentorIds', type: 'checkboxes', required: true, pattern: MENTOR_ID, personal: true, help: 'Every mentor at the session.' },
    { title: 'Session type', key: 'sessionType', type: 'choice', required: true, choices: SESSION_TYPES },
    { title: 'Minutes', key: 'minutes', type: 'number', min: 1, max: 600 },
  ],
});

const baselineQuestion = <K extends string>(title: string, key: K) => question({ title, key, type: 'choice', choices: BASELINE_ANSWERS });
const followUpQuestion = <K extends string>(title: string, key: K) => question({ title, key, type: 'choice', choices: FOLLOW_UP_ANSWERS });

const wellbeingBaseline = defineForm({
  id: 'wellbeingBaseline',
  tab: 'Wellbeing baseline',
  title: 'Emotional well-being baseline',
  description: 'Completed with a mentee when support begins.',
  questions: [
    timestamp,
    dateCompleted,
    menteeNumber,
    baselineQuestion('Ever self-harmed', 'everSelfHarmed'),
    baselineQuestion('Currently self-harming', 'currentlySelfHarming'),
    baselineQuestion('Suicidal thoughts or attempts in the last 12 months', 'suicidalLast12Months'),
  ],
});

const wellbeingFollowUp = defineForm({
  id: 'wellbeingFollowUp',
  tab: 'Wellbeing follow-up',
  title: 'Emotional well-being follow-up',
  description: 'Completed with a mentee after a period of support.',
  questions: [
    timestamp,
    dateCompleted,
    menteeNumber,
    followUpQuestion('Self-harm since support', 'selfHarmSinceSupport'),
    followUpQuestion('Suicidal thoughts or attempts since support', 'suicidalSinceSupport'),
  ],
});

export const EWB_FORMS = [mentors, menteeSessions, wellbeingBaseline, wellbeingFollowUp] as const;
