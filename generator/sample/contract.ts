/**
 * The contract's tabs of the sample workbook (the Perinatal and Reconnect peer
 * support schemes share them): two years (2 January 2021 – 1 January 2023) at a
 * women's prison, as an en_GB Google Sheets export would show it (every cell a
 * string: dates dd/mm/yyyy, timestamps dd/mm/yyyy HH:mm:ss, checkbox answers
 * joined by ", ").
 *
 * Everyone in it is fictional and obviously so (Testa Example, Samplina
 * Madeup-Jones); phone numbers come only from Ofcom's drama ranges and web
 * addresses from example.org / example.com. A small fixed set of mistakes is
 * planted (see `plantMistakes`) so that `peerkit check` has something to say.
 *
 * Deterministic: its own seeded PRNG (mulberry32), no clock. `scale` multiplies the
 * volumes (women, contacts, releases, questionnaires, training, supervision) over
 * the same two years; scale 100 is about a million rows, built as plain strings
 * with integer day arithmetic (no date object per cell).
 *
 * The other schemes' tabs come from their own generators (./sample-workbook.ts
 * runs them all, in the registry's order), each from its own random stream, so
 * these tabs are the same, byte for byte, whatever is added beside them.
 */
import { CONTACT_TYPES, CORE_TRAINING_TOPICS, SERVICE_SLUGS, SERVICE_TYPES, TRAINING_TOPICS } from '../../core/schemes/contract/vocabulary.js';
import type { Tab } from '../../core/workbook.js';
import { dateText, dayOf, END, MONTHS, QUARTERS, START, WEEKDAY } from './calendar.js';
import { stampWith, submitDayWith, weekdayWith } from './submission-times.js';
import { Random } from './random.js';
import { choicesOf, NUMBER_TEXT, subsetTexts, TabRows } from './tab-rows.js';
import { FIRST_NAMES, LAST_NAMES, prisonNumberAt } from './fictional-people.js';

/** "Today" for the release packs demonstration: some women must be due out soon after it. */
const PACKS_AS_OF = dayOf(2021, 4, 10);
const PACKS_WINDOW = 42;

// ---------------------------------------------------------------------------
// Fictional names, places and phrases.

const TRAINERS = ['Trainer Example', 'Tessa Trainwell-Sample', 'Dr Demora Placeholder', 'Coach Samplina Example'] as const;
const SUPERVISORS = ['Supervisor Example', 'Fictia Oversight-Sample', 'Exempla Sampleton'] as const;
const FACILITATORS = ['Facilitator Example', 'Testa Groupwell-Sample', 'Samplina Circle-Example'] as const;
const VERIFIERS = ['Coordinator Example', 'Verifina Checkwell-Sample', 'Demora Listkeeper-Example'] as const;

interface Area {
  name: string;
  /** A fictional-sounding local tag for service names. */
  tag: string;
  /** Share of women expecting to live there. */
  weight: number;
  /** Drama-range phone prefix; the number's last digits are allotted in turn. */
  phone: 'local' | 'london' | 'nottingham' | 'leicester';
}

const AREAS: readonly Area[] = [
  { name: 'Peterborough', tag: 'Nene Valley', weight: 22, phone: 'local' },
  { name: 'Cambridgeshire', tag: 'Fen Edge', weight: 14, phone: 'local' },
  { name: 'Norfolk', tag: 'Broadland', weight: 10, phone: 'local' },
  { name: 'Suffolk', tag: 'Orwell Side', weight: 8, phone: 'local' },
  { name: 'Lincolnshire', tag: 'Wolds View', weight: 9, phone: 'local' },
  { name: 'Northamptonshire', tag: 'Rockingham', weight: 8, phone: 'local' },
  { name: 'Bedford', tag: 'Ouse Bend', weight: 4, phone: 'local' },
  { name: 'Luton', tag: 'Chiltern Gate', weight: 4, phone: 'local' },
  { name: 'Essex', tag: 'Blackwater', weight: 7, phone: 'london' },
  { name: 'Hertfordshire', tag: 'Lea Valley', weight: 5, phone: 'london' },
  { name: 'Leicestershire', tag: 'Soar Meadow', weight: 4, phone: 'leicester' },
  { name: 'Nottinghamshire', tag: 'Trent Side', weight: 3, phone: 'nottingham' },
];
const NOT_KNOWN = 'Not known';
/** Destination weights: the areas, then Not known. */
const DESTINATION_WEIGHTS = [...AREAS.map((a) => a.weight), 3];

/** Service names by type: two fictional templates, `{t}` the area's tag. */
const SERVICE_NAMES: Record<string, readonly [string, string]> = {
  GP: ['{t} Example Road Surgery', '{t} Sample Street Medical Centre'],
  Dental: ['{t} Example Dental Practice', '{t} Smile Sample Dental Care'],
  'Talking therapies (IAPT)': ['{t} Talking Therapies (Example NHS Service)', '{t} Example Wellbeing Service'],
  'Crisis mental health': ['{t} Example Crisis Line', '{t} Example Crisis Café'],
  "Women's centre": ["{t} Example Women's Centre", "{t} Sample Women's Hub"],
  'Domestic abuse support': ['{t} Example Domestic Abuse Service', '{t} Sample Refuge Outreach'],
};

const HOW_TO_ACCESS: Record<string, readonly [string, string]> = {
  GP: ['Phone to register; bring proof of address if you have it', 'Register online or at reception; you do not need proof of address'],
  Dental: ['Phone to ask about NHS appointments', 'Ring in the morning for urgent appointments'],
  'Talking therapies (IAPT)': ['Refer yourself online or by phone', 'Self-referral by phone; your GP can also refer you'],
  'Crisis mental health': ['Call any time, day or night', 'Phone 24 hours a day; you can also text'],
  "Women's centre": ['Drop in on weekdays, or phone to book', 'Phone first and a worker will call you back'],
  'Domestic abuse support': ['Phone or use the web chat; calls are confidential', 'Phone to talk to an adviser in confidence'],
};

/** Area/type combinations with no local entry: the coordinator's gaps to chase. */
const DIRECTORY_GAPS = new Set([
  'Peterborough|Talking therapies (IAPT)',
  'Luton|Dental',
  'Lincolnshire|Dental',
  "Bedford|Women's centre",
  'Nottinghamshire|Talking therapies (IAPT)',
  'Essex|Crisis mental health',
  'Norfolk|Domestic abuse support',
]);

const NATIONAL_SERVICES: ReadonlyArray<readonly [string, string, string]> = [
  ['Crisis mental health', 'Example National Listening Line', 'Call free, any time, day or night'],
  ['Crisis mental health', 'Sample Mental Health Crisis Helpline', 'Call free; open every evening and weekend'],
  ['Domestic abuse support', 'Example National Domestic Abuse Helpline', 'Call free, 24 hours a day; calls are confidential'],
  ['Domestic abuse support', 'Sample Helpline for Women (Example Charity)', 'Call free or use the web chat on weekdays'],
  ["Women's centre", "Example Women's Network Advice Line", 'Call free on weekdays for advice and a local centre near you'],
];

