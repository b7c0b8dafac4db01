/**
 * The sample workbook's emotional well-being mentoring tabs (seed 002, data contract §5):
 * about ten peer mentors at a time supporting a cohort of about 250 mentees over
 * the two years, with a baseline when support begins and a follow-up weeks later.
 * The answers are drawn near the published figures (63% had ever self-harmed, 24%
 * were self-harming, 57% of them stopped or reduced; 78% had suicidal thoughts or
 * attempts, 66% of them stopped or reduced).
 *
 * Its own random stream: the contract's tabs are the same with or without it.
 * Planted for `peerkit check`: two mentors who began working alone before the
 * pathway was complete (one after under 3 months' shadowing, one before training),
 * and the mistakes listed at `plantEwbMistakes`.
 */
import type { Tab } from '../../core/workbook.js';
import { dateText, dayOf, END, isWeekend, START } from './calendar.js';
import { stampWith, submitDayWith, weekdayWith } from './submission-times.js';
import { Random } from './random.js';
import { choicesOf, NUMBER_TEXT, TabRows } from './tab-rows.js';
import { FIRST_NAMES, LAST_NAMES, PRISON_NUMBER_BASES, prisonNumberAt } from './fictional-people.js';

interface Mentor {
  id: string;
  name: string;
  applied: number;
  approval: 'Approved' | 'Declined' | 'Pending';
  /** Day numbers, or -1 where the step is not (yet) reached. */
  clearance: number;
  shadow: number;
  trained: number;
  start: number;
  end: number;
  /** Registered in one row when the workbook was set up (the scheme ran before it). */
  initial: boolean;
}

interface Mentee {
  pn: string;
  sessions: number[];
}

const SESSION_WEIGHTS = [40, 24, 12, 13, 11]; // One-to-one, Group, CBT-based, Art, Holistic support
const MINUTES: ReadonlyArray<readonly [number, number]> = [
  [6, 12], // One-to-one: 30-60 minutes, in fives
  [12, 18], // Group: 60-90
  [9, 12], // CBT-based: 45-60
  [12, 18], // Art: 60-90
  [4, 9], // Holistic support: 20-45
];

class EwbSample {
  private readonly r: Random;
  readonly mentors = new TabRows('mentors');
  readonly sessions = new TabRows('menteeSessions');
  readonly baselines = new TabRows('wellbeingBaseline');
  readonly followUps = new TabRows('wellbeingFollowUp');
  readonly team: Mentor[] = [];
  /** Mentors working alone, and mentors shadowing, on each day (index day - START). */
  private solo: number[][] = [];
  private shadowing: number[][] = [];

  constructor(
    private readonly seed: number,
    private readonly scale: number,
  ) {
    this.r = new Random(seed ^ 0xe3b0c442);
  }

  run(): Tab[] {
    this.makeMentors();
    this.makeMentees();
    plantEwbMistakes(this, new Random(this.seed ^ 0x3e3b));
    return [this.mentors.tab(), this.sessions.tab(), this.baselines.tab(), this.followUps.tab()];
  }

  // -- mentors -------------------------------------------------------------

