/**
 * The people in the sample, fictional and obviously so: made-up first names, real
 * surnames compounded with made-up ones, and prison numbers that never collide,
 * within a scheme or across schemes.
 */

export const FIRST_NAMES = [
  'Testa', 'Samplina', 'Demora', 'Fictia', 'Exempla', 'Mockette', 'Dummina', 'Inventa', 'Protota', 'Templia',
  'Specima', 'Fauxine', 'Notrea', 'Pretendia', 'Imaginella', 'Surrogata', 'Fillerina', 'Stubbina', 'Lorema', 'Ipsumina',
  'Simulara', 'Draftina', 'Mockaila', 'Fabulina', 'Placeholda', 'Examplette', 'Trialla', 'Pilotina', 'Mockwyn', 'Dummelle',
] as const;

export const LAST_NAMES = [
  'Example', 'Placeholder', 'Sampleton', 'Madeup-Jones', 'Testington', 'Fictitious', 'Specimen', 'Dummyworth', 'Mockley',
  'Notreal', 'Pretendington', 'Imaginary', 'Exampleby', 'Samplesworth', 'Testcase', 'Madeup-Smith', 'Fakename',
  'Inventley', 'Lorem-Ipsum', 'Fillerton', 'Notreally-Brown', 'Example-Williams', 'Mockington', 'Dummysdale',
  'Trialworth', 'Draftley', 'Protoson', 'Sampleford', 'Testbury', 'Placeholder-Lee',
] as const;

/**
 * The i-th prison number of a seed: a bijection of 0 … 26·10⁴·26² − 1 (multiplier
 * coprime to it), so different indexes never give the same number. The women take
 * indexes from 0; other schemes take theirs from bases far above (PRISON_NUMBER_BASES).
 */
export function prisonNumberAt(i: number, seed: number): string {
  const space = 26 * 10000 * 676;
  const n = (i * 104729 + (((seed % space) + space) % space) * 7919) % space;
  const letter = String.fromCharCode(65 + (n % 26));
  const digits = String(Math.floor(n / 26) % 10000).padStart(4, '0');
  const pair = Math.floor(n / 260000);
  return `${letter}${digits}${String.fromCharCode(65 + Math.floor(pair / 26))}${String.fromCharCode(65 + (pair % 26))}`;
}

/** Where each scheme's people start among the prison number indexes: no two schemes share one. */
export const PRISON_NUMBER_BASES = { mentees: 100_000_000, recipients: 110_000_000, hcv: 120_000_000 } as const;