/** GP practices a woman may choose that the directory lacks (`{t}` the area's tag). */
const UNLISTED_PRACTICES = ['{t} Example Family Practice', '{t} Sample Lane Health Centre'] as const;

const STREETS = ['Example Road', 'Sample Street', 'Placeholder Lane', 'Testing Way', 'Fiction Avenue', 'Madeup Close'] as const;

const NOTES = [
  'Chatted on the wing',
  'Helped with a canteen sheet',
  'Went through the visits booking form',
  'Talked about the gym timetable',
  'Agreed to meet again next week',
  'Showed her where the library is',
  'Went over the release checklist',
  'Helped write questions to take to healthcare',
  'Explained how applications work',
  'Encouraged her to try the wellbeing group',
] as const;
const WORKED_WELL = [
  'Having someone to talk to',
  'Help with forms',
  'Being listened to',
  'Knowing what to expect',
  'Someone who had been through it',
  'Friendly and patient',
  'Help getting to appointments',
] as const;
const COULD_BE_BETTER = [
  'More time to talk',
  'Longer sessions',
  'More information before release',
  'Seeing the same person each time',
  'More groups in the evenings',
  'Shorter waits for appointments',
] as const;
const THEMES = [
  'Waiting times for appointments; information before release',
  'Visits and family contact',
  'Food and exercise during pregnancy',
  'Knowing who to ask for help',
  'Access to the gym and activities',
  'Getting registered with a GP before release',
] as const;
const HOURS = ['1', '1.5', '2', '2', '2.5', '3', '6'] as const;


const CONTACT_TYPE_TEXT = subsetTexts(choicesOf('contacts', 'contactType'));
const TOPIC_TEXT = subsetTexts(choicesOf('training', 'topics'));
const INFORMATION_TEXT = subsetTexts(choicesOf('releases', 'informationGiven'));
const SERVICES_NEEDED_TEXT = subsetTexts(choicesOf('releasePlanning', 'servicesNeeded'));
const SCHEME_CHOICES = choicesOf('contacts', 'scheme'); // Perinatal, Reconnect
const SCHEMES_TEXT = subsetTexts(choicesOf('supporters', 'schemes')); // by mask: 1 Perinatal, 2 Reconnect, 3 both
const CONTACT_TYPE_CHOICES = choicesOf('contacts', 'contactType');
const TOPIC_CHOICES = choicesOf('training', 'topics');
const CT = (name: (typeof CONTACT_TYPES)[number]) => 1 << CONTACT_TYPE_CHOICES.indexOf(name);
const TOPIC = (name: (typeof TRAINING_TOPICS)[number]) => 1 << TOPIC_CHOICES.indexOf(name);
const PERINATAL = 1;
const RECONNECT = 2;


// ---------------------------------------------------------------------------

interface Supporter {
  id: string;
  name: string;
  schemes: number; // mask
  paid: boolean;
  start: number;
  end: number | null;
  clearance: number | null;
}

interface Woman {
  pn: string;
  first: string;
  last: string;
  received: number;
  /** 0 Pregnant, 1 Pregnant in the last 12 months, 2 Not applicable. */
  status: number;
  /** The expected release date the register ends with (-1: blank). */
  expected: number;
  /** The expected release date on her intake row, if an update changed it (-1: blank). */
  expectedAtIntake: number;
  confirmedAtIntake: string;
  /** A later intake row: the day it is submitted, or -1. */
  updateDay: number;
  /** Index into AREAS, or -1 for Not known. */
  destination: number;
  consent: string;
  shareConsent: string;
  /** The day she actually leaves (may lie beyond the data). */
  actual: number;
  /** Whether her release is logged (when it falls inside the data). */
  logged: boolean;
  /** The day of her last Contacts row (-1: none). */
  lastContact: number;
  /** What her Releases row says (null: none), for a Release planning record that agrees with it. */
  release: { gp: string; registration: string; packGiven: string; reconnected: string } | null;
  /** The day she withdrew her consent (-1: she has not). */
  withdrawn: number;
}

class ContractSample {
  private readonly r: Random;
  private readonly scale: number;
  private readonly seed: number;
  readonly supporters = new TabRows('supporters');
  readonly women = new TabRows('women');
  readonly contacts = new TabRows('contacts');
  readonly training = new TabRows('training');
  readonly supervision = new TabRows('supervision');
  readonly questionnaires = new TabRows('questionnaires');
  readonly focusGroups = new TabRows('focusGroups');
  readonly releases = new TabRows('releases');
  readonly services = new TabRows('services');
  readonly releasePlanning = new TabRows('releasePlanning');

  readonly team: Supporter[] = [];
  /** Indexes of supporters active on each scheme, by day - START: [perinatal, reconnect]. */
  private active: [number[][], number[][]] = [[], []];
  private people: Woman[] = [];
  /** GP practice names by area index, for release rows. */
  private gpNames: string[][] = [];
  private statusPhase = 0;

  constructor(scale: number, seed: number) {
    this.scale = scale;
    this.seed = seed;
    this.r = new Random(seed);
    this.statusPhase = this.r.next();
  }

  run(): Tab[] {
    this.makeServices(); // first, from its own stream: the directory does not depend on scale
    this.makeSupporters();
    this.makeWomen();
    this.makeContacts();
    this.makeReleases();
    this.makeTraining();
    this.makeSupervision();
    this.makeQuestionnaires();
    this.makeFocusGroups();
    // Last, from a stream of its own: the form came after the other tabs, which stay as they were.
    this.makeReleasePlanning(new Random(this.seed ^ 0x91a2));
    plantMistakes(this, new Random(this.seed ^ 0x5eed));
    return [
      this.supporters.tab(),
      this.women.tab(),
      this.contacts.tab(),
      this.training.tab(),
      this.supervision.tab(),
      this.questionnaires.tab(),
      this.focusGroups.tab(),
      this.releases.tab(),
      this.releasePlanning.tab(),
      this.services.tab(false),
    ];
  }

  // -- time helpers -------------------------------------------------------

  /** The day a form about `event` is submitted: on it or a few days after, on a weekday. */
  private submitDay(event: number, maxLag = 3): number {
    return submitDayWith(this.r, event, maxLag);
  }

  /** A working-day time on `day`: [Timestamp text, sort key]. */
  private stamp(day: number): [string, number] {
    return stampWith(this.r, day);
  }

  /** A weekday in [a, b] (a if there is none). */
  private weekdayIn(a: number, b: number): number {
    return weekdayWith(this.r, a, b);
  }

  private name(): [string, string] {
    return [this.r.pick(FIRST_NAMES), this.r.pick(LAST_NAMES)];
  }

