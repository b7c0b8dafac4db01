/**
 * The site id an export's rows carry in their `site` column (data contract §9). One
 * function, so that a configuration of several sites can replace it: for now a
 * configuration names one site, whose id is its name made a key
 * (`HMP Example` → `hmp_example`), or `site` where it names none.
 */
import type { Config } from '../../core/config.js';
import { exportKey } from '../../core/export-schema.js';

export function exportSiteId(config: Pick<Config, 'site'>): string {
  return exportKey(config.site ?? '').replace(/^_+|_+$/g, '') || 'site';
}
