/** The data dictionary, printed from the same form declarations that validate rows. */
import { SYSTEM_COLUMNS, type FormDefinition, type Question } from './form.js';
import type { Scheme } from './scheme.js';

const TYPE_NAMES: Record<Question['type'], string> = {
  timestamp: 'timestamp (filled in by Google Forms)',
  text: 'text',
  paragraph: 'text (paragraph)',
  date: 'date',
  choice: 'one choice',
  checkboxes: 'checkboxes (one cell, joined by ", ")',
  scale: 'scale (one choice)',
  number: 'number',
};

function rule(q: Question): string {
  const parts: string[] = [q.required ? 'required' : 'optional'];
  if (q.pattern) parts.push(`pattern \`${q.pattern.example}\` (\`${q.pattern.regex}\`), trimmed and upper-cased`);
  if (q.choices) parts.push(`one${q.type === 'checkboxes' ? ' or more' : ''} of ${q.choices.map((c) => `\`${c}\``).join(', ')}`);
  if (q.min !== undefined || q.max !== undefined) parts.push(`${q.integer ? 'whole number ' : ''}${q.min ?? '…'} to ${q.max ?? '…'}`);
  if (q.money) parts.push('pounds: `£5.25` and `5.25` are both read as 5.25');
  if (q.personal) parts.push('personal: never shown in messages or reports');
  if (q.help) parts.push(q.help);
  return parts.join('; ');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function dataDictionary(forms: readonly FormDefinition[], title = 'peerkit data dictionary'): string {
  const out = [
    `# ${title}`,
    '',
    'Generated from the form declarations in `core/forms/` (`peerkit dictionary`); do not edit by hand.',
    'Each tab holds one form\'s responses; the question text is the column header.',
    '',
  ];
  for (const form of forms) {
    out.push(`## ${form.tab}`, '');
    out.push(form.manual ? `Kept by hand (no form). ${form.description}` : `Form "${form.title}". ${form.description}`);
    if (form.upsertBy) {
      const key = form.questions.find((q) => q.key === form.upsertBy)!.title;
      out.push('', `A later row with the same ${key} updates the earlier one: each non-blank answer of the later row wins.`);
    }
    out.push('', '| column | type | rule |', '|---|---|---|');
    for (const q of form.questions) out.push(`| ${cell(q.title)} | ${TYPE_NAMES[q.type]} | ${cell(rule(q))} |`);
    out.push('');
  }
  out.push(
    '## System columns (any tab)',
    '',
    'Kept beside the answers, found by their header like any column; no question uses these titles.',
    '',
    '| column | kept by | rule |',
    '|---|---|---|',
    `| ${SYSTEM_COLUMNS.void} | staff, added by hand to any tab | anything typed in it (a cell of only spaces is blank) leaves the row out of every count; the row is listed as voided by staff, and what is typed there is never quoted |`,
    `| ${SYSTEM_COLUMNS.editLink} | Apps Script, on each response tab | the response's edit URL, written when it is submitted: open it to correct the response, and the corrected answers replace the row where it stands |`,
    '',
  );
  return out.join('\n');
}

/** Every report's lines with their ids and definitions, printed from the same data the engine evaluates. */
export function reportDefinitions(reports: readonly Scheme[]): string {
  const out = ['# peerkit report definitions', '', 'Generated from the report definitions in `core/schemes/` (`peerkit dictionary`); do not edit by hand.', ''];
  for (const report of reports) {
    const table = (lines: readonly Scheme['lines'][number][]) => {
      out.push('| id | line | how it is counted |', '|---|---|---|');
      for (const i of lines) out.push(`| \`${i.id}\` | ${cell(i.label)} | ${cell(i.definition)} |`);
      out.push('');
    };
    out.push(`## ${report.title} (\`--scheme ${report.id}\`)`, '', report.subtitle, '');
    table(report.lines.filter((i) => i.group === undefined));
    // Lines under a heading of their own (Also recorded) follow, as the report shows them.
    for (const [heading, note] of Object.entries(report.groups ?? {})) {
      out.push(`### ${heading}`, '', note, '');
      table(report.lines.filter((i) => i.group === heading));
    }
  }
  return out.join('\n');
}
