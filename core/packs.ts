/**
 * Release packs (contract part 2, iv–v): for each woman due out, what she needs to
 * know about health services where she is going, from the services directory,
 * with stale entries marked and gaps listed for the coordinator to chase.
 */
import type { Dataset, DataRecord } from './dataset.js';
import { SERVICE_SLUGS, SERVICE_TYPES, type ServiceType } from './schemes/contract/vocabulary.js';
import { addDays, daysBetween } from './dates.js';
import { normaliseIdentifier, textOf } from './validate.js';
import { UserError } from './errors.js';
import { normaliseHeader } from './workbook.js';

/** An Area that applies to every destination (national helplines). */
const NATIONAL = 'national';
const NOT_KNOWN = 'not known';

interface ServiceEntry {
  row: number;
  area: string;
  national: boolean;
  serviceType: ServiceType;
  name: string;
  address: string | null;
  phone: string | null;
  website: string | null;
  howToAccess: string | null;
  lastVerified: string | null;
  /** Not verified within the stale-after setting (or never). */
  stale: boolean;
}

/** A directory entry as a pack lists it: her chosen practice is marked. */
interface PackEntry extends ServiceEntry {
  chosen: boolean;
}

interface PackSection {
  serviceType: ServiceType;
  /** A stable key for templates: gp, dental, talking-therapies, crisis, womens-centre, domestic-abuse. */
  key: string;
  entries: PackEntry[];
  /** At least one entry verified recently. */
  hasCurrent: boolean;
  /** GP section only: her chosen practice when no Services entry has its name, to be named with no details. */
  unlistedChoice?: string;
}

/** What packs and the Due for release view use of her Release planning record (data contract §1), merged by prison number. */
interface ReleasePlan {
  gpPractice: string | null;
  gpRegistration: string | null;
  /** In the order of the six types. */
  servicesNeeded: ServiceType[];
}

export interface Pack {
  prisonNumber: string;
  firstName: string;
  lastName: string;
  expectedReleaseDate: string | null;
  releaseDateConfirmed: boolean;
  daysToRelease: number | null;
  destinationArea: string | null;
  destinationKnown: boolean;
  /** Her chosen GP practice: Release planning's, else the one on her latest Releases row. */
  gpPractice: string | null;
  /** The latest Contacts answer to "GP practice identified". */
  gpPracticeIdentified: string | null;
  /** Release planning's GP registration, else her latest Releases row's. */
  gpRegistration: string | null;
  /** Where her GP registration stands, from gpRegistration (Release planning's words or the Releases tab's). */
  gpRegistrationStage: 'registered' | 'started' | 'not started';
  /** Null when she has no Release planning row: her pack is then as it was before the form. */
  plan: ReleasePlan | null;
  /** Her chosen practice's directory entry (also first in the GP section), for page 1. */
  practice: PackEntry | null;
  /** The crisis line page 1 names: a current one with a phone number, her area's before a national one. */
  crisisLine: ServiceEntry | null;
  /** The services she will need first (in the six types' order), then the rest. */
  sections: PackSection[];
}

/** Areas match as tab names do: trimmed, spaces collapsed, any case. */
const areaKey = normaliseHeader;

export function readDirectory(dataset: Dataset, asOf: string): ServiceEntry[] {
  const staleBefore = addDays(asOf, -dataset.settings.staleAfterDays);
  return (dataset.records.services ?? []).map((r) => {
    const lastVerified = textOf(r.values.lastVerified);
    return {
      row: r.row,
      area: String(r.values.area),
      national: areaKey(String(r.values.area)) === NATIONAL,
      serviceType: r.values.serviceType as ServiceType,
      name: String(r.values.name),
      address: textOf(r.values.address),
      phone: textOf(r.values.phone),
      website: textOf(r.values.website),
      howToAccess: textOf(r.values.howToAccess),
      lastVerified,
      stale: lastVerified === null || lastVerified < staleBefore,
    };
  });
}

