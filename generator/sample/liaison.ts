/**
 * The sample workbook's Liaison and Diversion peer support tabs (seed 001): five to
 * seven peer support workers at a time, paid and volunteer, in police custody and
 * at court; about forty engagements a month, a third of them with people who had
 * not engaged before; monthly supervision like the staff's.
 *
 * Its own random stream: the other tabs are the same with or without it. Planted
 * for `peerkit check` (as of 1 January 2023): two workers in role for over two
 * years, one whose eligibility was not recorded, one who worked with people before
 * completing training; and the mistakes at `plantLiaisonMistakes`.
 */
import { JUSTICE_EXPERIENCE, VULNERABILITIES } from '../../core/schemes/liaison/forms.js';
import type { Tab } from '../../core/workbook.js';
import { dateText, dayOf, END, START } from './calendar.js';
import { stampWith, submitDayWith, weekdayWith } from './submission-times.js';
import { Random } from './random.js';
import { choicesOf, NUMBER_TEXT, subsetTexts, TabRows } from './tab-rows.js';
import { FIRST_NAMES, LAST_NAMES } from './fictional-people.js';

interface Worker {
  id: string;
  name: string;
  paid: boolean;
  start: number;
  trained: number;
  end: number;
  justice: number;
  vulnerabilities: number;
}

const JUSTICE_TEXT = subsetTexts(JUSTICE_EXPERIENCE);
const VULNERABILITY_TEXT = subsetTexts(VULNERABILITIES);
const SUPPORT_TEXT = subsetTexts(choicesOf('ldEngagements', 'supportGiven'));
const SETTINGS = choicesOf('ldEngagements', 'setting');
const SUPERVISORS = ['Clinical Lead Example', 'Fictia Oversight-Sample', 'Team Manager Sampleton'] as const;

class LiaisonSample {
  private readonly r: Random;
  readonly workers = new TabRows('ldWorkers');
  readonly supervision = new TabRows('ldSupervision');
  readonly engagements = new TabRows('ldEngagements');
  readonly team: Worker[] = [];
  /** The worker who began before training was completed (planted). */
  untrained = -1;

  constructor(
    private readonly seed: number,
    private readonly scale: number,
  ) {
    this.r = new Random(seed ^ 0x1d1d0);
  }

  run(): Tab[] {
    this.makeWorkers();
    this.makeEngagements();
    this.makeSupervision();
    plantLiaisonMistakes(this, new Random(this.seed ^ 0x1d));
    return [this.workers.tab(), this.supervision.tab(), this.engagements.tab()];
  }