  private makeMentors(): void {
    const r = this.r;
    const count = Math.max(8, Math.round(17 * Math.sqrt(this.scale)));
    const applied: number[] = [];
    // Three mentors from before the workbook began; then applications through the two years.
    for (let i = 0; i < 3; i++) applied.push(dayOf(2020, 1 + 2 * i, 1) + r.int(0, 20));
    for (let i = 3; i < count; i++) applied.push(START - 40 + Math.floor(((END - 70 - START) * (i - 3)) / (count - 3)) + r.int(0, 20));
    applied.sort((a, b) => a - b);
    const flaggedShadowing = 4;
    const flaggedTraining = Math.max(6, Math.floor(count / 2));
    applied.forEach((day, i) => {
      const [first, last] = [r.pick(FIRST_NAMES), r.pick(LAST_NAMES)];
      const m: Mentor = {
        id: `M-${String(i + 1).padStart(3, '0')}`,
        name: `${first} ${last}`,
        applied: day,
        approval: 'Approved',
        clearance: -1,
        shadow: -1,
        trained: -1,
        start: -1,
        end: -1,
        initial: i < 3,
      };
      if (i >= 3 && i % 6 === 5 && i !== flaggedTraining) m.approval = 'Declined';
      if (i === count - 1) m.approval = 'Pending';
      if (m.approval === 'Approved') {
        m.clearance = day + r.int(14, 45);
        m.shadow = m.clearance + r.int(3, 14);
        m.trained = m.shadow + r.int(30, 80);
        m.start = Math.max(m.shadow + 92 + r.int(0, 21), m.trained + r.int(0, 10));
        if (i === flaggedShadowing) {
          // Began alone after about two months' shadowing, training done.
          m.trained = m.shadow + r.int(30, 45);
          m.start = m.shadow + r.int(56, 70);
        } else if (i === flaggedTraining) {
          // Began alone after 3 months' shadowing, but before the training was completed.
          m.start = m.shadow + 92 + r.int(0, 10);
          m.trained = m.start + r.int(14, 30);
        }
        // Two of the first three stay throughout, so that someone is always working alone.
        if (i >= 2 && r.chance(0.4)) {
          const end = m.start + r.int(180, 540);
          if (end <= END - 14) m.end = end;
        }
      }
      this.team.push(m);
      this.register(m);
    });
    for (let d = START; d <= END; d++) {
      this.solo.push([]);
      this.shadowing.push([]);
    }
    this.team.forEach((m, i) => {
      if (m.approval !== 'Approved') return;
      const last = Math.min(m.end >= 0 ? m.end : END, END);
      for (let d = Math.max(m.shadow, START); d <= last; d++) (d < m.start ? this.shadowing : this.solo)[d - START]!.push(i);
    });
  }

  /** The registration rows: set up in one row, or applied for and updated step by step. */
  private register(m: Mentor): void {
    const r = this.r;
    const c = this.mentors.col;
    const row = (day: number): string[] | null => {
      if (day > END) return null;
      // Applications made before the workbook began were entered when it was set up.
      const [ts, key] = stampWith(r, submitDayWith(r, Math.max(day, START), 5));
      const out = this.mentors.add(key);
      out[c.timestamp!] = ts;
      out[c.mentorId!] = m.id;
      out[c.name!] = m.name;
      out[c.applicationDate!] = dateText(m.applied);
      return out;
    };
    const date = (day: number) => (day >= 0 ? dateText(day) : '');
    if (m.initial) {
      const all = row(START)!;
      all[c.governorApproval!] = m.approval;
      all[c.securityClearanceDate!] = date(m.clearance);
      all[c.shadowingStartDate!] = date(m.shadow);
      all[c.trainingCompletedDate!] = date(m.trained);
      all[c.startDate!] = date(m.start);
    } else {
      const applied = row(m.applied);
      if (applied) applied[c.governorApproval!] = 'Pending';
      if (m.approval === 'Declined') {
        const declined = row(m.applied + r.int(14, 40));
        if (declined) declined[c.governorApproval!] = 'Declined';
      }
      if (m.approval === 'Approved') {
        const approved = row(m.shadow);
        if (approved) {
          approved[c.governorApproval!] = 'Approved';
          approved[c.securityClearanceDate!] = date(m.clearance);
          approved[c.shadowingStartDate!] = date(m.shadow);
        }
        const started = row(m.start);
        if (started) {
          if (m.trained <= m.start) started[c.trainingCompletedDate!] = date(m.trained);
          started[c.startDate!] = date(m.start);
        }
        if (m.trained > m.start) {
          const trained = row(m.trained);
          if (trained) trained[c.trainingCompletedDate!] = date(m.trained);
        }
      }
    }
    if (m.end >= 0) {
      const left = row(m.end);
      if (left) left[c.endDate!] = date(m.end);
    }
  }

  // -- mentees -------------------------------------------------------------