/** The directory's sections for one destination: its own entries first, then national ones. */
function sectionsFor(directory: readonly ServiceEntry[], destination: string | null): PackSection[] {
  const key = destination ? areaKey(destination) : null;
  return SERVICE_TYPES.map((serviceType) => {
    const entries = directory
      .filter((e) => e.serviceType === serviceType && ((key !== null && areaKey(e.area) === key) || e.national))
      .sort((a, b) => Number(a.national) - Number(b.national) || Number(a.stale) - Number(b.stale) || a.name.localeCompare(b.name))
      .map((e) => ({ ...e, chosen: false }));
    return { serviceType, key: SERVICE_SLUGS[serviceType], entries, hasCurrent: entries.some((e) => !e.stale) };
  });
}

/**
 * What every pack reads, gathered once: her latest Releases row and latest Contacts
 * row naming a GP practice by prison number, and each destination's sections. Looking
 * them up per woman instead went through every row of both tabs for each pack (25,000
 * packs of the 100× sample took ten minutes).
 */
export interface PackSources {
  dataset: Dataset;
  asOf: string;
  directory: readonly ServiceEntry[];
  latestRelease: ReadonlyMap<string, DataRecord>;
  latestGpContact: ReadonlyMap<string, DataRecord>;
  /** By destination key; packs only read them (personalise copies what it changes). */
  sections: Map<string | null, PackSection[]>;
}

export function packSources(dataset: Dataset, asOf: string): PackSources {
  return {
    dataset,
    asOf,
    directory: readDirectory(dataset, asOf),
    latestRelease: latestBy(dataset.records.releases ?? [], 'releaseDate', () => true),
    latestGpContact: latestBy(dataset.records.contacts ?? [], 'contactDate', (r) => r.values.gpPracticeIdentified !== null),
    sections: new Map(),
  };
}

function sectionsOf(sources: PackSources, destination: string | null): PackSection[] {
  const key = destination ? areaKey(destination) : null;
  let sections = sources.sections.get(key);
  if (!sections) sources.sections.set(key, (sections = sectionsFor(sources.directory, destination)));
  return sections;
}

/** Practice names match as the contract says: trimmed, any case (runs of spaces as one, as areas do). */
const practiceKey = normaliseHeader;

/**
 * The GP entry named as her chosen practice, from any area (a practice over the
 * county line is still hers): her destination's before another area's, a current
 * one before a stale one.
 */
function findPractice(directory: readonly ServiceEntry[], destination: string | null, name: string): ServiceEntry | undefined {
  const wanted = practiceKey(name);
  const home = destination === null ? null : areaKey(destination);
  const atHome = (e: ServiceEntry) => Number(areaKey(e.area) === home);
  return directory
    .filter((e) => e.serviceType === 'GP' && practiceKey(e.name) === wanted)
    .sort((a, b) => atHome(b) - atHome(a) || Number(a.stale) - Number(b.stale) || a.row - b.row)[0];
}

/**
 * Her sections, personalised by her plan: her chosen practice first in the GP
 * section (by name alone when the directory lacks it), then the sections of the
 * services she will need first. Needs only reorder: the printed pack never says
 * which she needs, since one that says "domestic abuse support" may be read by
 * the wrong person.
 */
function personalise(sections: PackSection[], plan: ReleasePlan, practice: ServiceEntry | undefined): PackSection[] {
  const out = sections.map((s) => ({ ...s }));
  const gp = out.find((s) => s.serviceType === 'GP')!;
  if (practice) {
    gp.entries = [{ ...practice, chosen: true }, ...gp.entries.filter((e) => e.row !== practice.row)];
    gp.hasCurrent = gp.entries.some((e) => !e.stale);
  } else if (plan.gpPractice !== null) {
    gp.unlistedChoice = plan.gpPractice;
  }
  const needed = new Set(plan.servicesNeeded);
  return [...out.filter((s) => needed.has(s.serviceType)), ...out.filter((s) => !needed.has(s.serviceType))];
}

