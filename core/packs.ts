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

interface PackSection {
  serviceType: ServiceType;
  /** A stable key for templates: gp, dental, talking-therapies, crisis, womens-centre, domestic-abuse. */
  key: string;
  entries: ServiceEntry[];
  /** At least one entry verified recently. */
  hasCurrent: boolean;
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
  gpPractice: string | null;
  gpPracticeIdentified: string | null;
  gpRegistration: string | null;
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
      .sort((a, b) => Number(a.national) - Number(b.national) || Number(a.stale) - Number(b.stale) || a.name.localeCompare(b.name));
    return { serviceType, key: SERVICE_SLUGS[serviceType], entries, hasCurrent: entries.some((e) => !e.stale) };
  });
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
 * The women a pack is for: expected out within the window, not yet released, and
 * who consented to peer support. A blank consent is not consent.
 */
export function womenDue(dataset: Dataset, options: DueOptions): DataRecord[] {
  const until = addDays(options.asOf, options.withinDays);
  const released = releasedBy(dataset, options.asOf);
  return [...(dataset.registered.women?.values() ?? [])]
    .filter((w) => {
      const expected = textOf(w.values.expectedReleaseDate);
      return expected !== null && expected >= options.asOf && expected <= until && !released.has(String(w.values.prisonNumber)) && w.values.consentPeerSupport === 'Yes';
    })
    .sort((a, b) => String(a.values.expectedReleaseDate).localeCompare(String(b.values.expectedReleaseDate)) || String(a.values.prisonNumber).localeCompare(String(b.values.prisonNumber)));
}

/** One woman by prison number; refuses one who declined, without naming her. */
export function womanByPrisonNumber(dataset: Dataset, prisonNumber: string): DataRecord {
  const id = normaliseIdentifier(prisonNumber);
  const woman = dataset.registered.women?.get(id);
  if (!woman) throw new UserError('no Women row has that prison number');
  if (woman.values.consentPeerSupport !== 'Yes') {
    throw new UserError('that woman has not consented to peer support, so no pack is written for her');
  }
  return woman;
}

function latest(records: readonly DataRecord[], dateKey: string): DataRecord | undefined {
  return records.reduce<DataRecord | undefined>((best, r) => (!best || String(r.values[dateKey]) >= String(best.values[dateKey]) ? r : best), undefined);
}

export function buildPack(woman: DataRecord, dataset: Dataset, directory: readonly ServiceEntry[], asOf: string): Pack {
  const id = String(woman.values.prisonNumber);
  const release = latest((dataset.records.releases ?? []).filter((r) => r.values.prisonNumber === id), 'releaseDate');
  const contact = latest((dataset.records.contacts ?? []).filter((r) => r.values.prisonNumber === id && r.values.gpPracticeIdentified !== null), 'contactDate');
  const destination = textOf(release?.values.destinationArea) ?? textOf(woman.values.destinationArea);
  const destinationKnown = destination !== null && areaKey(destination) !== NOT_KNOWN;
  const expected = textOf(woman.values.expectedReleaseDate);
  return {
    prisonNumber: id,
    firstName: String(woman.values.firstName),
    lastName: String(woman.values.lastName),
    expectedReleaseDate: expected,
    releaseDateConfirmed: woman.values.releaseDateConfirmed === 'Yes',
    daysToRelease: expected ? daysBetween(asOf, expected) : null,
    destinationArea: destinationKnown ? destination : null,
    destinationKnown,
    gpPractice: textOf(release?.values.gpPractice),
    gpPracticeIdentified: textOf(contact?.values.gpPracticeIdentified),
    gpRegistration: textOf(release?.values.gpRegistration),
    sections: sectionsFor(directory, destinationKnown ? destination : null),
  };
}

interface DestinationGaps {
  destination: string;
  womenDue: number;
  /** Service types with no current entry (area or national). */
  missing: ServiceType[];
  /** Entries for this destination (or national) not verified recently. */
  stale: ServiceEntry[];
}

/** The coordinator's worklist: for each destination with women due, the enquiries to make. */
export function gapsList(packs: readonly Pack[]): DestinationGaps[] {
  const byDestination = new Map<string, Pack[]>();
  for (const pack of packs) {
    const name = pack.destinationArea ?? 'Not known';
    byDestination.set(name, [...(byDestination.get(name) ?? []), pack]);
  }
  return [...byDestination.entries()]
    .map(([destination, due]) => {
      const sections = due[0]!.sections;
      const stale = sections.flatMap((s) => s.entries.filter((e) => e.stale));
      return { destination, womenDue: due.length, missing: sections.filter((s) => !s.hasCurrent).map((s) => s.serviceType), stale };
    })
    .sort((a, b) => b.womenDue - a.womenDue || a.destination.localeCompare(b.destination));
}
