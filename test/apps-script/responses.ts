/**
 * Deterministic form responses for the tests: every form of the contract, mostly
 * valid, some wrong in the ways real records go wrong (a mistyped prison number,
 * an unregistered or malformed Supporter ID typed under "Other", a required answer
 * missing, a number out of range), and free text that starts like a formula.
 * Every personal answer is remembered, so a test can prove none reached a log.
 */

import type { FormDefinition } from '../../core/form.js';
import { Random } from '../../generator/sample/random.js';

export type Answers = Record<string, string | string[] | null>;

interface Submission {
  form: string;
  answers: Answers;
  /** Wall-clock time of the submission, yyyy-mm-ddTHH:mm:ss. */
  at: string;
}

/** Text a person may type that a spreadsheet would read as a formula. */
const FORMULA_LIKE = ['=1+2', '+44 7700 900123', '-Jane', '@home', '=HYPERLINK("http://example.org","x")', "'quoted"];

/** A seeded random stream (the sample workbook's own PRNG), as a function. */
export function prng(seed: number): () => number {
  const random = new Random(seed);
  return () => random.next();
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

export function generateSubmissions(count: number, seed = 7): { submissions: Submission[]; personal: string[] } {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const personal = new Set<string>();
  const remember = <T extends string>(text: T): T => {
    personal.add(text);
    return text;
  };
  const start = Date.UTC(2021, 3, 1);
  const day = (offset: number) => isoDay(new Date(start + offset * 86400000));
  const supporters: string[] = [];
  const women: string[] = [];
  const submissions: Submission[] = [];

  for (let i = 0; i < count; i++) {
    const offset = Math.floor((i / count) * 70); // 1 April – 9 June 2021
    const at = `${day(offset)}T${pad(9 + (i % 8))}:${pad(i % 60)}:${pad((i * 7) % 60)}`;
    const bad = chance(0.12);
    const kind = i < 6 ? 'supporters' : i < 14 ? 'women' : pick(['supporters', 'women', 'contacts', 'contacts', 'contacts', 'training', 'supervision', 'questionnaires', 'focusGroups', 'releases', 'releasePlanning']);
    const supporterList = () => (supporters.length ? [pick(supporters), ...(chance(0.3) ? [pick(supporters)] : [])] : []);
    const attendees = () => (bad && chance(0.5) ? [...supporterList(), remember(chance(0.5) ? 'PS-9' : 'PS-999')] : supporterList());
    const woman = () => (bad ? remember(chance(0.5) ? 'A123BC' : 'Z9999ZZ') : women.length ? pick(women) : 'A0001AA');
    let submission: Submission;
    switch (kind) {
      case 'supporters': {
        const id = remember(`PS-${pad(supporters.length + 1, 3)}`);
        supporters.push(id);
        submission = {
          form: 'Peer supporter registration',
          answers: {
            'Supporter ID': bad ? remember(`ps ${supporters.length}`) : id,
            Name: remember(chance(0.2) ? pick(FORMULA_LIKE) : `Supporter ${supporters.length} Example`),
            Schemes: chance(0.5) ? ['Perinatal', 'Reconnect'] : [pick(['Perinatal', 'Reconnect'])],
            Role: pick(['Volunteer', 'Paid']),
            'Start date': day(offset - 200),
            'End date': chance(0.1) ? day(offset + 10) : null,
          },
          at,
        };
        break;
      }
      case 'women': {
        const id = remember(`${String.fromCharCode(65 + (women.length % 26))}${pad(1000 + women.length, 4)}BC`);
        women.push(id);
        submission = {
          form: 'Reception and intake',
          answers: {
            'Prison number': bad ? remember(`${id}X`) : id,
            'First name': remember(chance(0.15) ? pick(FORMULA_LIKE) : `Woman${women.length}`),
            'Last name': bad && chance(0.5) ? null : remember(`Example${women.length}`),
            'Date received': day(offset - 30),
            'Perinatal status': pick(['Pregnant', 'Pregnant in the last 12 months', 'Not applicable']),
            'Expected release date': day(offset + 20 + Math.floor(random() * 60)),
            'Release date confirmed': pick(['Yes', 'No']),
            'Destination area': remember(chance(0.1) ? pick(FORMULA_LIKE) : pick(['Norfolk', 'Suffolk', 'Not known'])),
            'Consent to peer support': pick(['Yes', 'Yes', 'No']),
            'Consent to share with healthcare': pick(['Yes', 'No']),
          },
          at,
        };
        break;
      }
      case 'contacts':
        submission = {
          form: 'Support contact log',
          answers: {
            'Contact date': day(offset),
            'Prison number': woman(),
            Scheme: pick(['Perinatal', 'Reconnect']),
            'Peer supporters': attendees(),
            'Contact type': [pick(['Reception support', 'Emotional support', 'Practical help', 'Release planning'])],
            Minutes: bad && chance(0.5) ? '900' : String(10 + Math.floor(random() * 50)),
            'GP practice identified': pick(['Yes', 'No', 'Not yet']),
            Notes: remember(chance(0.2) ? pick(FORMULA_LIKE) : `note ${i}`),
          },
          at,
        };
        break;
      case 'training':
        submission = {
          form: 'Training session log',
          answers: {
            'Session date': day(offset),
            Schemes: [pick(['Perinatal', 'Reconnect'])],
            Topics: [pick(['Confidentiality', 'Active listening', 'Own emotional response', 'Practical issues'])],
            Trainer: bad ? null : remember('Trainer Example'),
            Attendees: attendees(),
            Hours: '2',
          },
          at,
        };
        break;
      case 'supervision':
        submission = {
          form: 'Supervision session log',
          answers: {
            'Session date': day(offset),
            Schemes: [pick(['Perinatal', 'Reconnect'])],
            Format: pick(['Group', 'One-to-one']),
            Supervisor: remember('Supervisor Example'),
            Attendees: attendees(),
            'Concerns raised': pick(['Yes', 'No']),
          },
          at,
        };
        break;
      case 'questionnaires':
        submission = {
          form: 'Experience of care questionnaire',
          answers: {
            'Date completed': day(offset),
            Scheme: bad ? null : pick(['Perinatal', 'Reconnect']),
            Stage: pick(['Pregnant', 'Recently pregnant', 'Other']),
            'Treated with dignity and respect': pick(['Agree', 'Strongly agree', 'Disagree']),
            'What worked well': remember(chance(0.3) ? pick(FORMULA_LIKE) : `worked ${i}`),
          },
          at,
        };
        break;
      case 'focusGroups':
        submission = {
          form: 'Focus group log',
          answers: {
            'Date held': day(offset),
            Scheme: pick(['Perinatal', 'Reconnect']),
            Participants: bad ? '0' : String(3 + Math.floor(random() * 8)),
            Facilitator: remember('Facilitator Example'),
            Themes: remember(`themes ${i}`),
          },
          at,
        };
        break;
      case 'releasePlanning':
        submission = {
          form: 'Release planning',
          answers: {
            'Prison number': woman(),
            Date: day(offset),
            'GP practice': remember(pick(['Example Surgery', '=Example', 'The Sample Practice'])),
            'GP registration': pick(['Registered', 'Registration started', 'Not started']),
            'Services she will need': bad && chance(0.5) ? ['GP', 'Chiropody'] : ['GP', pick(['Dental', 'Crisis mental health'])],
            'Peer supporter': supporters.length ? pick(supporters) : null,
            'Release pack printed': pick(['Yes', 'No']),
          },
          at,
        };
        break;
      default:
        submission = {
          form: 'Release and reconnect log',
          answers: {
            'Prison number': woman(),
            'Release date': day(offset),
            'Destination area': bad ? null : remember(pick(['Norfolk', 'Suffolk'])),
            'GP registration': pick(['Registered before release', 'Registration started', 'Not registered']),
            'Information given': ['GP', 'Dental'],
            'Release pack given': pick(['Yes', 'No']),
            'Supported to reconnect with healthcare': pick(['Yes', 'No']),
          },
          at,
        };
    }
    submissions.push(submission);
  }
  return { submissions, personal: [...personal] };
}

/**
 * A valid response to any form, made from its declaration alone: the first choice
 * of each list, each identifier's example, a number in range, a date. For tests
 * that run over every registered scheme.
 */
export function exampleAnswers(form: FormDefinition, date = '2021-06-01'): Answers {
  const answers: Answers = {};
  for (const q of form.questions) {
    switch (q.type) {
      case 'timestamp':
        continue;
      case 'date':
        answers[q.title] = date;
        break;
      case 'choice':
      case 'scale':
        answers[q.title] = q.choices![0]!;
        break;
      case 'checkboxes':
        answers[q.title] = q.choices ? [q.choices[0]!] : [q.pattern!.example];
        break;
      case 'number':
        answers[q.title] = String(q.min !== undefined && q.min > 1 ? Math.ceil(q.min) : q.max !== undefined && q.max < 1 ? q.max : 1);
        break;
      default:
        answers[q.title] = q.pattern ? q.pattern.example : 'Example';
    }
  }
  return answers;
}