  // -- supporters ---------------------------------------------------------

  private makeSupporters(): void {
    const r = this.r;
    const count = Math.max(6, Math.round(40 * Math.sqrt(this.scale)));
    const initial = Math.max(4, Math.round(count * 0.4));
    const starts: number[] = [];
    for (let i = 0; i < count; i++) starts.push(i < 4 ? START : i < initial ? START + r.int(0, 12) : r.int(START + 30, END - 60));
    starts.sort((a, b) => a - b);
    // The first four never leave, so that each scheme always has someone on it.
    const forcedSchemes = [PERINATAL, RECONNECT, PERINATAL | RECONNECT, PERINATAL | RECONNECT];
    const joining: Array<{ s: Supporter; ts: string; key: number }> = [];
    for (let i = 0; i < count; i++) {
      const start = starts[i]!;
      const forced = forcedSchemes[i];
      const schemes = forced ?? [PERINATAL, RECONNECT, PERINATAL | RECONNECT][r.weighted([30, 45, 25])]!;
      let end: number | null = null;
      if (forced === undefined && r.chance(0.35)) {
        const e = start + r.int(90, 500);
        if (e <= END - 14) end = e;
      }
      const [first, last] = this.name();
      const s: Supporter = {
        id: '',
        name: `${first} ${last}`,
        schemes,
        paid: r.chance(0.2),
        start,
        end,
        clearance: r.chance(0.9) ? start - r.int(10, 60) : null,
      };
      const [ts, key] = this.stamp(this.submitDay(start));
      joining.push({ s, ts, key });
    }
    // IDs are given out in the order supporters are registered.
    joining.sort((a, b) => a.key - b.key);
    const width = Math.max(3, String(count).length);
    const c = this.supporters.col;
    joining.forEach(({ s, ts, key }, i) => {
      s.id = `PS-${String(i + 1).padStart(width, '0')}`;
      this.team.push(s);
      const row = this.supporters.add(key);
      row[c.timestamp!] = ts;
      row[c.supporterId!] = s.id;
      row[c.name!] = s.name;
      row[c.schemes!] = SCHEMES_TEXT[s.schemes]!;
      row[c.role!] = s.paid ? 'Paid' : 'Volunteer';
      row[c.startDate!] = dateText(s.start);
      if (s.clearance !== null) row[c.securityClearanceDate!] = dateText(s.clearance);
      if (s.end !== null) {
        // Leaving: a later submission with the same ID, the End date and the required answers only.
        const [ts2, key2] = this.stamp(this.submitDay(s.end, 5));
        const leave = this.supporters.add(key2);
        leave[c.timestamp!] = ts2;
        leave[c.supporterId!] = s.id;
        leave[c.name!] = s.name;
        leave[c.schemes!] = SCHEMES_TEXT[s.schemes]!;
        leave[c.startDate!] = dateText(s.start);
        leave[c.endDate!] = dateText(s.end);
      }
    });
    for (let d = START; d <= END; d++) {
      this.active[0].push([]);
      this.active[1].push([]);
    }
    this.team.forEach((s, i) => {
      const last = Math.min(s.end ?? END, END);
      for (let d = Math.max(s.start, START); d <= last; d++) {
        if (s.schemes & PERINATAL) this.active[0][d - START]!.push(i);
        if (s.schemes & RECONNECT) this.active[1][d - START]!.push(i);
      }
    });
  }

  /** Supporters active on a scheme mask (either scheme) on a day. */
  private activeOn(day: number, schemes: number): number[] {
    const p = schemes & PERINATAL ? this.active[0][day - START]! : [];
    const q = schemes & RECONNECT ? this.active[1][day - START]! : [];
    if (q.length === 0) return p;
    if (p.length === 0) return q;
    return [...new Set([...p, ...q])];
  }

  /** A cell of Supporter IDs, in ID order (the order of the form's choices). */
  private idsText(indexes: number[]): string {
    return indexes
      .sort((a, b) => a - b)
      .map((i) => this.team[i]!.id)
      .join(', ');
  }

  // -- women --------------------------------------------------------------

  private prisonNumber(i: number): string {
    return prisonNumberAt(i, this.seed);
  }

  private stay(): number {
    const k = this.r.weighted([30, 45, 25]);
    return k === 0 ? this.r.int(14, 84) : k === 1 ? this.r.int(85, 270) : this.r.int(271, 540);
  }

  private makeWomen(): void {
    const r = this.r;
    const perDay = (620 / 365) * this.scale;
    // Receptions come from court on weekdays, a few on Saturdays; the intake form beds in
    // over the first three months of the scheme.
    const weekdayFactor = [0, 1.35, 1.35, 1.35, 1.35, 1.35, 0.25];
    for (let day = START; day <= END; day++) {
      const ramp = day < START + 29 ? 0.45 : day < START + 58 ? 0.65 : day < START + 88 ? 0.85 : 1;
      const n = r.round(perDay * weekdayFactor[WEEKDAY[day]!]! * ramp * (0.6 + 0.8 * r.next()));
      for (let k = 0; k < n; k++) this.people.push(this.newWoman(day));
    }
    this.settlePacksDemo();

    const c = this.women.col;
    const statuses = choicesOf('women', 'perinatalStatus');
    for (const w of this.people) {
      const [ts, key] = this.stamp(this.submitDay(w.received, 2));
      const row = this.women.add(key);
      row[c.timestamp!] = ts;
      row[c.prisonNumber!] = w.pn;
      row[c.firstName!] = w.first;
      row[c.lastName!] = w.last;
      row[c.dateReceived!] = dateText(w.received);
      row[c.perinatalStatus!] = statuses[w.status]!;
      if (w.expectedAtIntake >= 0) row[c.expectedReleaseDate!] = dateText(w.expectedAtIntake);
      row[c.releaseDateConfirmed!] = w.confirmedAtIntake;
      row[c.destinationArea!] = w.destination < 0 ? NOT_KNOWN : AREAS[w.destination]!.name;
      row[c.consentPeerSupport!] = w.consent;
      row[c.consentShareHealthcare!] = w.shareConsent;
      if (w.updateDay >= 0) {
        // An update: the required answers again, and the new expected release date, confirmed.
        const [ts2, key2] = this.stamp(w.updateDay);
        const up = this.women.add(key2);
        up[c.timestamp!] = ts2;
        up[c.prisonNumber!] = w.pn;
        up[c.firstName!] = w.first;
        up[c.lastName!] = w.last;
        up[c.dateReceived!] = dateText(w.received);
        if (w.expected >= 0) up[c.expectedReleaseDate!] = dateText(w.expected);
        up[c.releaseDateConfirmed!] = 'Yes';
      }
    }
  }

