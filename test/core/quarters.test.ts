/** Reporting periods (data contract §3). */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { addDays } from '../../core/dates.js';
import { contractPeriod, customPeriod, parseQuarter, quarterContaining, quartersBetween, quartersEndingAt } from '../../core/quarters.js';
import { makeSettings } from '../../core/settings.js';

const financial = makeSettings();
const calendar = makeSettings({ quarters: 'calendar' });
const contract = makeSettings({ quarters: 'contract' });

describe('NHS financial-year quarters (the default)', () => {
  it('2021-22 Q1 is 1 April to 30 June 2021, both ends inclusive', () => {
    expect(parseQuarter('2021-22 Q1', financial)).toEqual({ label: '2021-22 Q1', start: '2021-04-01', end: '2021-06-30' });
  });

  it('2020-21 Q4 is 1 January to 31 March 2021', () => {
    expect(parseQuarter('2020-21 Q4', financial)).toEqual({ label: '2020-21 Q4', start: '2021-01-01', end: '2021-03-31' });
  });

  it('Q2 and Q3 run July-September and October-December', () => {
    expect(parseQuarter('2021-22 Q2', financial)).toMatchObject({ start: '2021-07-01', end: '2021-09-30' });
    expect(parseQuarter('2021-22 Q3', financial)).toMatchObject({ start: '2021-10-01', end: '2021-12-31' });
  });

  it('a Q4 ending in a leap year ends on 31 March, and the century turns over (2099-00)', () => {
    expect(parseQuarter('2023-24 Q4', financial)).toMatchObject({ start: '2024-01-01', end: '2024-03-31' });
    expect(parseQuarter('2099-00 Q4', financial)).toMatchObject({ start: '2100-01-01', end: '2100-03-31' });
  });

  it.each(['2021-22-Q1', '2021-22 Q1', '2021-22Q1', ' 2021-22-q1 ', '2021/22 Q1'])('parses %j', (text) => {
    expect(parseQuarter(text, financial)).toMatchObject({ label: '2021-22 Q1', start: '2021-04-01' });
  });

  it.each(['2021-23-Q1', '2021-22-Q5', '2021-22-Q0', 'garbage', '', '2021-Q1', '21-22 Q1', '2021-2022 Q1'])(
    'rejects %j with a UserError that shows an example',
    (text) => {
      let error: unknown;
      try {
        parseQuarter(text, financial);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message).toContain('2021-22-Q1');
      expect((error as Error).message).toContain(`"${text}"`);
    },
  );

  it('quarterContaining at both ends of a quarter and across the year boundary', () => {
    expect(quarterContaining('2021-04-01', financial).label).toBe('2021-22 Q1');
    expect(quarterContaining('2021-06-30', financial).label).toBe('2021-22 Q1');
    expect(quarterContaining('2021-07-01', financial).label).toBe('2021-22 Q2');
    expect(quarterContaining('2021-03-31', financial).label).toBe('2020-21 Q4');
    expect(quarterContaining('2021-01-01', financial).label).toBe('2020-21 Q4');
    expect(quarterContaining('2020-12-31', financial).label).toBe('2020-21 Q3');
  });

  it('quartersBetween over the contract (2021-01-02 to 2023-01-01) gives 9 financial quarters', () => {
    const period = contractPeriod(financial);
    expect(period).toEqual({ label: 'Contract', start: '2021-01-02', end: '2023-01-01' });
    const quarters = quartersBetween(period.start, period.end, financial);
    expect(quarters.map((q) => q.label)).toEqual([
      '2020-21 Q4',
      '2021-22 Q1',
      '2021-22 Q2',
      '2021-22 Q3',
      '2021-22 Q4',
      '2022-23 Q1',
      '2022-23 Q2',
      '2022-23 Q3',
      '2022-23 Q4',
    ]);
  });

  it('quartersBetween includes the quarters that only touch the ends, and no more', () => {
    expect(quartersBetween('2021-06-30', '2021-07-01', financial).map((q) => q.label)).toEqual(['2021-22 Q1', '2021-22 Q2']);
    expect(quartersBetween('2021-04-01', '2021-06-30', financial).map((q) => q.label)).toEqual(['2021-22 Q1']);
  });

  it('quartersEndingAt counts back from the quarter containing a date', () => {
    expect(quartersEndingAt('2021-05-15', 3, financial).map((q) => q.label)).toEqual(['2020-21 Q3', '2020-21 Q4', '2021-22 Q1']);
  });
});

