/**
 * Due for release: the women due out in the next six weeks, what her Release
 * planning record says (chosen GP practice, GP registration, the services she will
 * need), and what is still missing for each (destination, GP practice, GP
 * registration, current directory entries for her area, the release pack), flagged
 * red, amber or green.
 *
 * It names women: it is the manager's working list inside the spreadsheet that
 * already holds their records. It must never reach a log or a report. A woman who
 * has withdrawn her consent is not on it at all (data contract §8).
 */
import type { Dataset, DataRecord } from '../../core/dataset.js';
import { addDays } from '../../core/dates.js';
import { SERVICE_TYPES } from '../../core/schemes/contract/vocabulary.js';
import { buildPack, consentWithdrawn, latestBy, packSources, type Pack } from '../../core/packs.js';
import { dateValue, type ViewRow } from './view-values.js';

const RELEASE_WINDOW_DAYS = 42;
/** Something still missing this close to release is red; further out it is amber. */
const RED_WITHIN_DAYS = 14;

/** Registration under way or done, as Releases (after) or Release planning (before) records it. */
const GP_REGISTRATION_STARTED = new Set(['Registered before release', 'Registered', 'Registration started']);

export const DUE_FOR_RELEASE_HEADER = [
  'Status',
  'Expected release',
  'Days left',
  'Prison number',
  'Name',
  'Destination',
  'GP practice identified',
  'Chosen GP practice',
  'GP registration',
  'Services she will need',
  ...SERVICE_TYPES,
  'Pack given',
  'Still to do',
];

/**
 * Women expected out within the window who are not yet released. A woman who
 * declined peer support, or has withdrawn her consent, is left out (no contact, no
 * pack, and her name leaves the view); a blank consent is listed, with recording
 * it as something to do.
 */
function womenDue(dataset: Dataset, asOf: string, withinDays: number): DataRecord[] {
  const until = addDays(asOf, withinDays);
  const released = new Set(
    (dataset.records.releases ?? []).filter((r) => String(r.values.releaseDate) <= asOf).map((r) => String(r.values.prisonNumber)),
  );
  return [...(dataset.registered.women?.values() ?? [])]
    .filter((w) => {
      const expected = w.values.expectedReleaseDate;
      return (
        typeof expected === 'string' &&
        expected >= asOf &&
        expected <= until &&
        !released.has(String(w.values.prisonNumber)) &&
        w.values.consentPeerSupport !== 'No' &&
        !consentWithdrawn(w, asOf)
      );
    })
    .sort(
      (a, b) =>
        String(a.values.expectedReleaseDate).localeCompare(String(b.values.expectedReleaseDate)) ||
        String(a.values.prisonNumber).localeCompare(String(b.values.prisonNumber)),
    );
}

/** A practice chosen on her Release planning record is one identified, whatever the contacts say. */
function practiceIdentified(pack: Pack): boolean {
  return Boolean(pack.plan?.gpPractice) || pack.gpPracticeIdentified === 'Yes';
}

function outstandingSteps(pack: Pack, given: string | null, consentRecorded: boolean): string[] {
  const outstanding: string[] = [];
  if (!consentRecorded) outstanding.push('record consent to peer support');
  if (!pack.destinationKnown) outstanding.push('find out where she is going');
  if (!practiceIdentified(pack)) outstanding.push('identify a GP practice');
  if (!pack.gpRegistration || !GP_REGISTRATION_STARTED.has(pack.gpRegistration)) outstanding.push('start GP registration');
  const missing = pack.sections.filter((s) => !s.hasCurrent).map((s) => s.serviceType);
  if (pack.destinationKnown && missing.length > 0) outstanding.push(`find current entries for: ${missing.join(', ')}`);
  if (given !== 'Yes') outstanding.push('give the release pack');
  return outstanding;
}

export function dueForReleaseView(dataset: Dataset, asOf: string, withinDays = RELEASE_WINDOW_DAYS): ViewRow[] {
  const sources = packSources(dataset, asOf);
  // Her latest Releases answer to "Release pack given", looked up once for all of them.
  const packGiven = latestBy(dataset.records.releases ?? [], 'releaseDate', (r) => r.values.releasePackGiven !== null);
  const rows: ViewRow[] = [DUE_FOR_RELEASE_HEADER];
  for (const woman of womenDue(dataset, asOf, withinDays)) {
    const pack = buildPack(woman, sources);
    const latestGiven = packGiven.get(pack.prisonNumber);
    const given = latestGiven ? String(latestGiven.values.releasePackGiven) : null;
    const outstanding = outstandingSteps(pack, given, woman.values.consentPeerSupport === 'Yes');
    const status = outstanding.length === 0 ? 'Green' : (pack.daysToRelease ?? 0) <= RED_WITHIN_DAYS ? 'Red' : 'Amber';
    rows.push([
      status,
      dateValue(pack.expectedReleaseDate),
      pack.daysToRelease,
      pack.prisonNumber,
      `${pack.firstName} ${pack.lastName}`,
      pack.destinationArea ?? 'Not known',
      pack.plan?.gpPractice ? 'Yes' : pack.gpPracticeIdentified,
      pack.plan?.gpPractice ? pack.gpPractice : null,
      pack.gpRegistration,
      pack.plan ? pack.plan.servicesNeeded.join(', ') : null,
      // By type, in the header's order: a pack's sections follow her plan's order.
      ...SERVICE_TYPES.map((type) => {
        const s = pack.sections.find((x) => x.serviceType === type)!;
        return s.hasCurrent ? 'Current' : s.entries.length > 0 ? 'Stale' : 'None';
      }),
      given,
      outstanding.join('; '),
    ]);
  }
  return rows;
}
