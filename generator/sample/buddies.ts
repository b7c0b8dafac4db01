/**
 * The sample workbook's social care buddies tabs (seed 003): seven to ten buddies
 * at a time, most of them paid, each supporting one or two people with social care
 * needs a few days a week; staff time, weekly pay, reviews with the people
 * supported every few months, and a handful of safeguarding concerns.
 *
 * Its own random stream: the other tabs are the same with or without it. Planted
 * for `peerkit check`: one buddy relied on for three weeks running, and another for
 * one week, beyond the weekly hours limit; and the mistakes at `plantBuddyMistakes`.
 */
import { CONCERN_CATEGORIES, SUPPORT_KINDS } from '../../core/schemes/buddies/forms.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import type { Tab } from '../../core/workbook.js';
import { dateText, dayOf, END, isWeekend, mondayOf, START } from './calendar.js';
import { stampWith, submitDayWith, weekdayWith } from './submission-times.js';
import { Random } from './random.js';
import { choicesOf, subsetTexts, TabRows } from './tab-rows.js';
import { FIRST_NAMES, LAST_NAMES, PRISON_NUMBER_BASES, prisonNumberAt } from './fictional-people.js';

interface Buddy {
  id: string;
  name: string;
  paid: boolean;
  /** £ per hour of buddy work. */
  rate: number;
  start: number;
  trained: number;
  end: number;
}

/** What each kind of need asks of a buddy: weights over SUPPORT_KINDS. */
const NEEDS: readonly (readonly number[])[] = [
  // Collecting meals, Cleaning cell, Laundry, Pushing wheelchair, Moving around, Company, Reading and writing, Canteen, Other
  [30, 10, 5, 35, 30, 10, 2, 8, 2], // uses a wheelchair
  [30, 25, 20, 0, 15, 15, 3, 10, 2], // frail, older
  [5, 5, 2, 0, 5, 35, 40, 8, 2], // learning disability, sight loss
];
const KIND_TEXT = subsetTexts(SUPPORT_KINDS);
const KIND = (kind: (typeof SUPPORT_KINDS)[number]) => 1 << SUPPORT_KINDS.indexOf(kind);
const QUARTER_HOURS = (n: number) => String(n / 4);
const money = (pounds: number) => (Math.round(pounds * 100) / 100).toFixed(2);

class BuddySample {
  private readonly r: Random;
  readonly buddies = new TabRows('buddies');
  readonly support = new TabRows('buddySupport');
  readonly staff = new TabRows('buddyStaffTime');
  readonly pay = new TabRows('buddyPay');
  readonly reviews = new TabRows('recipientReviews');
  readonly concerns = new TabRows('safeguarding');
  readonly team: Buddy[] = [];
  /** Hours logged by buddy and week (Monday's day number), for pay. */
  private readonly weekHours = new Map<string, number>();
  /** The buddies relied on beyond the limit: [buddy index, first Monday, weeks]. */
  readonly overworked: Array<[number, number, number]> = [];

  constructor(
    private readonly seed: number,
    private readonly scale: number,
  ) {
    this.r = new Random(seed ^ 0xb0dd1e5);
  }

  run(): Tab[] {
    this.makeBuddies();
    this.makeRecipients();
    this.makeOverwork();
    this.makePay();
    this.makeStaffTime();
    this.makeConcerns();
    plantBuddyMistakes(this, new Random(this.seed ^ 0xb0d));
    return [this.buddies.tab(), this.support.tab(), this.staff.tab(), this.pay.tab(), this.reviews.tab(), this.concerns.tab()];
  }

  // -- buddies -------------------------------------------------------------

