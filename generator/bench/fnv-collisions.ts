/**
 * Crafted hash collisions, as an attacker would make them: many different texts
 * whose 32-bit FNV-1a hash is the same (the fingerprint repeat detection keeps of
 * each row). FNV-1a folds one character at a time into its state, so a pair of
 * short blocks that lead from one state to the same next state can be chained: k
 * such pairs give 2^k texts of one hash.
 */
const OFFSET = 0x811c9dc5;

function step(state: number, text: string): number {
  let hash = state;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash >>> 0;
}

/**
 * Two different 8-letter blocks that take `state` to the same state (a birthday
 * search: about 2^16 tries). Shorter blocks of letters do not collide at all.
 */
function collidingPair(state: number, seed: number): [string, string, number] {
  const seen = new Map<number, string>();
  let x = seed;
  for (;;) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    let y = x;
    let block = '';
    for (let k = 0; k < 8; k++) {
      y = (Math.imul(y, 747796405) + 2891336453) >>> 0;
      block += String.fromCharCode(97 + ((y >>> 24) % 26));
    }
    const next = step(state, block);
    const other = seen.get(next);
    if (other !== undefined && other !== block) return [other, block, next];
    seen.set(next, block);
  }
}

/**
 * 2^k different texts t such that FNV-1a(prefix + t + anything) is one value for
 * all of them (the state after `prefix + t` is the same).
 */
export function collidingTexts(prefix: string, k: number): string[] {
  let state = step(OFFSET, prefix);
  let texts = [''];
  for (let i = 0; i < k; i++) {
    const [a, b, next] = collidingPair(state, i + 1);
    texts = texts.flatMap((t) => [t + a, t + b]);
    state = next;
  }
  return texts;
}
