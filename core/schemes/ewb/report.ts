/**
 * The emotional well-being mentoring outcome report (data contract §5), which must
 * reproduce the published figures of the scheme it comes from.
 */
import { EWB_FORMS } from './forms.js';
import { defineScheme, type CohortLineOn, type FieldOf } from '../../scheme.js';
import { defineChecks, type PathwayCheck } from '../../scheme-checks.js';

/**
 * The mentor pathway (seed 002): application approved by the Governor, security
 * clearance, training by the mental health nurse, and at least 3 months' shadowing
 * with another mentor before working alone. A Mentee sessions row naming one mentor
 * who had not completed it by the Session date is flagged.
 */
const MENTOR_PATHWAY: PathwayCheck = {
  kind: 'pathway',
  register: 'mentors',
  work: [{ form: 'menteeSessions', date: 'sessionDate', people: 'mentorIds' }],
  alone: true,
  steps: [
    { field: 'governorApproval', equals: 'Approved', label: 'Governor approval' },
    { field: 'securityClearanceDate', monthsBefore: 0, label: 'security clearance' },
    { field: 'trainingCompletedDate', monthsBefore: 0, label: 'training completed' },
    { field: 'shadowingStartDate', monthsBefore: 3, label: '3 months since shadowing began' },
  ],
  who: ['mentor', 'mentors'],
  did: 'worked alone without the mentor pathway complete',
  rule: 'A mentor works alone only after Governor approval, security clearance, training and at least 3 months of shadowing another mentor.',
};

const STOPPED_OR_REDUCED = ['Stopped', 'Reduced'];
type Field = FieldOf<typeof EWB_FORMS>;
const first = (field: Field) => ({ from: 'first', field }) as const;
const followUp = (field: Field) => ({ from: 'followUp', field }) as const;

const baselinePercent = (id: string, label: string, field: Field, question: string): CohortLineOn<typeof EWB_FORMS, 'sample'> => ({
  id,
  label,
  count: 'percent',
  cohort: 'sample',
  answer: first(field),
  yes: ['Yes'],
  exclude: ['Prefer not to say'],
  definition: `Of the sample, those answering Yes to "${question}" at their first baseline; blank and "Prefer not to say" answers are left out of the denominator.`,
});

const outcomePercent = (id: string, label: string, among: Field, field: Field, question: string, of: string): CohortLineOn<typeof EWB_FORMS, 'sample'> => ({
  id,
  label,
  count: 'percent',
  cohort: 'sample',
  among: [{ answer: first(among), equals: 'Yes' }],
  answer: followUp(field),
  yes: STOPPED_OR_REDUCED,
  exclude: ['Not applicable'],
  definition: `Of the sample ${of} at baseline, those whose latest follow-up answers Stopped or Reduced to "${question}"; no follow-up, blank and "Not applicable" are left out of the denominator.`,
});

export const ewbScheme = defineScheme(EWB_FORMS, {
  id: 'ewb',
  title: 'Emotional well-being mentoring: outcome report',
  subtitle: 'Peer mentors supporting emotional well-being, and what changed for the people they supported',
  params: {},
  template: 'report',
  trend: { line: 'mentees_supported', label: 'mentees supported' },
  checks: defineChecks([MENTOR_PATHWAY], EWB_FORMS),
  cohorts: {
    sample: {
      form: 'wellbeingBaseline',
      date: 'dateCompleted',
      by: 'prisonNumber',
      followUp: { form: 'wellbeingFollowUp', date: 'dateCompleted', by: 'prisonNumber' },
    },
  },
  lines: [
    {
      id: 'mentors_active',
      label: 'Mentors active',
      count: 'distinct',
      definition: 'Distinct Mentor IDs named on a Mentee sessions row dated in the period.',
      sources: [{ form: 'menteeSessions', date: 'sessionDate', value: 'mentorIds' }],
    },
    {
      id: 'mentees_supported',
      label: 'Mentees supported',
      count: 'distinct',
      definition: 'Distinct Prison numbers on Mentee sessions rows dated in the period.',
      sources: [{ form: 'menteeSessions', date: 'sessionDate', value: 'prisonNumber' }],
    },
    {
      id: 'sample_size',
      label: 'Mentees in the outcome sample',
      count: 'cohort',
      cohort: 'sample',
      definition:
        'Distinct Prison numbers whose first Wellbeing baseline is dated in the period. Each uses that first baseline and their latest follow-up dated on or after it.',
    },
    baselinePercent('ever_self_harmed_pct', 'Had ever self-harmed', 'everSelfHarmed', 'Ever self-harmed'),
    baselinePercent('current_self_harm_pct', 'Were self-harming when support began', 'currentlySelfHarming', 'Currently self-harming'),
    outcomePercent(
      'self_harm_stopped_or_reduced_pct',
      'Of those self-harming, stopped or reduced self-harm',
      'currentlySelfHarming',
      'selfHarmSinceSupport',
      'Self-harm since support',
      'currently self-harming',
    ),
    baselinePercent(
      'suicidal_pct',
      'Had suicidal thoughts or attempts in the last 12 months',
      'suicidalLast12Months',
      'Suicidal thoughts or attempts in the last 12 months',
    ),
    outcomePercent(
      'suicidal_stopped_or_reduced_pct',
      'Of those with suicidal thoughts or attempts, stopped or reduced',
      'suicidalLast12Months',
      'suicidalSinceSupport',
      'Suicidal thoughts or attempts since support',
      'with suicidal thoughts or attempts in the last 12 months',
    ),
  ],
});
