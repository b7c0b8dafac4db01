/** The registry of reports peerkit can write: `--scheme <id>` looks them up here. */
import { UserError } from '../errors.js';
import { perinatalReport, reconnectReport } from './contract/report.js';
import { ewbReport } from './ewb/report.js';
import { buddiesReport } from './buddies/report.js';
import { liaisonReport } from './liaison/report.js';
import { hcvReport } from './hcv/report.js';
import type { ReportDefinition } from '../scheme.js';
import type { FormDefinition } from '../form.js';

export const REPORTS: readonly ReportDefinition[] = [perinatalReport, reconnectReport, ewbReport, buddiesReport, liaisonReport, hcvReport];

export function findReport(id: string): ReportDefinition {
  const report = REPORTS.find((r) => r.id === id.trim().toLowerCase());
  if (!report) throw new UserError(`unknown scheme "${id}": choose one of ${REPORTS.map((r) => r.id).join(', ')}`);
  return report;
}

/** The forms the given schemes read, each once (schemes may share tabs), in order. */
export function formsOf(reports: readonly ReportDefinition[]): FormDefinition[] {
  return [...new Map(reports.flatMap((r) => r.forms).map((f): [string, FormDefinition] => [f.id, f])).values()];
}