interface DueOptions {
  asOf: string;
  /** Expected release within this many days of asOf (inclusive). */
  withinDays: number;
}

function releasedBy(dataset: Dataset, asOf: string): Set<string> {
  return new Set(
    (dataset.records.releases ?? []).filter((r) => String(r.values.releaseDate) <= asOf).map((r) => String(r.values.prisonNumber)),
  );
}

/**
 * Whether she has withdrawn her consent by asOf (data contract §8): from that day
 * she gets no pack and leaves every view that names women.
 */
export function consentWithdrawn(woman: DataRecord, asOf: string): boolean {
  const withdrawn = textOf(woman.values.consentWithdrawnDate);
  return withdrawn !== null && withdrawn <= asOf;
}

/**
 * The women a pack is for: expected out within the window, not yet released, and
 * who consented to peer support and have not withdrawn it. A blank consent is not consent.
 */
export function womenDue(dataset: Dataset, options: DueOptions): DataRecord[] {
  const until = addDays(options.asOf, options.withinDays);
  const released = releasedBy(dataset, options.asOf);
  return [...(dataset.registered.women?.values() ?? [])]
    .filter((w) => {
      const expected = textOf(w.values.expectedReleaseDate);
      return (
        expected !== null &&
        expected >= options.asOf &&
        expected <= until &&
        !released.has(String(w.values.prisonNumber)) &&
        w.values.consentPeerSupport === 'Yes' &&
        !consentWithdrawn(w, options.asOf)
      );
    })
    .sort((a, b) => String(a.values.expectedReleaseDate).localeCompare(String(b.values.expectedReleaseDate)) || String(a.values.prisonNumber).localeCompare(String(b.values.prisonNumber)));
}

/**
 * One woman by prison number. One who declined and one who withdrew her consent by
 * asOf are refused alike, in words that neither name her nor tell the two apart.
 */
export function womanByPrisonNumber(dataset: Dataset, prisonNumber: string, asOf: string): DataRecord {
  const id = normaliseIdentifier(prisonNumber);
  const woman = dataset.registered.women?.get(id);
  if (!woman) throw new UserError('no Women row has that prison number');
  if (woman.values.consentPeerSupport !== 'Yes' || consentWithdrawn(woman, asOf)) {
    throw new UserError('that woman has not consented to peer support (or has withdrawn her consent), so no pack is written for her');
  }
  return woman;
}

/**
 * Each person's latest row (by prison number) among those `keep` accepts: of rows on
 * the same date, the one further down the tab.
 */
export function latestBy(records: readonly DataRecord[], dateKey: string, keep: (r: DataRecord) => boolean): Map<string, DataRecord> {
  const latest = new Map<string, DataRecord>();
  for (const r of records) {
    if (!keep(r)) continue;
    const id = String(r.values.prisonNumber);
    const best = latest.get(id);
    if (!best || String(r.values[dateKey]) >= String(best.values[dateKey])) latest.set(id, r);
  }
  return latest;
}

function planOf(dataset: Dataset, prisonNumber: string): ReleasePlan | null {
  const record = dataset.registered.releasePlanning?.get(prisonNumber);
  if (!record) return null;
  const needed = (record.values.servicesNeeded as string[] | null) ?? [];
  return {
    gpPractice: textOf(record.values.gpPractice),
    gpRegistration: textOf(record.values.gpRegistration),
    servicesNeeded: SERVICE_TYPES.filter((t) => needed.includes(t)),
  };
}

/** Release planning says Registered or Registration started; the Releases tab, Registered before release. */
function registrationStage(answer: string | null): Pack['gpRegistrationStage'] {
  if (answer === 'Registered' || answer === 'Registered before release') return 'registered';
  return answer === 'Registration started' ? 'started' : 'not started';
}

