/**
 * The sample workbook's hepatitis C prison peers tabs (seed 004): four to seven
 * peers at a time, paid and volunteer, trained on a peer course when they start,
 * with monthly supervision and debriefs; awareness sessions at reception, induction
 * and on the wings; one-to-one support to test, and through treatment for those
 * who need it.
 *
 * Its own random stream: the other tabs are the same with or without it. Planted
 * for `peerkit check`: one peer who began supporting people two weeks before
 * completing the training; and the mistakes at `plantHcvMistakes`.
 */
import { PEER_SUPPORT } from '../../core/schemes/hcv/forms.js';
import type { Tab } from '../../core/workbook.js';
import { dateText, dayOf, END, START } from './calendar.js';
import { stampWith, submitDayWith, weekdayWith } from './submission-times.js';
import { Random } from './random.js';
import { choicesOf, NUMBER_TEXT, subsetTexts, TabRows } from './tab-rows.js';
import { FIRST_NAMES, LAST_NAMES, PRISON_NUMBER_BASES, prisonNumberAt } from './fictional-people.js';

interface Peer {
  id: string;
  name: string;
  paid: boolean;
  start: number;
  trained: number;
  end: number;
}

const SUPPORT_TEXT = subsetTexts(PEER_SUPPORT);
const SUPPORT = (kind: (typeof PEER_SUPPORT)[number]) => 1 << PEER_SUPPORT.indexOf(kind);
const SETTINGS = choicesOf('hcvAwareness', 'setting');
const LEADERS = ['Nurse Example', 'Peer Lead Samplina Madeup-Jones', 'Hepatitis Coordinator Example'] as const;

class HcvSample {
  private readonly r: Random;
  readonly peers = new TabRows('hcvPeers');
  readonly sessions = new TabRows('hcvPeerSessions');
  readonly awareness = new TabRows('hcvAwareness');
  readonly contacts = new TabRows('hcvContacts');
  readonly team: Peer[] = [];
  /** The peer who began before completing the training (planted). */
  early = -1;

  constructor(
    private readonly seed: number,
    private readonly scale: number,
  ) {
    this.r = new Random(seed ^ 0x4c5);
  }

  run(): Tab[] {
    this.makePeers();
    this.makeTrainingAndSupport();
    this.makeAwareness();
    this.makeContacts();
    plantHcvMistakes(this, new Random(this.seed ^ 0x4c));
    return [this.peers.tab(), this.sessions.tab(), this.awareness.tab(), this.contacts.tab()];
  }

