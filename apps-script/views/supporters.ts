/**
 * The peer supporters: who is in role, for how long (the contract's guiding
 * principle is two years, so that lived experience stays recent), which of the
 * four core training topics each has attended, and when each was last supervised.
 */
import { textOf } from '../../core/validate.js';
import { DateTime } from 'luxon';
import type { Dataset, DataRecord } from '../../core/dataset.js';
import { addDays } from '../../core/dates.js';
import { CORE_TRAINING_TOPICS } from '../../core/schemes/contract/vocabulary.js';
import { dateValue, type ViewRow } from './view-values.js';

const ROLE_REVIEW_MONTHS = 24;
/** No supervision for longer than a quarter is flagged. */
const SUPERVISION_GAP_DAYS = 92;

export const SUPPORTERS_HEADER = [
  'Supporter ID',
  'Name',
  'Schemes',
  'Role',
  'Start date',
  'End date',
  'In role',
  'Months in role',
  ...CORE_TRAINING_TOPICS.map((t) => `Trained: ${t}`),
  'Last supervision',
  'Flags',
];


/** In role on `asOf`: started by then, and no end date before it. */
function inRole(supporter: DataRecord, asOf: string): boolean {
  const start = textOf(supporter.values.startDate);
  const end = textOf(supporter.values.endDate);
  return start !== null && start <= asOf && (end === null || end >= asOf);
}

function wholeMonths(from: string, to: string): number {
  const months = DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'months').months;
  return Math.max(0, Math.floor(months));
}

/** For each supporter, the latest date (up to asOf) of each value found on sessions they attended. */
function latestBySupporter(records: readonly DataRecord[], asOf: string, keysOf: (r: DataRecord) => string[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const r of records) {
    const date = textOf(r.values.sessionDate);
    const attendees = r.values.attendees;
    if (date === null || date > asOf || !Array.isArray(attendees)) continue;
    for (const id of attendees) {
      const latest = out.get(id) ?? new Map<string, string>();
      for (const key of keysOf(r)) if ((latest.get(key) ?? '') < date) latest.set(key, date);
      out.set(id, latest);
    }
  }
  return out;
}

export function supportersView(dataset: Dataset, asOf: string): ViewRow[] {
  const training = latestBySupporter(dataset.records.training ?? [], asOf, (r) => (Array.isArray(r.values.topics) ? r.values.topics : []));
  const supervision = latestBySupporter(dataset.records.supervision ?? [], asOf, () => ['supervision']);
  const supervisedSince = addDays(asOf, -SUPERVISION_GAP_DAYS);

  const supporters = [...(dataset.registered.supporters?.values() ?? [])].sort(
    (a, b) => Number(inRole(b, asOf)) - Number(inRole(a, asOf)) || String(a.values.supporterId).localeCompare(String(b.values.supporterId)),
  );
  const rows: ViewRow[] = [SUPPORTERS_HEADER];
  for (const s of supporters) {
    const id = String(s.values.supporterId);
    const active = inRole(s, asOf);
    const start = textOf(s.values.startDate);
    const end = textOf(s.values.endDate);
    const months = start === null ? null : wholeMonths(start, end !== null && end < asOf ? end : asOf);
    const trained = training.get(id) ?? new Map<string, string>();
    const lastSupervision = supervision.get(id)?.get('supervision') ?? null;

    const flags: string[] = [];
    if (active) {
      if (months !== null && months >= ROLE_REVIEW_MONTHS) flags.push(`${ROLE_REVIEW_MONTHS} months or more in role: review`);
      const untrained = CORE_TRAINING_TOPICS.filter((t) => !trained.has(t));
      if (untrained.length > 0) flags.push(`core training not attended: ${untrained.join(', ')}`);
      if (lastSupervision === null) flags.push('no supervision recorded');
      else if (lastSupervision < supervisedSince) flags.push(`no supervision for over ${SUPERVISION_GAP_DAYS} days`);
    }
    rows.push([
      id,
      textOf(s.values.name),
      Array.isArray(s.values.schemes) ? s.values.schemes.join(', ') : null,
      textOf(s.values.role),
      dateValue(start),
      dateValue(end),
      active ? 'Yes' : 'No',
      months,
      ...CORE_TRAINING_TOPICS.map((t) => dateValue(trained.get(t))),
      dateValue(lastSupervision),
      flags.join('; '),
    ]);
  }
  return rows;
}