  private newWoman(received: number): Woman {
    const r = this.r;
    const [first, last] = this.name();
    // Perinatal status from an evenly spread sequence, so each share is close to its rate in any stretch.
    this.statusPhase = (this.statusPhase + 0.6180339887498949) % 1;
    const status = this.statusPhase < 0.065 ? 0 : this.statusPhase < 0.13 ? 1 : 2;
    const consent = ['Yes', 'No', ''][r.weighted([90, 8, 2])]!;
    const shareConsent = consent === 'Yes' ? ['Yes', 'No', ''][r.weighted([88, 10, 2])]! : ['Yes', 'No', ''][r.weighted([25, 70, 5])]!;
    const destination = r.weighted(DESTINATION_WEIGHTS);
    const knownExpected = r.chance(0.92);
    const expected = received + this.stay();
    // The actual release: mostly on the day, some a little early or late, a few early on licence (HDC).
    const j = r.weighted([70, 15, 10, 5]);
    const shift = j === 0 ? 0 : j === 1 ? -r.int(1, 7) : j === 2 ? r.int(1, 14) : -r.int(30, 90);
    const actual = Math.max(received + 7, expected + shift);
    const w: Woman = {
      pn: this.prisonNumber(this.people.length),
      first,
      last,
      received,
      status,
      expected: knownExpected ? expected : -1,
      expectedAtIntake: knownExpected ? expected : -1,
      confirmedAtIntake: knownExpected ? ['Yes', 'No', ''][r.weighted([45, 50, 5])]! : r.chance(0.5) ? 'No' : '',
      updateDay: -1,
      destination: destination < AREAS.length ? destination : -1,
      consent,
      shareConsent,
      actual,
      logged: knownExpected ? r.chance(0.95) : r.chance(0.5),
      lastContact: -1,
      release: null,
      withdrawn: -1,
    };
    if (r.chance(0.12)) {
      // A later row: the sentence recalculated, or the date confirmed.
      const from = received + 7;
      const to = Math.min(actual - 7, received + 90, END);
      if (to > from) {
        w.updateDay = this.submitDay(r.int(from, to), 1);
        if (!knownExpected) {
          // The date is worked out after reception and recorded by the update.
          w.expected = expected;
          w.logged = r.chance(0.95);
        } else if (r.chance(0.5)) {
          w.expectedAtIntake = Math.max(received + 7, expected + (r.chance(0.5) ? 1 : -1) * r.int(7, 40));
        }
        w.confirmedAtIntake = r.chance(0.5) ? 'No' : '';
      }
    }
    return w;
  }

  /**
   * The release packs demonstration needs a handful of women due out in the six weeks
   * after 10 April 2021 (consent given, not yet released): some who would be are
   * instead released a few days early on licence, or someone due later is brought forward.
   */
  private settlePacksDemo(): void {
    const r = this.r;
    const low = Math.max(1, Math.round(6 * this.scale));
    const high = Math.max(low, Math.round(12 * this.scale));
    const until = PACKS_AS_OF + PACKS_WINDOW;
    const due = (w: Woman) =>
      w.consent === 'Yes' && w.expected >= PACKS_AS_OF && w.expected <= until && !(w.logged && w.actual <= PACKS_AS_OF);
    const dueNow = this.people.filter(due);
    if (dueNow.length > high) {
      let surplus = dueNow.length - high;
      for (const w of r.sample(dueNow, dueNow.length)) {
        if (surplus === 0) break;
        if (w.received > PACKS_AS_OF - 14) continue;
        w.actual = r.int(Math.max(w.received + 7, PACKS_AS_OF - 9), PACKS_AS_OF);
        w.logged = true;
        surplus--;
      }
    } else if (dueNow.length < low) {
      let missing = low - dueNow.length;
      const later = this.people.filter((w) => w.consent === 'Yes' && w.received <= PACKS_AS_OF - 14 && w.expected > until && w.updateDay < 0);
      for (const w of r.sample(later, later.length)) {
        if (missing === 0) break;
        w.expected = w.expectedAtIntake = w.actual = r.int(PACKS_AS_OF + 3, until);
        w.logged = true;
        missing--;
      }
    }
  }

  // -- contacts -----------------------------------------------------------

  private makeContacts(): void {
    const r = this.r;
    for (const w of this.people) {
      if (w.consent !== 'Yes') continue;
      const last = Math.min(w.actual - 1, END);
      if (last < w.received) continue;
      // Reconnect: reception support, contacts through her stay, release planning at the end.
      if (r.chance(0.85)) {
        const d = w.received + r.int(0, 3);
        if (d <= last) {
          const types = CT('Reception support') | (r.chance(0.4) ? CT('Emotional support') : 0) | (r.chance(0.2) ? CT('Practical help') : 0);
          this.contact(d, w, RECONNECT, types, r.int(4, 9) * 5, r.chance(0.3) ? 'Not yet' : '');
        }
      }
      for (let d = w.received + r.int(10, 30); d < w.actual - 42 && d <= END; d += r.int(21, 49)) {
        if (!r.chance(0.85)) continue;
        this.contact(d, w, RECONNECT, this.ongoingTypes(), this.minutes(), ['', 'Not yet', 'No'][r.weighted([55, 35, 10])]!);
      }
      if (w.expected >= 0 || r.chance(0.4)) {
        const k = r.int(1, 3);
        const days = new Set<number>();
        for (let i = 0; i < k; i++) days.add(w.actual - r.int(1, 42));
        const ordered = [...days].filter((d) => d >= w.received && d >= START && d <= END).sort((a, b) => a - b);
        ordered.forEach((d, i) => {
          const final = i === ordered.length - 1;
          const gp = final ? ['Yes', 'Not yet', 'No'][r.weighted([65, 20, 15])]! : ['Yes', 'Not yet'][r.weighted([30, 70])]!;
          const types = CT('Release planning') | (r.chance(0.4) ? CT('Practical help') : 0);
          this.contact(d, w, RECONNECT, types, this.minutes(), gp);
        });
      }
      // Perinatal: for women pregnant or recently pregnant, from reception and every week or two.
      if (w.status <= 1) {
        if (r.chance(0.9)) {
          const d = w.received + r.int(0, 2);
          if (d <= last) this.contact(d, w, PERINATAL, CT('Reception support') | (r.chance(0.5) ? CT('Emotional support') : 0), r.int(4, 9) * 5, '');
        }
        let n = 0;
        for (let d = w.received + r.int(5, 14); d <= last && n < 20; d += r.int(7, 21), n++) {
          this.contact(d, w, PERINATAL, this.ongoingTypes(), this.minutes(), r.chance(0.15) ? 'Not yet' : '');
        }
      }
    }
  }

  private ongoingTypes(): number {
    const r = this.r;
    const kinds = [CT('Emotional support'), CT('Practical help'), CT('Encouraging engagement'), CT('Ad hoc support')];
    const weights = [40, 30, 18, 12];
    let mask = kinds[r.weighted(weights)]!;
    if (r.chance(0.3)) mask |= kinds[r.weighted(weights)]!;
    return mask;
  }