describe('calendar quarters (a setting)', () => {
  it('2021 Q1 is January to March; Q4 ends on 31 December', () => {
    expect(parseQuarter('2021-Q1', calendar)).toEqual({ label: '2021 Q1', start: '2021-01-01', end: '2021-03-31' });
    expect(parseQuarter('2021 Q4', calendar)).toMatchObject({ start: '2021-10-01', end: '2021-12-31' });
    expect(parseQuarter('2024-Q1', calendar)).toMatchObject({ end: '2024-03-31' });
  });

  it('rejects a financial quarter and Q5, showing a calendar example', () => {
    expect(() => parseQuarter('2021-22-Q1', calendar)).toThrow(UserError);
    expect(() => parseQuarter('2021-Q5', calendar)).toThrow(/2021-Q1/);
  });

  it('quarterContaining at both ends', () => {
    expect(quarterContaining('2021-01-01', calendar).label).toBe('2021 Q1');
    expect(quarterContaining('2021-03-31', calendar).label).toBe('2021 Q1');
    expect(quarterContaining('2021-04-01', calendar).label).toBe('2021 Q2');
    expect(quarterContaining('2021-12-31', calendar).label).toBe('2021 Q4');
  });

  it('the contract spans 9 calendar quarters too', () => {
    expect(quartersBetween('2021-01-02', '2023-01-01', calendar).map((q) => q.label)).toEqual([
      '2021 Q1', '2021 Q2', '2021 Q3', '2021 Q4', '2022 Q1', '2022 Q2', '2022 Q3', '2022 Q4', '2023 Q1',
    ]);
  });
});

describe('contract quarters (counted from the contract start, 2021-01-02 by default)', () => {
  it('C1 is 2021-01-02 to 2021-04-01; C2 starts the next day', () => {
    expect(parseQuarter('C1', contract)).toEqual({ label: 'Contract Q1', start: '2021-01-02', end: '2021-04-01' });
    expect(parseQuarter('C2', contract)).toEqual({ label: 'Contract Q2', start: '2021-04-02', end: '2021-07-01' });
    expect(parseQuarter('c8', contract)).toMatchObject({ start: '2022-10-02', end: '2023-01-01' });
  });

  it('its own label parses back', () => {
    expect(parseQuarter('Contract Q3', contract).label).toBe('Contract Q3');
  });

  it('rejects C0 and financial quarters with an example', () => {
    expect(() => parseQuarter('C0', contract)).toThrow(UserError);
    expect(() => parseQuarter('2021-22-Q1', contract)).toThrow(/C1/);
  });

  it('quarterContaining at both ends of a contract quarter', () => {
    expect(quarterContaining('2021-01-02', contract).label).toBe('Contract Q1');
    expect(quarterContaining('2021-04-01', contract).label).toBe('Contract Q1');
    expect(quarterContaining('2021-04-02', contract).label).toBe('Contract Q2');
    expect(quarterContaining('2023-01-01', contract).label).toBe('Contract Q8');
  });

  it('the 24-month contract is exactly 8 contract quarters', () => {
    const quarters = quartersBetween('2021-01-02', '2023-01-01', contract);
    expect(quarters.map((q) => q.label)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `Contract Q${n}`));
    expect(quarters.at(-1)!.end).toBe('2023-01-01');
  });

  it.each(['2021-01-02', '2021-01-31', '2021-11-30', '2020-02-29', '2021-08-31'])(
    'starting on %s, contract quarters tile the days with no gap or overlap, and every day lies in its quarter',
    (start) => {
      const settings = makeSettings({ quarters: 'contract', contractStart: start });
      // Built with parseQuarter, not quartersBetween: with a gap between quarters,
      // quartersBetween would never finish instead of failing.
      const quarters = Array.from({ length: 13 }, (_, i) => parseQuarter(`C${i + 1}`, settings));
      expect(quarters[0]!.start).toBe(start);
      for (let i = 1; i < quarters.length; i++) {
        expect(quarters[i]!.start, quarters[i]!.label).toBe(addDays(quarters[i - 1]!.end, 1));
      }
      for (let day = start, n = 0; n < 3 * 366; n++, day = addDays(day, 1)) {
        const q = quarterContaining(day, settings);
        expect(day >= q.start && day <= q.end, `${day} in ${q.label} ${q.start}..${q.end}`).toBe(true);
      }
    },
  );
});

describe('custom periods', () => {
  it('--from/--to is an inclusive period', () => {
    expect(customPeriod('2021-04-01', '2021-04-30')).toEqual({ label: '2021-04-01 to 2021-04-30', start: '2021-04-01', end: '2021-04-30' });
    expect(() => customPeriod('2021-05-01', '2021-04-30')).toThrow(UserError);
  });
});

describe('dates before a contract starts', () => {
  const settings = { quarters: 'contract' as const, contractStart: '2021-01-02' };
  it('fall in quarters named as before the contract, never in contract Q1', () => {
    expect(quarterContaining('2021-01-01', settings)).toEqual({ label: 'Before the contract (Q0)', start: '2020-10-02', end: '2021-01-01' });
    expect(quarterContaining('2020-10-02', settings).label).toBe('Before the contract (Q0)');
    expect(quarterContaining('2020-10-01', settings)).toEqual({ label: 'Before the contract (Q-1)', start: '2020-07-02', end: '2020-10-01' });
    expect(quarterContaining('2021-01-02', settings).label).toBe('Contract Q1');
  });
});
