/**
 * The example scheme of the README's tutorial, "Define your own scheme": peer
 * mentors who help other prisoners learn to read. Its forms.
 */
import { defineForm } from '../../core/form.js';

// 1. The form: each question's title is the column header of its tab.
export const readingSessions = defineForm({
  id: 'readingSessions',
  tab: 'Reading sessions',
  title: 'Reading session log',
  description: 'Log each reading session a mentor holds with a learner.',
  questions: [
    { title: 'Timestamp', key: 'timestamp', type: 'timestamp' },
    { title: 'Session date', key: 'sessionDate', type: 'date', required: true },
    {
      title: 'Learner prison number',
      key: 'learner',
      type: 'text',
      required: true,
      personal: true,
      pattern: { regex: '^[A-Z]\\d{4}[A-Z]{2}$', example: 'A1234BC', kind: 'learner', identity: 'national' },
    },
    {
      title: 'Mentor ID',
      key: 'mentor',
      type: 'text',
      required: true,
      personal: true,
      pattern: { regex: '^RM-\\d{3,}$', example: 'RM-001', kind: 'reading-mentor', identity: 'site' },
    },
    { title: 'Level', key: 'level', type: 'choice', required: true, choices: ['Starting out', 'Building up', 'Reading well'] },
    { title: 'Minutes', key: 'minutes', type: 'number', min: 1, max: 240 },
  ],
});

/** Every tab of the scheme, in the order set-up creates them. */
export const READING_FORMS = [readingSessions] as const;
