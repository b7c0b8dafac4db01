/** `peerkit dictionary`: the data dictionary as Markdown. */
import type { Command } from '../command.js';
import { dataDictionary, reportDefinitions } from '../../core/dictionary.js';
import { formsOf, SCHEMES } from '../../core/schemes/index.js';
import type { FormDefinition } from '../../core/form.js';
import { stringOption as str } from '../options.js';
import { writeFileSync } from 'node:fs';
import { shownPath } from '../output.js';

/** Every scheme's forms, each once, in registry order. */
export function allForms(): FormDefinition[] {
  return formsOf(SCHEMES);
}

export const dictionaryCommand: Command = {
  name: 'dictionary',
  summary: 'print the data dictionary (every tab, column, type and rule) as Markdown',
  help: `Usage: peerkit dictionary [--reports] [--out FILE]

Prints every tab and column of the workbook with its type and rule, from the
same declarations that check the rows; with --reports, every report line with its
id and how it is counted, from the definitions the engine evaluates. --out writes
it to a file instead.`,
  options: { out: { type: 'string' }, reports: { type: 'boolean' } },
  async run(values, io) {
    const text = values.reports ? reportDefinitions(SCHEMES) : dataDictionary(allForms());
    const out = str(values.out);
    if (out === undefined || out === '-') {
      io.write(text);
      return;
    }
    writeFileSync(out, text);
    io.out(`Wrote the ${values.reports ? 'report definitions' : 'data dictionary'} to ${shownPath(out)}`);
  },
};
