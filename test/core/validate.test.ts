/** Reading answers: a number is read only when a person could have typed it as one. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { answerReader } from '../../core/validate.js';
import { DEFAULT_SETTINGS } from '../../core/settings.js';
import type { Question } from '../../core/form.js';

const minutes: Question = { title: 'Minutes', key: 'minutes', type: 'number' };
const read = answerReader(minutes, DEFAULT_SETTINGS);
const pounds = answerReader({ title: 'Amount paid (£)', key: 'amount', type: 'number', money: true }, DEFAULT_SETTINGS);
const rejected = { reason: expect.stringContaining('"Minutes" must be a number') };

describe('reading a number typed as text', () => {
  it('takes plain decimals, with a sign, a decimal point and surrounding spaces', () => {
    expect(['12', ' 12 ', '+12', '-3', '0.5', '12.50', '007'].map(read)).toEqual([12, 12, 12, -3, 0.5, 12.5, 7]);
    expect(['£1,200.50', ' 5.25 '].map(pounds)).toEqual([1200.5, 5.25]);
  });

  it('refuses what Number() would take but nobody types into a form', () => {
    for (const text of ['0x1F', '0b11', '0o7', '1e21', '1E3', 'Infinity', '-Infinity', '12.', '.5', '1_000', '1 2', '١٢', '12abc']) {
      expect(read(text), text).toMatchObject(rejected);
    }
    expect(pounds('£0x10')).toMatchObject({ reason: expect.stringContaining('must be a number') });
  });

  it('reads any plain decimal as its value, and nothing else as a number', () => {
    const plain = fc.tuple(fc.constantFrom('', '+', '-'), fc.stringMatching(/^\d{1,12}$/), fc.option(fc.stringMatching(/^\d{1,6}$/)));
    fc.assert(
      fc.property(plain, ([sign, whole, fraction]) => {
        const text = `${sign}${whole}${fraction === null ? '' : `.${fraction}`}`;
        expect(read(`  ${text} `)).toBe(Number(text));
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        const value = read(text);
        if (typeof value === 'number') expect(text.trim()).toMatch(/^[+-]?\d+(\.\d+)?$/);
      }),
    );
  });
});
