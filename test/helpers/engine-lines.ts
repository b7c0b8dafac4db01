/** A report's lines as `peerkit report --format json` gives them, in the shape the compiled SQL returns (null where a line has none). */
import { evaluateReport, reportJson } from '../../core/report.js';
import type { ReportData } from '../../core/report-lines.js';
import type { Period } from '../../core/quarters.js';
import type { Scheme } from '../../core/scheme.js';

export interface LineValues {
  id: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

export function engineLines(scheme: Scheme, data: ReportData, period: Period): LineValues[] {
  return reportJson(evaluateReport(scheme, data, period)).metrics.map((m) => ({
    id: m.id,
    value: m.value,
    numerator: 'numerator' in m ? (m.numerator ?? null) : null,
    denominator: 'denominator' in m ? (m.denominator ?? null) : null,
  }));
}