  private minutes(): string {
    const x = this.r.next();
    if (x < 0.05) return '';
    return NUMBER_TEXT[x < 0.93 ? this.r.int(2, 18) * 5 : this.r.int(19, 24) * 5]!;
  }

  private contact(day: number, w: Woman, scheme: number, types: number, minutes: number | string, gp: string): void {
    if (day < START || day > END) return;
    const r = this.r;
    const pool = this.active[scheme === PERINATAL ? 0 : 1][day - START]!;
    if (pool.length === 0) return;
    const a = pool[Math.floor(r.next() * pool.length)]!;
    let ids = this.team[a]!.id;
    if (pool.length > 1 && r.chance(0.3)) {
      let b = a;
      while (b === a) b = pool[Math.floor(r.next() * pool.length)]!;
      ids = a < b ? `${ids}, ${this.team[b]!.id}` : `${this.team[b]!.id}, ${ids}`;
    }
    const [ts, key] = this.stamp(this.submitDay(day));
    const c = this.contacts.col;
    const row = this.contacts.add(key);
    if (day > w.lastContact) w.lastContact = day;
    row[c.timestamp!] = ts;
    row[c.contactDate!] = dateText(day);
    row[c.prisonNumber!] = w.pn;
    row[c.scheme!] = SCHEME_CHOICES[scheme === PERINATAL ? 0 : 1]!;
    row[c.peerSupporters!] = ids;
    row[c.contactType!] = CONTACT_TYPE_TEXT[types]!;
    row[c.minutes!] = typeof minutes === 'number' ? NUMBER_TEXT[minutes]! : minutes;
    row[c.gpPracticeIdentified!] = gp;
    if (r.chance(0.22)) row[c.notes!] = r.pick(NOTES);
  }

  // -- releases -----------------------------------------------------------

  private makeReleases(): void {
    const r = this.r;
    const c = this.releases.col;
    const registration = choicesOf('releases', 'gpRegistration');
    const infoWeights = [0.9, 0.6, 0.55, 0.6, 0.65, 0.5];
    for (const w of this.people) {
      if (!w.logged || w.actual > END || w.actual < START) continue;
      // Logged on the day or soon after; some a week or two later (after the quarter has ended).
      const x = r.next();
      const lag = x < 0.6 ? r.int(0, 1) : x < 0.9 ? r.int(2, 5) : r.int(6, 14);
      let day = w.actual + lag;
      while (WEEKDAY[day] === 0 || WEEKDAY[day] === 6) day++;
      const [ts, key] = this.stamp(day);
      const row = this.releases.add(key);
      let destination = w.destination;
      if (r.chance(destination < 0 ? 0.6 : 0.08)) destination = r.weighted(AREAS.map((a) => a.weight));
      const consented = w.consent === 'Yes';
      const gp = destination >= 0 && r.chance(consented ? 0.65 : 0.3) ? r.pick(this.gpNames[destination]!) : '';
      row[c.timestamp!] = ts;
      row[c.prisonNumber!] = w.pn;
      row[c.releaseDate!] = dateText(w.actual);
      row[c.destinationArea!] = destination < 0 ? NOT_KNOWN : AREAS[destination]!.name;
      row[c.gpPractice!] = gp;
      row[c.gpRegistration!] = gp
        ? registration[r.weighted([65, 30, 5])]!
        : (['', ...registration][r.weighted([20, 0, 20, 60])] ?? '');
      if (consented) {
        let mask = 0;
        infoWeights.forEach((p, i) => {
          if (r.chance(p)) mask |= 1 << i;
        });
        if (!r.chance(0.05)) row[c.informationGiven!] = INFORMATION_TEXT[mask]!;
        row[c.releasePackGiven!] = r.chance(0.88) ? 'Yes' : 'No';
        row[c.supportedToReconnect!] = ['Yes', 'No', ''][r.weighted([85, 13, 2])]!;
      } else {
        row[c.releasePackGiven!] = 'No';
        row[c.supportedToReconnect!] = r.chance(0.95) ? 'No' : '';
      }
      w.release = {
        gp,
        registration: row[c.gpRegistration!]!,
        packGiven: row[c.releasePackGiven!]!,
        reconnected: row[c.supportedToReconnect!]!,
      };
    }
  }

  // -- training and supervision -------------------------------------------

  private makeTraining(): void {
    const r = this.r;
    const c = this.training.col;
    // Topics in rotation, so that each quarter covers the four core topics.
    const rotation = [...CORE_TRAINING_TOPICS, 'Trauma-informed practice', ...CORE_TRAINING_TOPICS, 'Other'] as const;
    let next = 0;
    MONTHS.forEach(([first, last], m) => {
      const n = m === 0 ? Math.max(5, r.round(5 * this.scale)) : r.round((2 + 2 * r.next()) * this.scale);
      for (let i = 0; i < n; i++) {
        // The first month is the initial course for the first cohort: both schemes together.
        const day = m === 0 ? this.weekdayIn(first + 2 + (i % 5) * 5, last) : this.weekdayIn(first, last);
        const schemes = m === 0 ? PERINATAL | RECONNECT : [PERINATAL, RECONNECT, PERINATAL | RECONNECT][r.weighted([38, 37, 25])]!;
        const pool = this.activeOn(day, schemes);
        if (pool.length === 0) continue;
        let topics = TOPIC(rotation[next++ % rotation.length]!);
        if (r.chance(0.4)) topics |= TOPIC(r.pick(TRAINING_TOPICS));
        if (m === 0 && i === 0) topics |= TOPIC('Trauma-informed practice');
        const [ts, key] = this.stamp(this.submitDay(day));
        const row = this.training.add(key);
        row[c.timestamp!] = ts;
        row[c.sessionDate!] = dateText(day);
        row[c.schemes!] = SCHEMES_TEXT[schemes]!;
        row[c.topics!] = TOPIC_TEXT[topics]!;
        row[c.trainer!] = r.pick(TRAINERS);
        row[c.attendees!] = this.idsText(r.sample(pool, r.int(3, 10)));
        row[c.hours!] = m === 0 ? '6' : r.pick(HOURS);
      }
    });
  }

