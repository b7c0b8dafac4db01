/** Array helpers at lengths where spreading into a call overflows the stack. */
import { describe, expect, it } from 'vitest';
import { append, largest, smallest } from '../../core/arrays.js';

const MANY = 1_000_000;

describe('append, largest and smallest at any length', () => {
  it('spreading a million items into push overflows the stack; append does not, and keeps their order', () => {
    const items = Array.from({ length: MANY }, (_, i) => i);
    expect(() => [].push(...(items as never[]))).toThrow(RangeError);
    const target = [-1];
    expect(append(target, items)).toBe(target);
    expect(target).toHaveLength(MANY + 1);
    expect(target[1]).toBe(0);
    expect(target[MANY]).toBe(MANY - 1);
  });

  it('largest and smallest of a million values, of an iterator, and of none', () => {
    const values = Array.from({ length: MANY }, (_, i) => (i * 7919) % MANY);
    expect(largest(values)).toBe(MANY - 1);
    expect(smallest(values)).toBe(0);
    expect(largest(new Map([[3, 'a'], [9, 'b'], [4, 'c']]).keys())).toBe(9);
    expect(largest([], 0)).toBe(0);
    expect(smallest([])).toBe(Infinity);
    expect(largest([-5, -2], -10)).toBe(-2);
  });
});
