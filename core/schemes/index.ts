/** The registry of reports peerkit can write: `--scheme <id>` looks them up here. */
import { UserError } from '../errors.js';
import { perinatalScheme, reconnectScheme } from './contract/report.js';
import { ewbScheme } from './ewb/report.js';
import { buddiesScheme } from './buddies/report.js';
import { liaisonScheme } from './liaison/report.js';
import { hcvScheme } from './hcv/report.js';
import type { Scheme } from '../scheme.js';
import type { FormDefinition } from '../form.js';

export const SCHEMES: readonly Scheme[] = [perinatalScheme, reconnectScheme, ewbScheme, buddiesScheme, liaisonScheme, hcvScheme];

export function findScheme(id: string): Scheme {
  const report = SCHEMES.find((r) => r.id === id.trim().toLowerCase());
  if (!report) throw new UserError(`unknown scheme "${id}": choose one of ${SCHEMES.map((r) => r.id).join(', ')}`);
  return report;
}

/** The forms the given schemes read, each once (schemes may share tabs), in order. */
export function formsOf(reports: readonly Scheme[]): FormDefinition[] {
  return [...new Map(reports.flatMap((r) => r.forms).map((f): [string, FormDefinition] => [f.id, f])).values()];
}