  private makeSupervision(): void {
    const r = this.r;
    const c = this.supervision.col;
    const concerns = () => ['No', 'Yes', ''][r.weighted([90, 6, 4])]!;
    const session = (day: number, schemes: number, format: string, who: number[]) => {
      const [ts, key] = this.stamp(this.submitDay(day));
      const row = this.supervision.add(key);
      row[c.timestamp!] = ts;
      row[c.sessionDate!] = dateText(day);
      row[c.schemes!] = SCHEMES_TEXT[schemes]!;
      row[c.format!] = format;
      row[c.supervisor!] = r.pick(SUPERVISORS);
      row[c.attendees!] = this.idsText(who);
      row[c.concernsRaised!] = concerns();
    };
    for (const [first, last] of MONTHS) {
      for (const scheme of [PERINATAL, RECONNECT]) {
        const groups = Math.max(1, r.round(this.scale));
        for (let i = 0; i < groups; i++) {
          const day = this.weekdayIn(first, last);
          const pool = this.activeOn(day, scheme);
          if (pool.length > 0) session(day, scheme, 'Group', r.sample(pool, r.int(3, 8)));
        }
      }
      const ones = r.round(2 * this.scale * (0.5 + r.next()));
      for (let i = 0; i < ones; i++) {
        const day = this.weekdayIn(first, last);
        const pool = this.activeOn(day, PERINATAL | RECONNECT);
        if (pool.length === 0) continue;
        const who = r.pick(pool);
        const theirs = this.team[who]!.schemes;
        const schemes = theirs === (PERINATAL | RECONNECT) && r.chance(0.5) ? (r.chance(0.5) ? PERINATAL : RECONNECT) : theirs;
        session(day, schemes, 'One-to-one', [who]);
      }
    }
  }

  // -- feedback -----------------------------------------------------------

  private makeQuestionnaires(): void {
    const r = this.r;
    const c = this.questionnaires.col;
    const scale = choicesOf('questionnaires', 'dignity');
    const stages = choicesOf('questionnaires', 'stage'); // Pregnant, Recently pregnant, Other
    const agreement = () => (r.chance(0.06) ? '' : scale[r.weighted([2, 5, 12, 38, 43])]!);
    for (const [first, last] of QUARTERS) {
      const n = r.round((28 + 16 * r.next()) * this.scale * ((last - first + 1) / 91));
      for (let i = 0; i < n; i++) {
        const day = r.int(first, last);
        const perinatal = r.chance(0.4);
        const stage = perinatal ? stages[r.weighted([55, 40, 5])]! : (['', ...stages][r.weighted([5, 5, 5, 85])] ?? '');
        const [ts, key] = this.stamp(this.submitDay(day, 7));
        const row = this.questionnaires.add(key);
        row[c.timestamp!] = ts;
        row[c.dateCompleted!] = dateText(day);
        row[c.scheme!] = SCHEME_CHOICES[perinatal ? 0 : 1]!;
        row[c.stage!] = stage;
        row[c.dignity!] = agreement();
        row[c.careNeeded!] = agreement();
        row[c.supporterHelped!] = agreement();
        if (r.chance(0.55)) row[c.workedWell!] = r.pick(WORKED_WELL);
        if (r.chance(0.4)) row[c.couldBeBetter!] = r.pick(COULD_BE_BETTER);
      }
    }
  }

  private makeFocusGroups(): void {
    const r = this.r;
    const c = this.focusGroups.col;
    for (const [first, last] of QUARTERS) {
      for (const scheme of [0, 1]) {
        const n = Math.max(1, r.round(this.scale * (r.chance(0.5) ? 2 : 1)));
        for (let i = 0; i < n; i++) {
          const day = this.weekdayIn(first + 7, last - 7);
          const [ts, key] = this.stamp(this.submitDay(day));
          const row = this.focusGroups.add(key);
          row[c.timestamp!] = ts;
          row[c.dateHeld!] = dateText(day);
          row[c.scheme!] = SCHEME_CHOICES[scheme]!;
          row[c.participants!] = NUMBER_TEXT[r.int(3, 10)]!;
          row[c.facilitator!] = r.pick(FACILITATORS);
          if (r.chance(0.75)) row[c.themes!] = r.pick(THEMES);
        }
      }
    }
  }

  // -- release planning and consent withdrawn ------------------------------

  /**
   * Release planning rows for most consenting women with an expected release date,
   * dated in the six weeks before it (and before she leaves): a chosen practice as
   * the directory names it (as her Releases row names it, where the directory has
   * that one; a few it lacks), GP registration agreeing with her Releases row,
   * the services she will need, the supporter who recorded it, and whether her pack
   * is printed. A third are recorded twice: a first visit, then the rest (the upsert).
   * A few women withdraw their consent, each after her last contact: one of them
   * before the packs demonstration's day, while due out in its window.
   *
   * Only the Women tab (an update row per withdrawal) and this tab change: `r` is a
   * stream of its own, so every other tab stays as it was before the form existed.
   */
  private makeReleasePlanning(r: Random): void {
    const until = PACKS_AS_OF + PACKS_WINDOW;
    const inDemo = (w: Woman) => w.consent === 'Yes' && w.expected >= PACKS_AS_OF && w.expected <= until && !(w.logged && w.actual <= PACKS_AS_OF);
    this.withdrawConsent(r, inDemo);

    const c = this.releasePlanning.col;
    const directory = AREAS.map((_, ai) => this.directoryNames(ai, 'GP'));
    const registration = choicesOf('releasePlanning', 'gpRegistration'); // Registered, Registration started, Not started
    const AFTER_RELEASE: Record<string, string> = {
      'Registered before release': registration[0]!,
      'Registration started': registration[1]!,
      'Not registered': registration[2]!,
    };
    const neededWeights = [0.9, 0.5, 0.35, 0.2, 0.4, 0.15];
    let demoPlans = 0;
    for (const w of this.people) {
      if (w.consent !== 'Yes' || w.expected < 0) continue;
      const lo = Math.max(w.received + 3, w.expected - 42, START);
      const hi = Math.min(w.actual - 1, w.expected, END, w.withdrawn < 0 ? END : w.withdrawn - 1);
      const demo = inDemo(w) && !(w.withdrawn >= 0 && w.withdrawn <= PACKS_AS_OF);
      if (hi < lo || !r.chance(demo ? 0.85 : 0.7)) continue;
      const day = r.int(lo, hi);
      const area = w.destination;
      let practice = '';
      if (area >= 0) {
        const listed = directory[area]!;
        const theirs = w.release?.gp ?? '';
        const unlisted = UNLISTED_PRACTICES[r.int(0, UNLISTED_PRACTICES.length - 1)]!.replace('{t}', AREAS[area]!.tag);
        // The demonstration's first plan names a practice the directory lacks, its second types a listed one loosely.
        if (demo && demoPlans === 0) practice = unlisted;
        else if (listed.includes(theirs) && r.chance(0.9)) practice = theirs;
        else practice = r.chance(0.04) ? unlisted : r.pick(listed);
        if (demo && demoPlans === 1) practice = `  ${practice.toLowerCase()} `;
      } else if (r.chance(0.3)) {
        practice = UNLISTED_PRACTICES[0]!.replace('{t}', 'Riverside');
      }
      if (demo) demoPlans++;
      const registered = w.release
        ? (AFTER_RELEASE[w.release.registration] ?? (r.chance(0.6) ? registration[2]! : ''))
        : practice
          ? registration[r.weighted([40, 35, 25])]!
          : registration[2]!;
      let needed = 0;
      neededWeights.forEach((p, i) => {
        if (r.chance(p)) needed |= 1 << i;
      });
      if (needed === 0 || practice) needed |= 1; // GP: she chose a practice, so she needs one
      const printed = day >= w.expected - 14 ? (r.chance(0.8) ? 'Yes' : 'No') : r.chance(0.6) ? 'No' : '';

      if (r.chance(0.33) && day - 7 >= lo) {
        // A first visit: the practice perhaps, nothing registered yet, the needs as first thought.
        const first = r.int(lo, day - 7);
        const row = this.planningRow(r, w, first);
        row[c.gpPractice!] = r.chance(0.5) ? practice : '';
        row[c.gpRegistration!] = registration[2]!;
        const firstNeeds = r.chance(0.5) ? needed : needed & ~(1 << r.int(1, 5)) || 1; // one added later
        row[c.servicesNeeded!] = SERVICES_NEEDED_TEXT[firstNeeds]!;
        // Then the rest, and what has changed: the later row's answers win.
        const later = this.planningRow(r, w, day);
        if (row[c.gpPractice!] !== practice) later[c.gpPractice!] = practice;
        later[c.gpRegistration!] = registered;
        later[c.servicesNeeded!] = SERVICES_NEEDED_TEXT[needed]!;
        later[c.releasePackPrinted!] = printed;
      } else {
        const row = this.planningRow(r, w, day);
        row[c.gpPractice!] = practice;
        row[c.gpRegistration!] = registered;
        row[c.servicesNeeded!] = SERVICES_NEEDED_TEXT[needed]!;
        row[c.releasePackPrinted!] = printed;
      }
    }
  }