  private makeBuddies(): void {
    const r = this.r;
    const count = Math.max(6, Math.round(15 * Math.sqrt(this.scale)));
    const initial = Math.max(4, Math.round(count * 0.45));
    const starts: number[] = [];
    for (let i = 0; i < count; i++) starts.push(i < initial ? dayOf(2020, 6, 1) + r.int(0, 180) : r.int(START + 30, END - 90));
    starts.sort((a, b) => a - b);
    const c = this.buddies.col;
    starts.forEach((start, i) => {
      const b: Buddy = {
        id: `B-${String(i + 1).padStart(3, '0')}`,
        name: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`,
        paid: r.chance(0.7),
        rate: [1.25, 1.5, 1.75][r.int(0, 2)]!,
        start,
        trained: r.chance(0.9) ? start + r.int(0, 28) : -1,
        end: -1,
      };
      // The first two stay throughout, so that someone can always be asked.
      if (i >= 2 && r.chance(0.4)) {
        const end = Math.max(start, START) + r.int(120, 500);
        if (end <= END - 14) b.end = end;
      }
      this.team.push(b);
      // Buddies already working when the workbook began were entered when it was set up.
      const [ts, key] = stampWith(r, submitDayWith(r, Math.max(start, START), 5));
      const row = this.buddies.add(key);
      row[c.timestamp!] = ts;
      row[c.buddyId!] = b.id;
      row[c.name!] = b.name;
      row[c.role!] = b.paid ? 'Paid' : 'Volunteer';
      row[c.startDate!] = dateText(start);
      if (b.trained >= 0 && b.trained <= Math.max(start, START)) row[c.trainingCompletedDate!] = dateText(b.trained);
      const update = (day: number, fill: (row: string[]) => void) => {
        if (day > END) return;
        const [ts2, key2] = stampWith(r, submitDayWith(r, day, 5));
        const later = this.buddies.add(key2);
        later[c.timestamp!] = ts2;
        later[c.buddyId!] = b.id;
        later[c.name!] = b.name;
        later[c.role!] = b.paid ? 'Paid' : 'Volunteer';
        later[c.startDate!] = dateText(start);
        fill(later);
      };
      if (b.trained > Math.max(start, START)) update(b.trained, (row) => (row[c.trainingCompletedDate!] = dateText(b.trained)));
      if (b.end >= 0) update(b.end, (row) => (row[c.endDate!] = dateText(b.end)));
    });
  }

  private activeOn(day: number): number[] {
    const out: number[] = [];
    this.team.forEach((b, i) => {
      if (b.start <= day && (b.end < 0 || day <= b.end)) out.push(i);
    });
    return out;
  }

  // -- the people supported ------------------------------------------------

  private makeRecipients(): void {
    const r = this.r;
    const months = 24;
    let k = 0;
    // Some people were already supported when the workbook began.
    const already = Math.max(2, r.round(6 * this.scale));
    for (let i = 0; i < already; i++) this.recipient(prisonNumberAt(PRISON_NUMBER_BASES.recipients + k++, this.seed), START, r.int(30, 240));
    for (let m = 0; m < months; m++) {
      const first = START + Math.floor((m * (END - START)) / months);
      const n = r.round(2.2 * this.scale * (0.6 + 0.8 * r.next()));
      for (let i = 0; i < n; i++) this.recipient(prisonNumberAt(PRISON_NUMBER_BASES.recipients + k++, this.seed), weekdayWith(r, first, first + 27), r.int(30, 300));
    }
  }

  private recipient(pn: string, from: number, days: number): void {
    const r = this.r;
    const need = r.int(0, NEEDS.length - 1);
    const until = Math.min(from + days, END);
    let buddy = -1;
    let nextReview = from + r.int(30, 60);
    for (let monday = mondayOf(from); monday <= until; monday += 7) {
      const active = this.activeOn(Math.max(monday, from));
      if (active.length === 0) continue;
      // The coordinator matches each person with the buddy least busy that week, and keeps them together.
      if (buddy < 0 || !active.includes(buddy) || this.hoursIn(buddy, monday) > 9) buddy = this.leastBusy(active, monday);
      const days = r.int(1, 4);
      const seen = new Set<number>();
      for (let i = 0; i < days; i++) {
        const day = monday + r.int(0, 6);
        if (day < from || day > until || seen.has(day)) continue;
        seen.add(day);
        // Now and then another buddy covers.
        const who = active.length > 1 && r.chance(0.1) ? this.leastBusy(active.filter((b) => b !== buddy), monday) : buddy;
        this.give(day, pn, who, 2 + r.int(0, 8), this.kinds(need));
      }
      if (monday + 7 > nextReview && nextReview <= until) {
        this.review(weekdayWith(r, nextReview, nextReview + 4), pn);
        nextReview += r.int(75, 110);
      }
    }
  }

  private hoursIn(buddy: number, monday: number): number {
    return this.weekHours.get(`${buddy}\u241f${monday}`) ?? 0;
  }

  private leastBusy(buddies: readonly number[], monday: number): number {
    return buddies.reduce((best, b) => (this.hoursIn(b, monday) < this.hoursIn(best, monday) ? b : best));
  }

  private kinds(need: number): number {
    const r = this.r;
    let mask = 1 << r.weighted(NEEDS[need]!);
    if (r.chance(0.45)) mask |= 1 << r.weighted(NEEDS[need]!);
    return mask;
  }

  /** One support row: `quarters` is the time in quarter hours. */
  private give(day: number, pn: string, buddy: number, quarters: number, kinds: number): void {
    if (day < START || day > END) return;
    const r = this.r;
    const b = this.team[buddy]!;
    const [ts, key] = stampWith(r, submitDayWith(r, day, 4));
    const c = this.support.col;
    const row = this.support.add(key);
    row[c.timestamp!] = ts;
    row[c.supportDate!] = dateText(day);
    row[c.recipient!] = pn;
    row[c.buddyId!] = b.id;
    row[c.hours!] = QUARTER_HOURS(quarters);
    row[c.supportGiven!] = KIND_TEXT[kinds]!;
    const weekKey = `${buddy}\u241f${mondayOf(day)}`;
    this.weekHours.set(weekKey, (this.weekHours.get(weekKey) ?? 0) + quarters / 4);
  }

  /**
   * A willing buddy relied on too much: three weeks running in the autumn of 2021 with
   * long days on top of their usual support, and another for one week in 2022.
   */
  private makeOverwork(): void {
    const r = this.r;
    const limit = DEFAULT_SETTINGS.buddyWeeklyHoursLimit;
    const spells: Array<[number, number]> = [
      [dayOf(2021, 9, 6), 3],
      [dayOf(2022, 5, 9), 1],
    ];
    for (const [firstMonday, weeks] of spells) {
      const active = this.activeOn(firstMonday).filter((i) => this.activeOn(firstMonday + 7 * weeks).includes(i) && !this.overworked.some(([b]) => b === i));
      if (active.length === 0) continue;
      const buddy = r.pick(active);
      this.overworked.push([buddy, firstMonday, weeks]);
      for (let w = 0; w < weeks; w++) {
        const monday = firstMonday + 7 * w;
        const pn = prisonNumberAt(PRISON_NUMBER_BASES.recipients + 50_000 + this.overworked.length * 10 + w, this.seed);
        let hours = this.hoursIn(buddy, monday);
        for (let day = monday; day < monday + 7 && hours <= limit + 2; day++) {
          if (isWeekend(day) && r.chance(0.5)) continue;
          const quarters = 4 * r.int(4, 6);
          this.give(day, pn, buddy, quarters, KIND('Collecting meals') | KIND('Cleaning cell'));
          hours += quarters / 4;
        }
      }
    }
  }

  private review(day: number, pn: string): void {
    if (day > END) return;
    const r = this.r;
    const change = () => ['Improved', 'No change', 'Worse', 'Prefer not to say', ''][r.weighted([55, 33, 5, 4, 3])]!;
    const [ts, key] = stampWith(r, submitDayWith(r, day, 5));
    const c = this.reviews.col;
    const row = this.reviews.add(key);
    row[c.timestamp!] = ts;
    row[c.dateCompleted!] = dateText(day);
    row[c.recipient!] = pn;
    row[c.independence!] = change();
    row[c.wellbeing!] = change();
    row[c.happy!] = ['Yes', 'No', 'Prefer not to say', ''][r.weighted([84, 8, 4, 4])]!;
  }

  // -- pay and staff time --------------------------------------------------

  private makePay(): void {
    const r = this.r;
    const c = this.pay.col;
    for (let monday = mondayOf(START); monday <= END; monday += 7) {
      const sunday = monday + 6;
      if (sunday > END) break;
      this.team.forEach((b, i) => {
        const hours = this.weekHours.get(`${i}\u241f${monday}`) ?? 0;
        if (!b.paid || hours === 0) return;
        const [ts, key] = stampWith(r, submitDayWith(r, sunday + 1, 4));
        const row = this.pay.add(key);
        row[c.timestamp!] = ts;
        row[c.weekEnding!] = dateText(sunday);
        row[c.buddyId!] = b.id;
        row[c.hoursPaid!] = r.chance(0.05) ? '' : String(hours);
        row[c.amountPaid!] = money(hours * b.rate);
      });
    }
  }

  private makeStaffTime(): void {
    const r = this.r;
    const c = this.staff.col;
    const log = (day: number, role: string, activity: string, quarters: number) => {
      const [ts, key] = stampWith(r, submitDayWith(r, day, 4));
      const row = this.staff.add(key);
      row[c.timestamp!] = ts;
      row[c.date!] = dateText(day);
      row[c.staffRole!] = role;
      row[c.activity!] = activity;
      row[c.hours!] = QUARTER_HOURS(quarters);
    };
    for (let monday = START + 2; monday + 4 <= END; monday += 7) {
      // The coordinator's week, and now and then an officer's time on the wing.
      log(weekdayWith(r, monday, monday + 4), 'Scheme coordinator', 'Coordinating the scheme', 4 * r.int(2, 5));
      if (r.chance(0.3)) log(weekdayWith(r, monday, monday + 4), ['Prison officer', 'Social care worker', ''][r.weighted([60, 35, 5])]!, 'Supervising buddies', 2 * r.int(1, 3));
    }
    for (let m = 0; m < 24; m++) {
      const first = START + Math.floor((m * (END - START)) / 24);
      log(weekdayWith(r, first, first + 20), 'Social care worker', 'Supervising buddies', 6); // the monthly group supervision
    }
    for (const b of this.team) {
      if (b.start >= START) {
        log(weekdayWith(r, Math.max(START, b.start - 30), b.start - 5), 'Scheme coordinator', 'Recruiting buddies', 4 * r.int(1, 2));
        if (b.trained >= START) log(weekdayWith(r, Math.max(START, b.trained - 3), b.trained), ['Healthcare staff', 'Social care worker'][r.int(0, 1)]!, 'Training buddies', 4 * r.int(2, 3));
      }
    }
  }

  // -- safeguarding --------------------------------------------------------

  private makeConcerns(): void {
    const r = this.r;
    const c = this.concerns.col;
    const raise = (day: number, raisedBy: string, category: string, buddy: number, action: string, details: string) => {
      const [ts, key] = stampWith(r, submitDayWith(r, day, 2));
      const row = this.concerns.add(key);
      row[c.timestamp!] = ts;
      row[c.dateRaised!] = dateText(day);
      row[c.raisedBy!] = raisedBy;
      row[c.category!] = category;
      if (buddy >= 0) row[c.buddyId!] = this.team[buddy]!.id;
      row[c.actionTaken!] = action;
      row[c.details!] = details;
    };
    const n = Math.max(6, r.round(11 * this.scale));
    const categories = CONCERN_CATEGORIES.filter((cat) => cat !== 'Exploitation of a buddy' && cat !== 'Buddy working beyond their role');
    for (let i = 0; i < n; i++) {
      const day = weekdayWith(r, START + 20, END - 10);
      const category = categories[r.weighted([30, 25, 8, 25, 12])]!;
      const active = this.activeOn(day);
      raise(
        day,
        ['Recipient', 'Buddy', 'Staff', 'Other prisoner'][r.weighted([30, 30, 30, 10])]!,
        category,
        r.chance(0.4) && active.length > 0 ? r.pick(active) : -1,
        ACTIONS[r.weighted([45, 15, 20, 20])]!,
        r.pick(CONCERN_DETAILS),
      );
    }
    // The overwork shows up: a buddy's own concern, and an officer's.
    for (const [buddy, monday, weeks] of this.overworked) {
      raise(weekdayWith(r, monday + 7 * weeks - 5, monday + 7 * weeks + 2), 'Buddy', 'Buddy working beyond their role', buddy, 'Buddy arrangement changed', 'Asked to cover more and more; tired');
      if (weeks > 1) raise(weekdayWith(r, monday + 7 * weeks + 3, monday + 7 * weeks + 10), 'Staff', 'Exploitation of a buddy', buddy, 'Referred to the safeguarding lead', 'Other prisoners leaning on the buddy for favours');
    }
  }
}

const ACTIONS = choicesOf('safeguarding', 'actionTaken');
const CONCERN_DETAILS = [
  'Meals not collected on two days',
  'Items missing from cell after a visit',
  'Raised voices on the landing',
  'Asked the buddy for canteen items',
  'Seemed withdrawn; staff asked to check in',
  'Fell while being helped; no injury',
] as const;

/**
 * The deliberate mistakes of the buddies tabs, a small fixed set whatever the scale:
 *  - Buddy support: Hours 0 (error); "Personal care" ticked, which buddies never give
 *    and the form does not offer (error); a Buddy ID that no Buddies row registers
 *    (warning); one row submitted twice (duplicate).
 *  - Buddy pay: an amount typed with its pound sign, "£12.50": read as 12.50 (pounds are
 *    the only currency), so a sheet typed either way reports the same.
 */
function plantBuddyMistakes(g: BuddySample, r: Random): void {
  const S = g.support.col;
  const rows = g.support.rows;
  const at = (share: number) => rows[Math.floor(rows.length * share)];
  const zero = at(0.15);
  if (zero) zero[S.hours!] = '0';
  const personal = at(0.35);
  if (personal) personal[S.supportGiven!] = `${personal[S.supportGiven!]}, Personal care`;
  const stranger = at(0.55);
  if (stranger) stranger[S.buddyId!] = `B-${String(g.team.length + 30).padStart(3, '0')}`;
  if (rows.length > 10) g.support.repeat(Math.floor(rows.length * (0.6 + 0.3 * r.next())));
  const P = g.pay.col;
  const pounds = g.pay.rows[Math.floor(g.pay.rows.length * 0.45)];
  if (pounds) pounds[P.amountPaid!] = `£${pounds[P.amountPaid!]}`;
}

export function makeBuddyTabs(seed: number, scale: number): Tab[] {
  return new BuddySample(seed, scale).run();
}
