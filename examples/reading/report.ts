/**
 * The example scheme of the README's tutorial: its report. A test builds it end
 * to end; the README quotes both files from their first numbered comment.
 */
import { READING_FORMS } from './forms.js';
import { defineScheme } from '../../core/scheme.js';

// 2. The report: each line says what it counts, from which form, dated by which column.
export const readingScheme = defineScheme(READING_FORMS, {
  id: 'reading',
  title: 'Reading peers quarterly report',
  subtitle: 'Peer mentors helping other prisoners learn to read',
  params: {},
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
});
