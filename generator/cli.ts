/** The `peerkit` command line: a registry of commands, one clear line on any error. */
import { parseArgs } from 'node:util';
import type { Command, OptionValues, Output } from './command.js';
import { UserError } from '../core/errors.js';
import { reportCommand } from './commands/report.js';
import { checkCommand } from './commands/check.js';
import { sampleCommand } from './commands/sample.js';
import { dictionaryCommand } from './commands/dictionary.js';
import { packsCommand } from './commands/packs.js';
import { configCommand } from './commands/config.js';

export const COMMANDS: readonly Command[] = [reportCommand, packsCommand, checkCommand, sampleCommand, dictionaryCommand, configCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: peerkit <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "peerkit <command> --help" for a command\'s options.',
  ].join('\n');
}

const consoleOutput: Output = {
  out: (line) => process.stdout.write(line + '\n'),
  write: (text) => process.stdout.write(text),
  error: (line) => process.stderr.write(line + '\n'),
  note: (line) => process.stderr.write(line + '\n'),
  interactive: Boolean(process.stderr.isTTY),
};

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[], io: Output = consoleOutput): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.error(`peerkit: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new UserError(`unexpected argument "${positionals[0]}" (options start with --)`);
    await command.run(values as OptionValues, io);
    return 0;
  } catch (error) {
    io.error(`peerkit ${name}: ${describe(error)}`);
    if (debug && error instanceof Error && error.stack) io.error(error.stack);
    else if (!(error instanceof UserError) && !isArgumentError(error)) io.error('(run again with --debug for the details)');
    return error instanceof UserError || isArgumentError(error) ? 2 : 1;
  }
}

function isArgumentError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function describe(error: unknown): string {
  if (error instanceof UserError) return error.message;
  if (isArgumentError(error)) return `${(error as Error).message.split('\n')[0]} (see --help)`;
  // Unexpected errors: the message only; never a value from the workbook.
  return error instanceof Error ? `unexpected error: ${error.message.split('\n')[0]}` : 'unexpected error';
}