  /** A Release planning row about her, recorded on `day` by a Reconnect supporter in role then (or left blank). */
  private planningRow(r: Random, w: Woman, day: number): string[] {
    const c = this.releasePlanning.col;
    const [ts, key] = stampWith(r, submitDayWith(r, day, 3));
    const row = this.releasePlanning.add(key);
    row[c.timestamp!] = ts;
    row[c.prisonNumber!] = w.pn;
    row[c.date!] = dateText(day);
    const pool = this.active[1][day - START]!;
    if (pool.length > 0 && r.chance(0.85)) row[c.peerSupporter!] = this.team[r.pick(pool)]!.id;
    return row;
  }

  /**
   * A few women withdraw their consent, a few days after their last contact (so no
   * contact follows), while still inside; none whose Releases row says she was given
   * a pack or supported to reconnect. Recorded as staff would: the intake form again,
   * its required answers and the date.
   */
  private withdrawConsent(r: Random, inDemo: (w: Woman) => boolean): void {
    const candidates: Array<[Woman, number]> = [];
    for (const w of this.people) {
      if (w.consent !== 'Yes' || w.lastContact < 0) continue;
      if (w.release && (w.release.packGiven === 'Yes' || w.release.reconnected === 'Yes')) continue;
      const day = w.lastContact + r.int(1, 10);
      if (day >= w.received + 7 && day < w.actual && day <= END - 30) candidates.push([w, day]);
    }
    // One in the packs demonstration: due out in its window, withdrawn by its day.
    const demo = candidates.filter(([w, day]) => inDemo(w) && day <= PACKS_AS_OF);
    const chosen = demo.length > 0 ? [r.pick(demo)] : [];
    const want = Math.max(4, Math.round(4 * this.scale));
    for (const pick of r.sample(candidates, candidates.length)) {
      if (chosen.length >= want) break;
      if (!chosen.includes(pick)) chosen.push(pick);
    }
    const c = this.women.col;
    for (const [w, day] of chosen) {
      w.withdrawn = day;
      const [ts, key] = stampWith(r, submitDayWith(r, day, 2));
      const row = this.women.add(key);
      row[c.timestamp!] = ts;
      row[c.prisonNumber!] = w.pn;
      row[c.firstName!] = w.first;
      row[c.lastName!] = w.last;
      row[c.dateReceived!] = dateText(w.received);
      row[c.consentWithdrawnDate!] = dateText(day);
    }
  }

  /** The directory's names of one service type in an area, as its Services rows spell them. */
  private directoryNames(area: number, type: string): string[] {
    const c = this.services.col;
    return this.services.rows.filter((row) => row[c.area!] === AREAS[area]!.name && row[c.serviceType!] === type).map((row) => row[c.name!]!);
  }

  // -- the services directory ---------------------------------------------

  private makeServices(): void {
    // Its own stream, so the directory is the same at every scale.
    const r = new Random(this.seed ^ 0x5e41ce);
    const c = this.services.col;
    // Ofcom's ranges for drama: numbers allotted in turn, never a real line.
    const phones = { local: 0, london: 0, nottingham: 0, leicester: 0, freephone: 0 };
    const phone = (kind: keyof typeof phones): string => {
      const last3 = String(phones[kind]++ % 1000).padStart(3, '0');
      switch (kind) {
        case 'local':
          return `01632 960${last3}`;
        case 'london':
          return `020 7946 0${last3}`;
        case 'nottingham':
          return `0115 496 0${last3}`;
        case 'leicester':
          return `0116 496 0${last3}`;
        case 'freephone':
          return `0808 157 0${last3}`;
      }
    };
    const verified = (): string => {
      // The directory as it stood when the first packs were made (April 2021): most
      // entries checked over the winter, some not for over 180 days (stale).
      const d = r.chance(0.82) ? r.int(dayOf(2020, 10, 15), dayOf(2021, 4, 5)) : r.int(dayOf(2020, 3, 1), dayOf(2020, 9, 30));
      return dateText(d);
    };
    AREAS.forEach((area, ai) => {
      const slug = area.name.toLowerCase().replace(/[^a-z]+/g, '-');
      this.gpNames.push(SERVICE_NAMES.GP!.map((t) => t.replace('{t}', area.tag)));
      for (const type of SERVICE_TYPES) {
        if (DIRECTORY_GAPS.has(`${area.name}|${type}`)) continue;
        const count = r.chance(0.4) ? 2 : 1;
        for (let k = 0; k < count; k++) {
          const row = this.services.add(ai);
          row[c.area!] = area.name;
          row[c.serviceType!] = type;
          row[c.name!] = SERVICE_NAMES[type]![k]!.replace('{t}', area.tag);
          row[c.address!] = `${r.int(1, 120)} ${r.pick(STREETS)}, ${area.tag}`;
          row[c.phone!] = type === 'Crisis mental health' && k === 0 ? phone('freephone') : phone(area.phone);
          row[c.website!] = k === 0 ? `https://www.example.org/${slug}/${SERVICE_SLUGS[type]}` : `https://${SERVICE_SLUGS[type]}.example.com/${slug}`;
          row[c.howToAccess!] = HOW_TO_ACCESS[type]![k]!;
          row[c.lastVerified!] = verified();
          row[c.verifiedBy!] = r.pick(VERIFIERS);
        }
      }
    });
    for (const [type, name, how] of NATIONAL_SERVICES) {
      const row = this.services.add(AREAS.length);
      row[c.area!] = 'National';
      row[c.serviceType!] = type;
      row[c.name!] = name;
      row[c.phone!] = phone('freephone');
      row[c.website!] = `https://www.example.org/national/${name.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-$/, '')}`;
      row[c.howToAccess!] = how;
      row[c.lastVerified!] = verified();
      row[c.verifiedBy!] = r.pick(VERIFIERS);
    }
  }
}