  private makeMentees(): void {
    const r = this.r;
    const weeks = Math.floor((END - START) / 7) + 1;
    let k = 0;
    for (let w = 0; w < weeks; w++) {
      const monday = START + 7 * w;
      // The groups are well attended and the numbers keep growing.
      const rate = 2.6 * this.scale * (0.8 + (0.4 * w) / weeks);
      const n = r.round(rate * (0.6 + 0.8 * r.next()));
      for (let i = 0; i < n; i++) {
        const referred = weekdayWith(r, monday, Math.min(monday + 6, END));
        if (referred > END - 3) continue;
        this.mentee(prisonNumberAt(PRISON_NUMBER_BASES.mentees + k++, this.seed), referred);
      }
    }
  }

  private mentee(pn: string, referred: number): void {
    const r = this.r;
    const m: Mentee = { pn, sessions: [] };
    const until = Math.min(referred + 7 * r.int(4, 20), END);
    let key = -1;
    for (let d = referred; d <= until; d += r.int(5, 14)) {
      while (isWeekend(d)) d++;
      if (d > END) break;
      const solo = this.solo[d - START]!;
      if (solo.length === 0) continue;
      if (key < 0 || !solo.includes(key)) key = this.keyMentor(solo, d);
      const type = m.sessions.length === 0 ? 0 : r.weighted(SESSION_WEIGHTS);
      const who = [key];
      if (type === 1 && solo.length > 1 && r.chance(0.5)) {
        const other = r.pick(solo);
        if (other !== key) who.push(other);
      }
      const shadows = this.shadowing[d - START]!;
      if (shadows.length > 0 && r.chance(0.35)) who.push(r.pick(shadows));
      this.session(d, m, type, who);
      m.sessions.push(d);
      if (r.chance(0.03)) break; // moved to another prison
    }
    if (m.sessions.length === 0) return;
    const baselineDay = m.sessions.length > 1 && r.chance(0.3) ? m.sessions[1]! : m.sessions[0]!;
    if (r.chance(0.88)) {
      const answers = this.baselineAnswers();
      this.baseline(baselineDay, m, answers);
      if (r.chance(0.04)) {
        // A second baseline weeks later (by another mentor, not knowing of the first): only the first counts.
        const again = weekdayFrom(baselineDay + r.int(21, 70));
        if (again <= END) this.baseline(again, m, this.baselineAnswers());
      }
      if (r.chance(0.72)) {
        if (r.chance(0.15)) {
          const early = weekdayFrom(baselineDay + r.int(21, 40));
          if (early <= END) this.followUp(early, m, answers);
        }
        const later = weekdayFrom(baselineDay + r.int(42, 112));
        if (later <= END) this.followUp(later, m, answers);
      }
    } else if (r.chance(0.1)) {
      // A follow-up with no baseline to compare it with: it counts in no percentage.
      const later = weekdayFrom(m.sessions[0]! + r.int(42, 90));
      if (later <= END) this.followUp(later, m, ['No', 'No', 'No']);
    }
  }

  /** A mentee's own mentor: anyone working alone, a mentor new to it more likely (they take on new mentees). */
  private keyMentor(solo: readonly number[], day: number): number {
    return solo[this.r.weighted(solo.map((i) => (day - this.team[i]!.start < 60 ? 4 : 1)))]!;
  }

  private session(day: number, m: Mentee, type: number, who: number[]): void {
    const r = this.r;
    const c = this.sessions.col;
    const [ts, key] = stampWith(r, submitDayWith(r, day));
    const row = this.sessions.add(key);
    row[c.timestamp!] = ts;
    row[c.sessionDate!] = dateText(day);
    row[c.prisonNumber!] = m.pn;
    row[c.mentorIds!] = [...new Set(who)]
      .sort((a, b) => a - b)
      .map((i) => this.team[i]!.id)
      .join(', ');
    row[c.sessionType!] = SESSION_TYPES[type]!;
    const [lo, hi] = MINUTES[type]!;
    row[c.minutes!] = r.chance(0.04) ? '' : NUMBER_TEXT[5 * r.int(lo, hi)]!;
  }

  /** Ever self-harmed, currently self-harming, suicidal in the last 12 months. */
  private baselineAnswers(): [string, string, string] {
    const r = this.r;
    const answer = (weights: [number, number, number, number]) => ['Yes', 'No', 'Prefer not to say', ''][r.weighted(weights)]!;
    const ever = answer([60, 34, 4, 2]);
    const current = ever === 'Yes' ? answer([37, 58, 3, 2]) : answer([0, 96, 2, 2]);
    return [ever, current, answer([73, 21, 4, 2])];
  }

