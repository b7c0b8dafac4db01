/** What every command of the `peerkit` command line looks like: a small registry entry. */
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | undefined>;

export interface Output {
  /** Normal output (results, paths written), one line. */
  out: (line: string) => void;
  /** Raw text to standard output (a report written with --out -). */
  write: (text: string) => void;
  /** An error line, to standard error. */
  error: (line: string) => void;
  /** Progress and notes, to standard error so standard output stays clean. */
  note: (line: string) => void;
  /** True when standard error is a terminal (progress bars are drawn only then). */
  interactive: boolean;
}

export interface Command {
  name: string;
  summary: string;
  /** Usage lines and option descriptions printed by --help. */
  help: string;
  options: OptionSpec;
  /** True when it takes arguments besides its options (`peerkit person A1234BC`); it checks them itself. */
  takesArguments?: boolean;
  /** The exit code, when it is not 0 (check --strict: 1 when rows are left out). */
  run(values: OptionValues, io: Output, args: readonly string[]): Promise<number | void>;
}