  private makePeers(): void {
    const r = this.r;
    const count = Math.max(5, Math.round(10 * Math.sqrt(this.scale)));
    const initial = Math.max(3, Math.round(count * 0.4));
    const starts: number[] = [];
    for (let i = 0; i < count; i++) starts.push(i < initial ? dayOf(2020, 7, 1) + r.int(0, 150) : r.int(START + 20, END - 90));
    starts.sort((a, b) => a - b);
    const c = this.peers.col;
    starts.forEach((start, i) => {
      const p: Peer = {
        id: `HCV-${String(i + 1).padStart(3, '0')}`,
        name: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`,
        paid: r.chance(0.4),
        start,
        trained: weekdayWith(r, start + 7, start + 30),
        end: -1,
      };
      // The first two stay throughout; others are released or move on.
      if (i >= 2 && r.chance(0.35)) {
        const end = Math.max(start, START) + r.int(150, 500);
        if (end <= END - 14) p.end = end;
      }
      this.team.push(p);
    });
    this.early = this.team.findIndex((p) => p.start > START + 90);
    if (this.early >= 0) this.team[this.early]!.trained = weekdayWith(r, this.team[this.early]!.start + 21, this.team[this.early]!.start + 30);
    this.team.forEach((p) => {
      const [ts, key] = stampWith(r, submitDayWith(r, Math.max(p.start, START), 5));
      const row = this.peers.add(key);
      row[c.timestamp!] = ts;
      row[c.peerId!] = p.id;
      row[c.name!] = p.name;
      row[c.role!] = p.paid ? 'Paid' : 'Volunteer';
      row[c.startDate!] = dateText(p.start);
      const later = (day: number, fill: (row: string[]) => void) => {
        if (day > END) return;
        const [ts2, key2] = stampWith(r, submitDayWith(r, day, 5));
        const up = this.peers.add(key2);
        up[c.timestamp!] = ts2;
        up[c.peerId!] = p.id;
        up[c.name!] = p.name;
        up[c.role!] = p.paid ? 'Paid' : 'Volunteer';
        up[c.startDate!] = dateText(p.start);
        fill(up);
      };
      if (p.trained < START) row[c.trainingCompletedDate!] = dateText(p.trained);
      else later(p.trained, (up) => (up[c.trainingCompletedDate!] = dateText(p.trained)));
      if (p.end >= 0) later(p.end, (up) => (up[c.endDate!] = dateText(p.end)));
    });
  }

  /** Peers working with people on a day: trained, in role; the planted one from two weeks before training. */
  private workingOn(day: number): number[] {
    const out: number[] = [];
    this.team.forEach((p, i) => {
      const from = i === this.early ? p.trained - 14 : p.trained;
      if (from <= day && (p.end < 0 || day <= p.end)) out.push(i);
    });
    return out;
  }

  private inRole(day: number): number[] {
    return this.team.flatMap((p, i) => (p.start <= day && (p.end < 0 || day <= p.end) ? [i] : []));
  }

  private session(day: number, type: string, who: number[], hours: string): void {
    if (day < START || day > END || who.length === 0) return;
    const r = this.r;
    const [ts, key] = stampWith(r, submitDayWith(r, day));
    const c = this.sessions.col;
    const row = this.sessions.add(key);
    row[c.timestamp!] = ts;
    row[c.sessionDate!] = dateText(day);
    row[c.sessionType!] = type;
    row[c.peerIds!] = this.ids(who);
    row[c.ledBy!] = r.pick(LEADERS);
    row[c.hours!] = hours;
  }

  private ids(who: number[]): string {
    return [...new Set(who)]
      .sort((a, b) => a - b)
      .map((i) => this.team[i]!.id)
      .join(', ');
  }

  private makeTrainingAndSupport(): void {
    const r = this.r;
    // The peer course: the day each new peer completes it.
    this.team.forEach((p, i) => this.session(p.trained, 'Training', [i], '6'));
    for (let m = 0; m < 24; m++) {
      const first = START + Math.floor((m * (END - START)) / 24);
      const last = START + Math.floor(((m + 1) * (END - START)) / 24) - 1;
      // Monthly group supervision; a debrief or two after difficult weeks; a refresher each quarter.
      const day = weekdayWith(r, first, last);
      this.session(day, 'Supervision', this.inRole(day).filter(() => r.chance(0.8)), '1.5');
      for (let d = 0, n = r.int(0, 2); d < n; d++) {
        const when = weekdayWith(r, first, last);
        const around = this.workingOn(when);
        if (around.length > 0) this.session(when, 'Debrief', r.sample(around, r.int(1, 2)), r.chance(0.1) ? '' : '0.5');
      }
      if (m % 3 === 1) {
        const when = weekdayWith(r, first, last);
        this.session(when, 'Training', this.workingOn(when).filter(() => r.chance(0.7)), '3');
      }
    }
  }

  private makeAwareness(): void {
    const r = this.r;
    const c = this.awareness.col;
    for (let monday = START + 2; monday + 4 <= END; monday += 7) {
      const n = r.round(1.5 * this.scale * (0.5 + r.next()));
      for (let i = 0; i < n; i++) {
        const day = weekdayWith(r, monday, monday + 4);
        const working = this.workingOn(day);
        if (working.length === 0) continue;
        const setting = r.weighted([25, 35, 25, 8, 5, 2]);
        const [lo, hi] = [[1, 6], [4, 15], [3, 12], [2, 8], [4, 12], [2, 10]][setting]!;
        const [ts, key] = stampWith(r, submitDayWith(r, day));
        const row = this.awareness.add(key);
        row[c.timestamp!] = ts;
        row[c.dateHeld!] = dateText(day);
        row[c.peerIds!] = this.ids(r.sample(working, r.chance(0.4) ? 2 : 1));
        row[c.setting!] = r.chance(0.04) ? '' : SETTINGS[setting]!;
        row[c.attendees!] = NUMBER_TEXT[r.int(lo!, hi!)]!;
      }
    }
  }

  private makeContacts(): void {
    const r = this.r;
    let k = 0;
    for (let m = 0; m < 24; m++) {
      const first = START + Math.floor((m * (END - START)) / 24);
      const last = START + Math.floor(((m + 1) * (END - START)) / 24) - 1;
      const n = r.round(14 * this.scale * (0.7 + 0.6 * r.next()));
      for (let i = 0; i < n; i++) this.person(prisonNumberAt(PRISON_NUMBER_BASES.hcv + k++, this.seed), weekdayWith(r, first, last));
    }
  }

  /** Someone a peer talks to: encouraged to test, perhaps accompanied, and, for some, supported through 8-12 weeks of treatment. */
  private person(pn: string, first: number): void {
    const r = this.r;
    let peer = -1;
    const contact = (day: number, support: number, testing: string, treatment: string) => {
      if (day > END) return;
      const working = this.workingOn(day);
      if (working.length === 0) return;
      if (peer < 0 || !working.includes(peer)) peer = r.pick(working);
      const [ts, key] = stampWith(r, submitDayWith(r, day));
      const c = this.contacts.col;
      const row = this.contacts.add(key);
      row[c.timestamp!] = ts;
      row[c.contactDate!] = dateText(day);
      row[c.prisonNumber!] = pn;
      row[c.peerIds!] = this.ids(working.length > 1 && r.chance(0.1) ? [peer, r.pick(working)] : [peer]);
      row[c.supportGiven!] = SUPPORT_TEXT[support]!;
      row[c.referredForTesting!] = testing;
      row[c.referredForTreatment!] = treatment;
    };
    const willTest = r.chance(0.7);
    contact(first, SUPPORT('Information about hepatitis C') | (r.chance(0.8) ? SUPPORT('Encouraged testing') : 0), willTest ? 'Yes' : r.chance(0.7) ? 'No' : '', r.chance(0.9) ? 'No' : '');
    if (!willTest) return;
    let day = weekdayWith(r, first + 5, first + 14);
    if (r.chance(0.35)) contact(day, SUPPORT('Accompanied to testing'), 'Yes', 'No');
    if (!r.chance(0.14)) return; // a negative result: nothing more
    day = weekdayWith(r, day + 10, day + 24);
    contact(day, SUPPORT('Information about hepatitis C') | SUPPORT('Supported during treatment'), 'No', 'Yes');
    const weeks = r.int(8, 12);
    for (let d = day + r.int(10, 18); d < day + 7 * weeks; d += r.int(10, 20)) {
      const planning = d > day + 7 * (weeks - 3) && r.chance(0.2) ? SUPPORT('Planning treatment after release') : 0;
      contact(weekdayWith(r, d, d + 2), SUPPORT('Supported during treatment') | planning, r.chance(0.5) ? 'No' : '', r.chance(0.5) ? 'No' : '');
    }
  }
}

/**
 * The deliberate mistakes of the hepatitis C tabs, a small fixed set:
 *  - HCV awareness sessions: Attendees 0 (error).
 *  - HCV peer contacts: "Maybe" for Referred for testing (error); a Peer ID that no
 *    HCV peers row registers (warning); one row submitted twice (duplicate).
 */
function plantHcvMistakes(g: HcvSample, r: Random): void {
  const A = g.awareness.col;
  const empty = g.awareness.rows[Math.floor(g.awareness.rows.length * (0.3 + 0.1 * r.next()))];
  if (empty) empty[A.attendees!] = '0';
  const C = g.contacts.col;
  const rows = g.contacts.rows;
  const at = (share: number) => rows[Math.floor(rows.length * (share + 0.05 * r.next()))];
  const maybe = at(0.25);
  if (maybe) maybe[C.referredForTesting!] = 'Maybe';
  const stranger = at(0.6);
  if (stranger) stranger[C.peerIds!] = `HCV-${String(g.team.length + 25).padStart(3, '0')}`;
  if (rows.length > 10) g.contacts.repeat(Math.floor(rows.length * 0.8));
}

export function makeHcvTabs(seed: number, scale: number): Tab[] {
  return new HcvSample(seed, scale).run();
}
