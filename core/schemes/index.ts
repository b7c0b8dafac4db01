/** The registry of reports peerkit can write: `--scheme <id>` looks them up here. */
import { UserError } from '../errors.js';
import { perinatalReport, reconnectReport } from './contract.js';
import type { ReportDefinition } from './types.js';

export const REPORTS: readonly ReportDefinition[] = [perinatalReport, reconnectReport];

export function findReport(id: string): ReportDefinition {
  const report = REPORTS.find((r) => r.id === id.trim().toLowerCase());
  if (!report) throw new UserError(`unknown scheme "${id}": choose one of ${REPORTS.map((r) => r.id).join(', ')}`);
  return report;
}