  private baseline(day: number, m: Mentee, [ever, current, suicidal]: [string, string, string]): void {
    const c = this.baselines.col;
    const [ts, key] = stampWith(this.r, submitDayWith(this.r, day, 5));
    const row = this.baselines.add(key);
    row[c.timestamp!] = ts;
    row[c.dateCompleted!] = dateText(day);
    row[c.prisonNumber!] = m.pn;
    row[c.everSelfHarmed!] = ever;
    row[c.currentlySelfHarming!] = current;
    row[c.suicidalLast12Months!] = suicidal;
  }

  private followUp(day: number, m: Mentee, [, current, suicidal]: [string, string, string]): void {
    const r = this.r;
    const outcome = (weights: number[]) => [...FOLLOW_UP_CHOICES, ''][r.weighted(weights)]!;
    // Stopped, Reduced, No change, Increased, Not applicable, blank.
    const selfHarm = current === 'Yes' ? outcome([25, 32, 30, 8, 0, 5]) : outcome([3, 2, 8, 3, 80, 4]);
    const thoughts = suicidal === 'Yes' ? outcome([22, 42, 26, 6, 0, 4]) : outcome([2, 2, 8, 3, 81, 4]);
    const c = this.followUps.col;
    const [ts, key] = stampWith(r, submitDayWith(r, day, 5));
    const row = this.followUps.add(key);
    row[c.timestamp!] = ts;
    row[c.dateCompleted!] = dateText(day);
    row[c.prisonNumber!] = m.pn;
    row[c.selfHarmSinceSupport!] = selfHarm;
    row[c.suicidalSinceSupport!] = thoughts;
  }
}

/** The day itself, or the Monday after a weekend. */
const weekdayFrom = (day: number): number => {
  while (isWeekend(day)) day++;
  return day;
};

const SESSION_TYPES = choicesOf('menteeSessions', 'sessionType');
const FOLLOW_UP_CHOICES = choicesOf('wellbeingFollowUp', 'selfHarmSinceSupport');

/**
 * The deliberate mistakes of the mentoring tabs, a small fixed set whatever the scale:
 *  - Mentee sessions: a Session type "Art therapy", not one of the five (error); a
 *    Mentor ID that no Mentors row registers (warning); a prison number typed in
 *    lower case with a space (valid).
 *  - Wellbeing baseline: one row submitted twice (duplicate).
 *  - Wellbeing follow-up: Date completed 31/09/2021 (error).
 */
function plantEwbMistakes(g: EwbSample, r: Random): void {
  const S = g.sessions.col;
  const sessions = g.sessions.rows;
  const pick = (rows: string[][], test: (row: string[]) => boolean): string[] | undefined => {
    const matching = rows.filter(test);
    return matching[Math.floor(r.next() * matching.length)];
  };
  const art = pick(sessions, (row) => row[S.sessionType!] === 'Art');
  if (art) art[S.sessionType!] = 'Art therapy';
  const stranger = pick(sessions, (row) => row[S.sessionDate!]!.endsWith('/2022') && !row[S.mentorIds!]!.includes(','));
  if (stranger) stranger[S.mentorIds!] = `M-${String(g.team.length + 40).padStart(3, '0')}`;
  const lower = pick(sessions, (row) => row[S.sessionDate!]!.endsWith('/2021') && row !== art && row !== stranger);
  if (lower) lower[S.prisonNumber!] = `${lower[S.prisonNumber!]!.toLowerCase()} `;

  const baselines = g.baselines.rows;
  if (baselines.length > 2) g.baselines.repeat(Math.floor(r.next() * baselines.length));

  const F = g.followUps.col;
  const autumn = pick(g.followUps.rows, (row) => /\/(09|10)\/2021$/.test(row[F.dateCompleted!]!));
  if (autumn) autumn[F.dateCompleted!] = '31/09/2021';
}

export function makeEwbTabs(seed: number, scale: number): Tab[] {
  return new EwbSample(seed, scale).run();
}