/**
 * The deliberate mistakes, a small fixed set whatever the scale:
 *  - Contacts: a malformed prison number (error); Minutes 900 (error); a Supporter ID
 *    that no Supporters row registers (warning); one row submitted twice (duplicate);
 *    identifiers typed with stray case and spaces, and a date typed ISO (all valid).
 *  - Training: Session date 31/02/2021 (error).
 *  - Supervision: Supervisor left blank (error).
 *  - Questionnaires: Scheme "Perinatl" (error).
 *  - Releases: one row submitted twice (duplicate); a prison number in lower case (valid).
 *  - Release planning: a prison number with two digits swapped, which no Women row
 *    registers (warning). (Its demonstration also has a GP practice typed in lower
 *    case with stray spaces, matched to the directory all the same: see makeReleasePlanning.)
 */
function plantMistakes(g: ContractSample, r: Random): void {
  const C = g.contacts.col;
  const rows = g.contacts.rows;
  const used = new Set<number>();
  /**
   * A contact row not used before that passes the first test it can (the last resort
   * is any row), searched from a random point; -1 only when there are too few rows.
   */
  const find = (...tests: Array<(row: string[]) => boolean>): number => {
    const from = Math.floor(r.next() * rows.length);
    for (const test of [...tests, () => true]) {
      for (let k = 0; k < rows.length; k++) {
        const i = (from + k) % rows.length;
        if (!used.has(i) && test(rows[i]!)) {
          used.add(i);
          return i;
        }
      }
    }
    return -1;
  };
  const contact = (i: number): string[] | undefined => rows[i];
  const inYear = (year: string) => (row: string[]) => row[C.contactDate!]!.endsWith(year);
  const single = (row: string[]) => !row[C.peerSupporters!]!.includes(',');

  // A prison number with a digit too many and a letter too few.
  const bad = contact(find(inYear('/2021')));
  if (bad) {
    const pn = bad[C.prisonNumber!]!;
    bad[C.prisonNumber!] = `${pn.slice(0, 5)}${pn[4] === '9' ? '0' : '9'}${pn.slice(5, 6)}`;
  }
  // 900 minutes: 90 with a zero too many.
  const long = contact(find((row) => row[C.minutes!] === '90'));
  if (long) long[C.minutes!] = '900';
  // A Supporter ID that nobody registered.
  const stranger = contact(find((row) => single(row) && inYear('/2022')(row), single));
  if (stranger) stranger[C.peerSupporters!] = `PS-${String(g.supporters.rows.length + 57).padStart(3, '0')}`;
  // Stray case and spaces: valid once trimmed and upper-cased.
  const stayer = g.team.find((s) => s.end === null)!.id;
  const lowerId = contact(find((row) => row[C.peerSupporters!] === stayer, single));
  if (lowerId) lowerId[C.peerSupporters!] = ` ${lowerId[C.peerSupporters!]!.toLowerCase()} `;
  const lowerPn = contact(find(inYear('/2022')));
  if (lowerPn) lowerPn[C.prisonNumber!] = ` ${lowerPn[C.prisonNumber!]!.toLowerCase()}`;
  // An ISO date, accepted everywhere (its own date, where 14 June 2021 has no contact).
  const iso = contact(find((row) => row[C.contactDate!] === '14/06/2021'));
  if (iso) {
    const d = iso[C.contactDate!]!;
    iso[C.contactDate!] = `${d.slice(6, 10)}-${d.slice(3, 5)}-${d.slice(0, 2)}`;
  }
  // Submitted twice.
  const twice = find(inYear('/2021'));
  if (twice >= 0) g.contacts.repeat(twice);

  // Training: 31 February.
  const T = g.training.col;
  const late = (row: string[]) => row[T.sessionDate!]!.endsWith('/02/2021') && Number(row[T.sessionDate!]!.slice(0, 2)) >= 20;
  const feb = g.training.rows.find(late) ?? g.training.rows[0];
  if (feb) feb[T.sessionDate!] = '31/02/2021';

  // Supervision: the required Supervisor left blank.
  const S = g.supervision.col;
  const blank = g.supervision.rows[Math.floor(g.supervision.rows.length * 0.4)];
  if (blank) blank[S.supervisor!] = '';

  // Questionnaires: a misspelt scheme.
  const Q = g.questionnaires.col;
  const perinatal = g.questionnaires.rows.filter((row) => row[Q.scheme!] === 'Perinatal');
  const misspelt = perinatal[Math.floor(perinatal.length * 0.6)];
  if (misspelt) misspelt[Q.scheme!] = 'Perinatl';

  // Releases: one submitted twice, one prison number typed in lower case with a trailing space.
  const R = g.releases.col;
  const n = g.releases.rows.length;
  if (n >= 2) {
    g.releases.repeat(Math.floor(n * 0.3));
    const lowerRelease = g.releases.rows[Math.floor(n * 0.7)]!;
    lowerRelease[R.prisonNumber!] = `${lowerRelease[R.prisonNumber!]!.toLowerCase()} `;
  }

  // Release planning: two digits of a prison number swapped, giving one nobody has.
  const P = g.releasePlanning.col;
  const planned = g.releasePlanning.rows[Math.floor(g.releasePlanning.rows.length * 0.5)];
  if (planned) planned[P.prisonNumber!] = unregisteredTypo(planned[P.prisonNumber!]!, new Set(g.women.rows.map((row) => row[g.women.col.prisonNumber!]!)));
}

/** A prison number with two of its digits swapped that is not in `known` (the last resort: any other well-formed one). */
function unregisteredTypo(pn: string, known: ReadonlySet<string>): string {
  for (const [i, j] of [[2, 3], [3, 4], [1, 2], [1, 4]] as const) {
    const typo = `${pn.slice(0, i)}${pn[j]}${pn.slice(i + 1, j)}${pn[i]}${pn.slice(j + 1)}`;
    if (typo !== pn && !known.has(typo)) return typo;
  }
  for (let k = 90_000_000; ; k++) if (!known.has(prisonNumberAt(k, 0))) return prisonNumberAt(k, 0);
}

/** The contract's tabs (Perinatal and Reconnect share them), from the seed's own stream. */
export function makeContractTabs(seed: number, scale: number): Tab[] {
  return new ContractSample(scale, seed).run();
}
