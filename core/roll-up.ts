/**
 * A roll-up of several sites (data contract §9): their rows pooled for the one
 * engine. Pooling needs the sites to place rows in the same quarters, so a site in
 * another time zone, or with other quarters, is refused with both sites named.
 */
import type { Dataset } from './dataset.js';
import { UserError } from './errors.js';
import type { PooledSites } from './report-lines.js';
import type { Settings } from './settings.js';

/** The settings that place a row in a quarter: the time zone a date is read in, and which quarters (contract quarters count from the contract start). */
function quarterSettings(settings: Settings): { setting: string; value: string }[] {
  return [
    { setting: 'timeZone', value: settings.timeZone },
    { setting: 'quarters', value: settings.quarters },
    ...(settings.quarters === 'contract' ? [{ setting: 'contractStart', value: settings.contractStart }] : []),
  ];
}

const WORDS: Record<string, string> = { timeZone: 'time zone', quarters: 'quarters', contractStart: 'contract start' };

/** The sites' rows pooled; a UserError naming two sites whose time zone or quarters differ. */
export function rollUp(sites: readonly { id: string; dataset: Dataset }[]): PooledSites {
  const [first, ...others] = sites;
  if (!first) throw new Error('A roll-up needs at least one site');
  const expected = quarterSettings(first.dataset.settings);
  for (const site of others) {
    const differs = quarterSettings(site.dataset.settings).find((s, i) => s.setting !== expected[i]?.setting || s.value !== expected[i]!.value);
    if (!differs) continue;
    // The two lists agree up to the setting that differs, so the first site has it too.
    const mine = expected.find((s) => s.setting === differs.setting)!.value;
    const word = WORDS[differs.setting]!;
    throw new UserError(
      `cannot roll up: site "${first.id}" has ${word} ${mine} and site "${site.id}" ${differs.value}; a roll-up counts every site in the same quarters, so give them the same "${differs.setting}" (or report each with --site <id>)`,
    );
  }
  return { sites };
}
