import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { addDays, daysBetween, parseIsoDateOption, readDate, readTimestamp, serialFromIsoDate } from '../../core/dates.js';
import { UserError } from '../../core/errors.js';

const GB = { timeZone: 'Europe/London', locale: 'en_GB' } as const;
const US = { timeZone: 'Europe/London', locale: 'en_US' } as const;

describe('text dates (spec §1)', () => {
  it('reads 02/01/2021 as 2 January in en_GB', () => {
    expect(readDate('02/01/2021', GB)).toBe('2021-01-02');
  });

  it('reads 02/01/2021 as 1 February when the locale setting is en_US', () => {
    expect(readDate('02/01/2021', US)).toBe('2021-02-01');
    expect(readDate('2/1/2021', US)).toBe('2021-02-01');
  });

  it('never guesses the locale from the text: 13/01/2021 is unreadable in en_US, 01/13/2021 in en_GB', () => {
    expect(readDate('13/01/2021', US)).toBeNull();
    expect(readDate('01/13/2021', GB)).toBeNull();
    expect(readDate('13/01/2021', GB)).toBe('2021-01-13');
    expect(readDate('01/13/2021', US)).toBe('2021-01-13');
  });

  it('accepts single-digit day and month, and surrounding spaces', () => {
    expect(readDate('2/1/2021', GB)).toBe('2021-01-02');
    expect(readDate('  02/01/2021 ', GB)).toBe('2021-01-02');
  });

  it('reads ISO 2021-01-02 as 2 January whatever the locale', () => {
    expect(readDate('2021-01-02', GB)).toBe('2021-01-02');
    expect(readDate('2021-01-02', US)).toBe('2021-01-02');
  });

  it('rejects dates that do not exist', () => {
    expect(readDate('31/02/2021', GB)).toBeNull();
    expect(readDate('29/02/2021', GB)).toBeNull();
    expect(readDate('31/04/2021', GB)).toBeNull();
    expect(readDate('00/01/2021', GB)).toBeNull();
    expect(readDate('13/13/2021', GB)).toBeNull();
    expect(readDate('2021-02-29', GB)).toBeNull();
    expect(readDate('2021-13-01', GB)).toBeNull();
  });

  it('accepts 29 February in a leap year (2024, 2000) but not 1900 or 2100', () => {
    expect(readDate('29/02/2024', GB)).toBe('2024-02-29');
    expect(readDate('2024-02-29', GB)).toBe('2024-02-29');
    expect(readDate('29/02/2000', GB)).toBe('2000-02-29');
    expect(readDate('29/02/2100', GB)).toBeNull();
  });

  it('rejects text that is not a date', () => {
    for (const text of ['next week', '', '02/01/21', '2021/01/02', '02-01-2021', '2nd January 2021', 'TBC']) {
      expect(readDate(text, GB), text).toBeNull();
    }
  });

  it('rejects cells that are neither text, number nor date', () => {
    expect(readDate(null, GB)).toBeNull();
    expect(readDate(true, GB)).toBeNull();
    expect(readDate(DateTime.invalid('broken'), GB)).toBeNull();
  });
});

describe('text timestamps', () => {
  it('reads dd/mm/yyyy HH:mm:ss as a wall-clock timestamp', () => {
    expect(readTimestamp('02/01/2021 13:45:10', GB)).toBe('2021-01-02T13:45:10');
    expect(readTimestamp('02/01/2021 09:05:00', GB)).toBe('2021-01-02T09:05:00');
  });

  it('reads the same text month-first in en_US', () => {
    expect(readTimestamp('02/01/2021 13:45:10', US)).toBe('2021-02-01T13:45:10');
  });

  it('keeps the time of day in a summer timestamp (no BST shift)', () => {
    expect(readTimestamp('01/07/2021 00:30:00', GB)).toBe('2021-07-01T00:30:00');
  });

  it('a date column drops the time of a timestamp text', () => {
    expect(readDate('01/07/2021 00:30:00', GB)).toBe('2021-07-01');
    expect(readDate('30/06/2021 23:59:59', GB)).toBe('2021-06-30');
  });

  it('rejects impossible times', () => {
    expect(readTimestamp('02/01/2021 24:00:00', GB)).toBeNull();
    expect(readTimestamp('02/01/2021 12:60:00', GB)).toBeNull();
    expect(readTimestamp('02/01/2021 12:00:60', GB)).toBeNull();
  });

  it('reads ISO timestamps', () => {
    expect(readTimestamp('2021-01-02T13:45:10', GB)).toBe('2021-01-02T13:45:10');
    expect(readTimestamp('2021-01-02 13:45', GB)).toBe('2021-01-02T13:45:00');
    expect(readTimestamp('2021-01-02', GB)).toBe('2021-01-02T00:00:00');
  });

  it('an ISO timestamp with an explicit offset is an instant, read in the spreadsheet time zone', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    expect(readTimestamp('2021-06-30T23:30:00Z', GB)).toBe('2021-07-01T00:30:00');
    expect(readDate('2021-06-30T23:30:00Z', GB)).toBe('2021-07-01');
    expect(readTimestamp('2021-07-01T00:30:00+01:00', GB)).toBe('2021-07-01T00:30:00');
    expect(readTimestamp('2021-06-30T18:30:00-0500', GB)).toBe('2021-07-01T00:30:00');
    // In winter London is on UTC.
    expect(readTimestamp('2021-01-02T10:00:00Z', GB)).toBe('2021-01-02T10:00:00');
  });
});

