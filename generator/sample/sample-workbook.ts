/**
 * The sample workbook: every registered scheme's tabs, in the registry's order
 * (formsOf(SCHEMES)). Each scheme names its tab generator below; the table is keyed
 * by SchemeId, so registering a scheme without one does not compile. Each generator
 * draws from its own random stream, so one scheme's tabs are the same, byte for
 * byte, whatever other schemes are registered beside it.
 */
import { formsOf, SCHEMES, type SchemeId } from '../../core/schemes/index.js';
import type { RawWorkbook, Tab } from '../../core/workbook.js';
import { makeContractTabs } from './contract.js';
import { makeEwbTabs } from './ewb.js';
import { makeBuddyTabs } from './buddies.js';
import { makeLiaisonTabs } from './liaison.js';
import { makeHcvTabs } from './hcv.js';

interface SampleOptions {
  /** Multiplies the volumes; 1 is a realistic single site. Default 1. */
  scale?: number;
  /** Another seed gives other fictional data. Default 20210102. */
  seed?: number;
}

const DEFAULT_SEED = 20210102;

/** Makes the tabs of a scheme's forms (all of them, and only them) from a seed, at a scale. */
type TabGenerator = (seed: number, scale: number) => Tab[];

/** Each scheme's tab generator; schemes that share forms share one, and it runs once. */
const TAB_GENERATORS: Record<SchemeId, TabGenerator> = {
  perinatal: makeContractTabs,
  reconnect: makeContractTabs,
  ewb: makeEwbTabs,
  buddies: makeBuddyTabs,
  liaison: makeLiaisonTabs,
  hcv: makeHcvTabs,
};

export function generateSampleWorkbook(options: SampleOptions = {}): RawWorkbook {
  const scale = options.scale ?? 1;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`sample scale must be a positive number, not ${scale}`);
  if (!Number.isInteger(seed)) throw new Error(`sample seed must be a whole number, not ${seed}`);
  const made = new Map<string, Tab>();
  for (const generate of new Set(SCHEMES.map((scheme) => TAB_GENERATORS[scheme.id]))) {
    for (const tab of generate(seed, scale)) {
      if (made.has(tab.name)) throw new Error(`sample generator: two generators make the tab "${tab.name}"`);
      made.set(tab.name, tab);
    }
  }
  const forms = formsOf(SCHEMES);
  const tabs = forms.map((form) => {
    const tab = made.get(form.tab);
    if (!tab) throw new Error(`sample generator: nothing makes the tab "${form.tab}" of form "${form.id}"`);
    return tab;
  });
  if (made.size !== tabs.length) throw new Error('sample generator: a generator makes a tab that no registered form declares');
  return { origin: 'sample workbook', timeZone: 'Europe/London', locale: 'en_GB', tabs };
}
