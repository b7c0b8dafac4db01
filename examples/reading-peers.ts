/**
 * Example scheme for the README's tutorial "Define your own scheme": peer mentors
 * who help other prisoners learn to read. A test builds it end to end.
 */
import type { FormDefinition } from '../core/form.js';
import type { Scheme } from '../core/scheme.js';

// 1. The form: each question's title is the column header of its tab.
export const readingSessions: FormDefinition = {
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
      pattern: { regex: '^[A-Z]\\d{4}[A-Z]{2}$', example: 'A1234BC', kind: 'learner' },
    },
    {
      title: 'Mentor ID',
      key: 'mentor',
      type: 'text',
      required: true,
      personal: true,
      pattern: { regex: '^RM-\\d{3,}$', example: 'RM-001', kind: 'reading-mentor' },
    },
    { title: 'Level', key: 'level', type: 'choice', required: true, choices: ['Starting out', 'Building up', 'Reading well'] },
    { title: 'Minutes', key: 'minutes', type: 'number', min: 1, max: 240 },
  ],
};

// 2. The report: each line says what it counts, from which form, dated by which column.
export const readingScheme: Scheme = {
  id: 'reading',
  title: 'Reading peers quarterly report',
  subtitle: 'Peer mentors helping other prisoners learn to read',
  params: {},
  forms: [readingSessions],
  template: 'report',
  lines: [
    {
      id: 'sessions',
      label: 'Reading sessions held',
      count: 'rows',
      definition: 'Reading sessions rows with a Session date in the quarter.',
      sources: [{ form: 'readingSessions', date: 'sessionDate' }],
    },
    {
      id: 'learners',
      label: 'Learners supported',
      count: 'distinct',
      definition: 'Distinct learner prison numbers on Reading sessions rows in the quarter.',
      sources: [{ form: 'readingSessions', date: 'sessionDate', value: 'learner' }],
    },
    {
      id: 'new_readers',
      label: 'Learners starting out',
      count: 'distinct',
      definition: 'Distinct learners with a session at level "Starting out" in the quarter.',
      sources: [{ form: 'readingSessions', date: 'sessionDate', value: 'learner', where: [{ field: 'level', equals: 'Starting out' }] }],
    },
    {
      id: 'minutes',
      label: 'Minutes of reading support',
      count: 'sum',
      definition: 'The Minutes of Reading sessions rows in the quarter, added up.',
      sources: [{ form: 'readingSessions', date: 'sessionDate', value: 'minutes' }],
    },
  ],
};