describe('real date cells (luxon DateTime)', () => {
  it('reads a London date cell of 00:30 on 1 July by its wall-clock date, not shifted by BST', () => {
    const cell = DateTime.fromObject({ year: 2021, month: 7, day: 1, hour: 0, minute: 30 }, { zone: 'Europe/London' });
    expect(readDate(cell, GB)).toBe('2021-07-01');
    expect(readTimestamp(cell, GB)).toBe('2021-07-01T00:30:00');
  });

  it('reads a London date cell of 23:30 on 30 June as 30 June', () => {
    const cell = DateTime.fromObject({ year: 2021, month: 6, day: 30, hour: 23, minute: 30 }, { zone: 'Europe/London' });
    expect(readDate(cell, GB)).toBe('2021-06-30');
  });

  it('reads a midnight date cell as that day in summer and in winter', () => {
    const summer = DateTime.fromObject({ year: 2021, month: 4, day: 1 }, { zone: 'Europe/London' });
    const winter = DateTime.fromObject({ year: 2021, month: 1, day: 1 }, { zone: 'Europe/London' });
    expect(readDate(summer, GB)).toBe('2021-04-01');
    expect(readDate(winter, GB)).toBe('2021-01-01');
  });

  it('is never re-parsed as text: the locale does not swap day and month', () => {
    const cell = DateTime.fromObject({ year: 2021, month: 1, day: 2 }, { zone: 'Europe/London' });
    expect(readDate(cell, US)).toBe('2021-01-02');
  });

  it('places a date cell from another zone at its wall clock in the spreadsheet zone', () => {
    const utc = DateTime.fromObject({ year: 2021, month: 6, day: 30, hour: 23, minute: 30 }, { zone: 'utc' });
    expect(readTimestamp(utc, GB)).toBe('2021-07-01T00:30:00');
  });
});

describe('spreadsheet serial numbers', () => {
  it('44197 is 1 January 2021', () => {
    expect(readDate(44197, GB)).toBe('2021-01-01');
    expect(readTimestamp(44197, GB)).toBe('2021-01-01T00:00:00');
  });

  it('a fractional serial carries a time of day', () => {
    expect(readTimestamp(44197.5, GB)).toBe('2021-01-01T12:00:00');
    expect(readTimestamp(44197 + 13 / 24 + 45 / 1440 + 10 / 86400, GB)).toBe('2021-01-01T13:45:10');
    expect(readDate(44197.999, GB)).toBe('2021-01-01');
  });

  it('a summer serial is a wall-clock reading, not shifted by BST', () => {
    // 44378 = 1 July 2021; 00:30 is 0.5/24 of a day.
    expect(readTimestamp(44378 + 0.5 / 24, GB)).toBe('2021-07-01T00:30:00');
  });

  it('round-trips with serialFromIsoDate, including 29 February 2024', () => {
    expect(serialFromIsoDate('2021-01-01')).toBe(44197);
    for (const iso of ['2021-01-02', '2021-07-01', '2024-02-29', '2023-01-01']) {
      expect(readDate(serialFromIsoDate(iso), GB)).toBe(iso);
    }
  });

  it('rejects serials that are not dates', () => {
    expect(readDate(0, GB)).toBeNull();
    expect(readDate(-5, GB)).toBeNull();
    expect(readDate(Number.NaN, GB)).toBeNull();
    expect(readDate(Number.POSITIVE_INFINITY, GB)).toBeNull();
  });
});

describe('date options and arithmetic', () => {
  it('parses --from/--to dates and rejects others with a UserError', () => {
    expect(parseIsoDateOption(' 2021-04-01 ', '--from')).toBe('2021-04-01');
    expect(() => parseIsoDateOption('01/04/2021', '--from')).toThrow(UserError);
    expect(() => parseIsoDateOption('2021-02-29', '--to')).toThrow(/--to must be a real date/);
  });

  it('adds days and counts days across month, year and leap day', () => {
    expect(addDays('2021-06-30', 1)).toBe('2021-07-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2021-01-01', -1)).toBe('2020-12-31');
    expect(daysBetween('2021-03-27', '2021-03-29')).toBe(2); // across the clocks going forward
    expect(daysBetween('2021-04-01', '2021-03-31')).toBe(-1);
  });
});
