/**
 * The sample workbook: every registered scheme's tabs, in the registry's order
 * (formsOf(SCHEMES)). A scheme may name a tab generator below; a scheme without one
 * (a new scheme is one folder and one registry line) gets its tabs with their
 * header row only, so every command still finds them. Each generator
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

/** The schemes' tab generators; schemes that share forms share one, and it runs once. */
const TAB_GENERATORS: Partial<Record<SchemeId, TabGenerator>> = {
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
  for (const generate of new Set(SCHEMES.flatMap((scheme) => TAB_GENERATORS[scheme.id] ?? []))) {
    for (const tab of generate(seed, scale)) {
      if (made.has(tab.name)) throw new Error(`sample generator: two generators make the tab "${tab.name}"`);
      made.set(tab.name, tab);
    }
  }
  const forms = formsOf(SCHEMES);
  const tabs = forms.map((form) => made.get(form.tab) ?? { name: form.tab, header: form.questions.map((q) => q.title), rows: [] });
  const stray = [...made.keys()].find((name) => !forms.some((f) => f.tab === name));
  if (stray !== undefined) throw new Error(`sample generator: a generator makes the tab "${stray}", which no registered form declares`);
  return { origin: 'sample workbook', timeZone: 'Europe/London', locale: 'en_GB', tabs };
}