  private makeWorkers(): void {
    const r = this.r;
    const count = Math.max(6, Math.round(11 * Math.sqrt(this.scale)));
    // Two began long before the workbook and are still in role at its end: over two years (planted).
    const planted = [dayOf(2020, 9, 14) + r.int(0, 20), dayOf(2020, 11, 2) + r.int(0, 20)];
    const starts = [...planted];
    for (let i = 2; i < count; i++) starts.push(i < 5 ? dayOf(2021, 1, 4) - r.int(60, 400) : r.int(START + 30, END - 120));
    starts.sort((a, b) => a - b);
    const longServing = new Set(planted.map((s) => starts.indexOf(s)));
    const c = this.workers.col;
    starts.forEach((start, i) => {
      const w: Worker = {
        id: `PSW-${String(i + 1).padStart(3, '0')}`,
        name: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`,
        paid: r.chance(0.5),
        start,
        trained: start + r.int(7, 35),
        end: -1,
        justice: 0,
        vulnerabilities: 0,
      };
      for (let k = 0; k < JUSTICE_EXPERIENCE.length; k++) if (k === 0 || r.chance(0.5)) w.justice |= 1 << k;
      w.vulnerabilities = 1 << r.int(0, VULNERABILITIES.length - 1);
      if (r.chance(0.3)) w.vulnerabilities |= 1 << r.int(0, VULNERABILITIES.length - 1);
      // Moving on at about two years (or earlier, for another job).
      if (!longServing.has(i)) {
        const end = Math.max(start, START) + (r.chance(0.6) ? r.int(600, 730) - Math.max(0, START - start) : r.int(150, 500));
        if (end <= END - 14) w.end = end;
      }
      this.team.push(w);
    });
    // A worker recruited in 2021 who began before completing training, and one whose eligibility was not written down.
    this.untrained = this.team.findIndex((w) => w.start > START + 60);
    const noEligibility = this.team.findIndex((w, i) => w.start > START + 120 && i !== this.untrained);
    this.team.forEach((w, i) => {
      if (i === this.untrained) w.trained = w.start + r.int(21, 35);
      const [ts, key] = stampWith(r, submitDayWith(r, Math.max(w.start, START), 5));
      const row = this.workers.add(key);
      row[c.timestamp!] = ts;
      row[c.workerId!] = w.id;
      row[c.name!] = w.name;
      row[c.role!] = w.paid ? 'Paid' : 'Volunteer';
      if (i !== noEligibility) {
        row[c.justiceExperience!] = JUSTICE_TEXT[w.justice]!;
        row[c.vulnerabilities!] = VULNERABILITY_TEXT[w.vulnerabilities]!;
      }
      row[c.startDate!] = dateText(w.start);
      const later = (day: number, fill: (row: string[]) => void) => {
        if (day > END) return;
        const [ts2, key2] = stampWith(r, submitDayWith(r, day, 5));
        const up = this.workers.add(key2);
        up[c.timestamp!] = ts2;
        up[c.workerId!] = w.id;
        up[c.name!] = w.name;
        up[c.role!] = w.paid ? 'Paid' : 'Volunteer';
        up[c.startDate!] = dateText(w.start);
        fill(up);
      };
      if (w.trained < START) row[c.trainingCompletedDate!] = dateText(w.trained);
      else later(w.trained, (up) => (up[c.trainingCompletedDate!] = dateText(w.trained)));
      if (w.end >= 0) later(w.end, (up) => (up[c.endDate!] = dateText(w.end)));
    });
  }

  private activeOn(day: number): number[] {
    const out: number[] = [];
    this.team.forEach((w, i) => {
      // Working with people once trained; the planted worker began two weeks before.
      const from = i === this.untrained ? w.start + 5 : w.trained;
      if (from <= day && (w.end < 0 || day <= w.end)) out.push(i);
    });
    return out;
  }

  private makeEngagements(): void {
    const r = this.r;
    let k = 0;
    for (let m = 0; m < 24; m++) {
      const first = START + Math.floor((m * (END - START)) / 24);
      const last = START + Math.floor(((m + 1) * (END - START)) / 24) - 1;
      const n = r.round(17 * this.scale * (0.7 + 0.6 * r.next()));
      for (let i = 0; i < n; i++) this.person(`LD-${String(10001 + k++).padStart(5, '0')}`, weekdayWith(r, first, last));
    }
  }

  /** Someone the service saw: one to four engagements over a few weeks, and what came of them. */
  private person(ref: string, first: number): void {
    const r = this.r;
    const hard = r.chance(0.35);
    const times = r.weighted([45, 30, 15, 10]) + 1;
    const setting = SETTINGS[r.weighted([50, 35, 10, 5])]!;
    // Where it ends: engaged, referred on, declined or not yet known.
    const outcome = ['Engaged with L&D service', 'Referred to another service', 'Declined support', 'Not yet known'][r.weighted(hard ? [40, 20, 25, 15] : [60, 20, 10, 10])]!;
    let day = first;
    let worker = -1;
    for (let t = 0; t < times && day <= END; t++) {
      const active = this.activeOn(day);
      if (active.length === 0) break;
      if (worker < 0 || !active.includes(worker)) worker = r.pick(active);
      const who = [worker];
      if (active.length > 1 && r.chance(0.15)) who.push(r.pick(active));
      const final = t === times - 1;
      const c = this.engagements.col;
      const [ts, key] = stampWith(r, submitDayWith(r, day));
      const row = this.engagements.add(key);
      row[c.timestamp!] = ts;
      row[c.engagementDate!] = dateText(day);
      row[c.caseReference!] = ref;
      row[c.workerIds!] = [...new Set(who)]
        .sort((a, b) => a - b)
        .map((i) => this.team[i]!.id)
        .join(', ');
      row[c.setting!] = t === 0 ? setting : SETTINGS[r.weighted([10, 15, 60, 15])]!;
      row[c.hardToEngage!] = hard ? 'Yes' : 'No';
      row[c.supportGiven!] = SUPPORT_TEXT[1 + r.int(0, SUPPORT_TEXT.length - 2)]!;
      row[c.outcome!] = final ? outcome : r.chance(0.8) ? 'Not yet known' : '';
      row[c.minutes!] = r.chance(0.06) ? '' : NUMBER_TEXT[5 * r.int(3, 18)]!;
      day = weekdayWith(r, day + 3, day + 21);
    }
  }

  /** Like the staff: a one-to-one every month (clinical and line management in turn), and a group each month. */
  private makeSupervision(): void {
    const r = this.r;
    const c = this.supervision.col;
    const session = (day: number, who: number[], format: string, type: string) => {
      const [ts, key] = stampWith(r, submitDayWith(r, day));
      const row = this.supervision.add(key);
      row[c.timestamp!] = ts;
      row[c.sessionDate!] = dateText(day);
      row[c.workerIds!] = who
        .sort((a, b) => a - b)
        .map((i) => this.team[i]!.id)
        .join(', ');
      row[c.format!] = format;
      row[c.supervisionType!] = type;
      row[c.supervisor!] = r.pick(SUPERVISORS);
    };
    for (let m = 0; m < 24; m++) {
      const first = START + Math.floor((m * (END - START)) / 24);
      const last = START + Math.floor(((m + 1) * (END - START)) / 24) - 1;
      for (const i of this.activeOn(first)) {
        if (r.chance(0.1)) continue; // missed this month (leave, sickness)
        session(weekdayWith(r, first, last), [i], 'One-to-one', m % 2 === 0 ? 'Clinical supervision' : 'Line management');
      }
      const day = weekdayWith(r, first + 5, last - 3);
      const present = this.activeOn(day).filter(() => r.chance(0.75));
      if (present.length > 1) session(day, present, 'Group', 'Reflective practice');
    }
  }
}

/**
 * The deliberate mistakes of the Liaison and Diversion tabs, a small fixed set:
 *  - L&D engagements: Hard to engage left blank (error); a case reference with too
 *    few digits, "LD-123" (error); a Worker ID that no L&D peer workers row
 *    registers (warning).
 *  - L&D supervision: one row submitted twice (duplicate).
 */
function plantLiaisonMistakes(g: LiaisonSample, r: Random): void {
  const E = g.engagements.col;
  const rows = g.engagements.rows;
  const at = (share: number) => rows[Math.floor(rows.length * (share + 0.05 * r.next()))];
  const blank = at(0.2);
  if (blank) blank[E.hardToEngage!] = '';
  const short = at(0.45);
  if (short) short[E.caseReference!] = 'LD-123';
  const stranger = at(0.7);
  if (stranger) stranger[E.workerIds!] = `PSW-${String(g.team.length + 20).padStart(3, '0')}`;
  if (g.supervision.rows.length > 4) g.supervision.repeat(Math.floor(g.supervision.rows.length * 0.5));
}

export function makeLiaisonTabs(seed: number, scale: number): Tab[] {
  return new LiaisonSample(seed, scale).run();
}
