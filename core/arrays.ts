/**
 * Array helpers safe at any length. `target.push(...items)` and `Math.max(...values)`
 * pass every item as an argument of one call, and past a hundred thousand or so
 * (fewer under Apps Script) the call overflows the stack: a large workbook's
 * warnings or rows would end a run with "Maximum call stack size exceeded".
 */

/** Appends every item to `target`, in order; returns `target`. */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of the values, or `floor` where there are none (or all are smaller). */
export function largest(values: Iterable<number>, floor = -Infinity): number {
  let top = floor;
  for (const v of values) if (v > top) top = v;
  return top;
}

/** The smallest of the values, or `ceiling` where there are none (or all are larger). */
export function smallest(values: Iterable<number>, ceiling = Infinity): number {
  let bottom = ceiling;
  for (const v of values) if (v < bottom) bottom = v;
  return bottom;
}
