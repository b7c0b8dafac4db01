/**
 * The registry of schemes: one line per scheme folder. Everything that serves
 * "every scheme" — `--scheme`, the configuration file's `schemes`, the sample
 * workbook, Apps Script set-up, the data dictionary and docs — reads this list.
 */
import { UserError } from '../errors.js';
import type { FormDefinition } from '../form.js';
import type { Scheme } from '../scheme.js';
import { perinatalScheme, reconnectScheme } from './contract/report.js';
import { ewbScheme } from './ewb/report.js';
import { buddiesScheme } from './buddies/report.js';
import { liaisonScheme } from './liaison/report.js';
import { hcvScheme } from './hcv/report.js';

export const SCHEMES = [perinatalScheme, reconnectScheme, ewbScheme, buddiesScheme, liaisonScheme, hcvScheme] as const;

/** A registered scheme's `--scheme` name. */
export type SchemeId = (typeof SCHEMES)[number]['id'];

export function findScheme(id: string): Scheme {
  const scheme = SCHEMES.find((s) => s.id === id.trim().toLowerCase());
  if (!scheme) throw new UserError(`unknown scheme "${id}": choose one of ${SCHEMES.map((s) => s.id).join(', ')}`);
  return scheme;
}

/** The forms the given schemes read, each once (schemes may share tabs), in order. */
export function formsOf(schemes: readonly Scheme[]): FormDefinition[] {
  return [...new Map(schemes.flatMap((s) => s.forms).map((f): [string, FormDefinition] => [f.id, f])).values()];
}
