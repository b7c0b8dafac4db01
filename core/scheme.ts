import type { FormDefinition } from './form.js';
import type { Dataset, DataIssue } from './dataset.js';
import type { CohortDefinition, ReportLine, Params } from './report-lines.js';

/** A report a scheme owes its commissioner: its lines are data, evaluated by one engine. */
export interface Scheme {
  /** The `--scheme` name, e.g. `perinatal`. */
  id: string;
  /** The report's title in the contract's own words. */
  title: string;
  /** Who the report is for and under which contract, shown under the title. */
  subtitle: string;
  /** Values the indicators' `{ param }` operands take, e.g. `{ scheme: 'Perinatal' }`. */
  params: Params;
  lines: readonly ReportLine[];
  /** Cohorts that outcome lines (percentages) are about, by name. */
  cohorts?: Readonly<Record<string, CohortDefinition>>;
  /** The forms of the workbook this scheme uses. */
  forms: readonly FormDefinition[];
  /** The Handlebars template that renders it (in templates/). */
  template: string;
  /** The line the dashboard's chart follows over the quarters (who was supported), and its short name there. */
  trend?: { line: string; label: string };
  /** The scheme's own rules for `peerkit check` (a mentor's pathway, a buddy's hours), as warnings. */
  checks?: (dataset: Dataset, asOf: string) => DataIssue[];
}