export function buildPack(woman: DataRecord, sources: PackSources): Pack {
  const { dataset, directory, asOf } = sources;
  const id = String(woman.values.prisonNumber);
  const plan = planOf(dataset, id);
  const release = sources.latestRelease.get(id);
  const contact = sources.latestGpContact.get(id);
  const destination = textOf(release?.values.destinationArea) ?? textOf(woman.values.destinationArea);
  const destinationKnown = destination !== null && areaKey(destination) !== NOT_KNOWN;
  const expected = textOf(woman.values.expectedReleaseDate);
  const area = destinationKnown ? destination : null;
  const sections = sectionsOf(sources, area);
  const practice = plan?.gpPractice ? findPractice(directory, area, plan.gpPractice) : undefined;
  const gpRegistration = plan?.gpRegistration ?? textOf(release?.values.gpRegistration);
  const crisis = sections.find((s) => s.serviceType === 'Crisis mental health')!;
  return {
    prisonNumber: id,
    firstName: String(woman.values.firstName),
    lastName: String(woman.values.lastName),
    expectedReleaseDate: expected,
    releaseDateConfirmed: woman.values.releaseDateConfirmed === 'Yes',
    daysToRelease: expected ? daysBetween(asOf, expected) : null,
    destinationArea: destinationKnown ? destination : null,
    destinationKnown,
    // Spelt as the directory spells it when it is there.
    gpPractice: practice?.name ?? plan?.gpPractice ?? textOf(release?.values.gpPractice),
    gpPracticeIdentified: textOf(contact?.values.gpPracticeIdentified),
    gpRegistration,
    gpRegistrationStage: registrationStage(gpRegistration),
    plan,
    practice: practice ? { ...practice, chosen: true } : null,
    // Sections list her area's entries before national ones.
    crisisLine: crisis.entries.find((e) => !e.stale && e.phone !== null) ?? null,
    sections: plan ? personalise(sections, plan, practice) : sections,
  };
}

interface DestinationGaps {
  destination: string;
  /** False for the women whose destination is not known yet: their packs list national services only. */
  destinationKnown: boolean;
  womenDue: number;
  /** Service types with no current entry (area or national). */
  missing: ServiceType[];
  /** This destination's own entries not verified recently (national ones: nationalToCheck). */
  stale: ServiceEntry[];
}

/**
 * The coordinator's worklist: for each destination with women due, the enquiries to
 * make. From the directory, not from a pack: a pack's sections follow her plan.
 */
export function gapsList(packs: Iterable<Pick<Pack, 'destinationArea' | 'destinationKnown'>>, directory: readonly ServiceEntry[]): DestinationGaps[] {
  const byDestination = new Map<string, { area: string | null; known: boolean; due: number }>();
  for (const pack of packs) {
    const name = pack.destinationArea ?? 'Not known';
    const seen = byDestination.get(name);
    if (seen) seen.due++;
    else byDestination.set(name, { area: pack.destinationArea, known: pack.destinationKnown, due: 1 });
  }
  return [...byDestination.entries()]
    .map(([destination, { area, known, due }]) => {
      const sections = sectionsFor(directory, area);
      const stale = sections.flatMap((s) => s.entries.filter((e) => e.stale && !e.national));
      return {
        destination,
        destinationKnown: known,
        womenDue: due,
        missing: sections.filter((s) => !s.hasCurrent).map((s) => s.serviceType),
        stale,
      };
    })
    // The unknown destination last: its enquiry is where the women are going, not a service.
    .sort((a, b) => Number(b.destinationKnown) - Number(a.destinationKnown) || b.womenDue - a.womenDue || a.destination.localeCompare(b.destination));
}

/** National entries not verified recently: listed once, since every pack has them. */
export function nationalToCheck(directory: readonly ServiceEntry[]): ServiceEntry[] {
  return sectionsFor(directory, null).flatMap((s) => s.entries.filter((e) => e.stale));
}
