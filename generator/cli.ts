/** The `peerkit` command line: a registry of commands, one clear line on any error. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command, OptionValues, Output } from './command.js';
import { UserError } from '../core/errors.js';
import { packagePath } from './paths.js';
import { nearest } from './suggest.js';
import { reportCommand } from './commands/report.js';
import { checkCommand } from './commands/check.js';
import { sampleCommand } from './commands/sample.js';
import { dictionaryCommand } from './commands/dictionary.js';
import { packsCommand } from './commands/packs.js';
import { configCommand } from './commands/config.js';
import { personCommand } from './commands/person.js';
import { retentionCommand } from './commands/retention.js';
import { exportCommand } from './commands/export.js';
import { sqlCommand } from './commands/sql.js';

export const COMMANDS: readonly Command[] = [
  reportCommand,
  packsCommand,
  checkCommand,
  personCommand,
  retentionCommand,
  exportCommand,
  sqlCommand,
  sampleCommand,
  dictionaryCommand,
  configCommand,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: peerkit <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "peerkit help <command>" (or "peerkit <command> --help") for a command\'s options,',
    '"peerkit --version" for the version.',
  ].join('\n');
}

function version(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Standard output and error as the `peerkit` binary uses them. A reader that stops
 * early (`peerkit check | head -1`) closes the pipe: what is left has nowhere to go,
 * which is no error, so it is dropped quietly instead of ending in an EPIPE stack trace.
 */
export function consoleOutput(stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr): Output {
  const print = (stream: NodeJS.WritableStream) => {
    let closed = false;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed = true;
    });
    return (text: string) => {
      if (!closed) stream.write(text);
    };
  };
  const [out, err] = [print(stdout), print(stderr)];
  return {
    out: (line) => out(line + '\n'),
    write: out,
    error: (line) => err(line + '\n'),
    note: (line) => err(line + '\n'),
    interactive: Boolean(stderr.isTTY),
  };
}

function commandNamed(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command) return command;
  const near = nearest(name, COMMANDS.map((c) => c.name));
  throw new UserError(`unknown command "${name}"${near ? `: did you mean ${near}?` : ' (run "peerkit --help" for the commands)'}`);
}

/** Names every option the command does not know, with the nearest it does: parseArgs' own message is longer and names no alternative. */
function checkOptionNames(command: Command, args: string[]): void {
  const { tokens } = parseArgs({ args, options: command.options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name in command.options) continue;
    const near = nearest(token.name, Object.keys(command.options));
    throw new UserError(`unknown option ${token.rawName}${near ? `: did you mean --${near}?` : ` (see "peerkit help ${command.name}")`}`);
  }
}

/** Runs the command line; returns the exit code. */
export async function main(argv: readonly string[], io: Output = consoleOutput()): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (name === undefined) {
    // Nothing asked: the usage, and a status that tells a script nothing was done.
    io.out(usage());
    return 1;
  }
  let prefix = 'peerkit';
  try {
    if (name === '--help' || name === '-h' || (name === 'help' && (rest[0] === undefined || rest[0].startsWith('-')))) {
      io.out(usage());
      return 0;
    }
    if (name === '--version' || name === '-v') {
      io.out(version());
      return 0;
    }
    if (name.startsWith('-')) {
      const near = nearest(name.replace(/^-+/, ''), ['help', 'version']);
      throw new UserError(`unknown option ${name}${near ? `: did you mean --${near}?` : ': give a command first (run "peerkit --help")'}`);
    }
    if (name === 'help') {
      io.out(commandNamed(rest[0]!).help);
      return 0;
    }
    const command = commandNamed(name);
    prefix = `peerkit ${name}`;
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.help);
      return 0;
    }
    checkOptionNames(command, rest);
    const { values, positionals } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: true });
    if (positionals.length > 0 && !command.takesArguments) throw new UserError(`unexpected argument "${positionals[0]}" (options start with --)`);
    return (await command.run(values as OptionValues, io, positionals)) ?? 0;
  } catch (error) {
    io.error(`${prefix}: ${describe(error)}`);
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
