import { describe, expect, it } from 'vitest';
import { readDate } from '../core/dates.js';

describe('dates', () => {
  it('reads 02/01/2021 as 2 January in en_GB', () => {
    expect(readDate('02/01/2021', { timeZone: 'Europe/London', locale: 'en_GB' })).toBe('2021-01-02');
  });
});
