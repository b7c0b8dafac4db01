import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { COMMANDS, consoleOutput, main } from '../../generator/cli.js';
import { nearest } from '../../generator/suggest.js';
import { SETTING_KEYS, SETTINGS } from '../../core/settings.js';
import { configJsonSchema } from '../../core/config.js';
import { workbook } from '../helpers/build-workbook.js';
import { runCli, tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('--version, help <command>, bare peerkit', () => {
  it.each([['--version'], ['-v']])('%s prints the version from package.json', async (flag) => {
    const run = await runCli([flag]);
    expect(run).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: '' });
  });

  it('"peerkit help <command>" is that command\'s --help', async () => {
    for (const command of COMMANDS) {
      const run = await runCli(['help', command.name]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${command.help}\n`);
      expect(run.stdout).toBe((await runCli([command.name, '--help'])).stdout);
    }
    expect((await runCli(['help'])).stdout).toContain('Commands:');
    const typo = await runCli(['help', 'chek']);
    expect(typo).toEqual({ code: 2, stdout: '', stderr: 'peerkit: unknown command "chek": did you mean check?\n' });
  });

  it('bare "peerkit" prints the usage and exits 1: nothing was done', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Usage: peerkit <command> \[options\]/);
    expect(run.stdout).toContain('peerkit help <command>');
    expect(run.stderr).toBe('');
  });
});

describe('a mistyped command or option names the nearest real one, in one line, exit 2', () => {
  const cases: [string[], string][] = [
    [['report', '--schme', 'x'], 'peerkit report: unknown option --schme: did you mean --scheme?'],
    [['reprot'], 'peerkit: unknown command "reprot": did you mean report?'],
    [['check', '--as-off', '2021-06-30'], 'peerkit check: unknown option --as-off: did you mean --as-of?'],
    [['check', '--stale-afterr=9'], 'peerkit check: unknown option --stale-afterr: did you mean --stale-after?'],
    [['packs', '--due-witin', '6w'], 'peerkit packs: unknown option --due-witin: did you mean --due-within?'],
    [['--verison'], 'peerkit: unknown option --verison: did you mean --version?'],
    // Nothing close: no guess.
    [['report', '--colour', 'red'], 'peerkit report: unknown option --colour (see "peerkit help report")'],
    [['frobnicate'], 'peerkit: unknown command "frobnicate" (run "peerkit --help" for the commands)'],
  ];
  it.each(cases)('%j', async (args, line) => {
    const run = await runCli(args);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('nearest: small slips only, swapped letters included', () => {
    const names = ['report', 'packs', 'check', 'sample', 'dictionary', 'config'];
    expect(nearest('reprot', names)).toBe('report');
    expect(nearest('chekc', names)).toBe('check');
    expect(nearest('Sample', names)).toBe('sample');
    expect(nearest('dictonary', names)).toBe('dictionary');
    expect(nearest('pack', names)).toBe('packs');
    expect(nearest('x', names)).toBeUndefined();
    expect(nearest('cheese', names)).toBeUndefined();
    expect(nearest('rep', names)).toBeUndefined();
  });
});

describe('peerkit check --strict', () => {
  it('exits 1 on the sample, whose planted errors leave rows out; 0 without --strict', async () => {
    const strict = await runCli(['check', '--strict', '--as-of', '2021-06-30']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^Checked the sample workbook \(perinatal and reconnect\) as of 2021-06-30: [1-9]\d* rows left out/);
    expect(strict.stderr).toBe('');
    expect((await runCli(['check', '--as-of', '2021-06-30'])).code).toBe(0);
    expect((await runCli(['check', '--strict', '--as-of', '2021-06-30', '--format', 'json'])).code).toBe(1);
  });

  it('exits 0 when only repeats and warnings are found', async () => {
    // An unregistered supporter is a warning: the row still counts.
    const source = writeCsvWorkbook(
      workbook({ Contacts: [{ 'Contact date': '01/04/2021', 'Prison number': 'A1234BC', Scheme: 'Reconnect', 'Peer supporters': 'PS-001' }] }),
    );
    const run = await runCli(['check', '--strict', '--source', source, '--as-of', '2021-06-30', '--format', 'json']);
    const severities = new Set((JSON.parse(run.stdout) as { issues: { severity: string }[] }).issues.map((i) => i.severity));
    expect(severities.has('warning')).toBe(true);
    expect(severities.has('error')).toBe(false);
    expect(run.code).toBe(0);
  });
});

describe('every setting has a flag, a --help line and a check, all from its one declaration', () => {
  const reading = COMMANDS.filter((c) => ['report', 'check', 'packs', 'person', 'retention'].includes(c.name));

  it.each(SETTING_KEYS)('%s', (key) => {
    const setting = SETTINGS[key];
    for (const command of reading) {
      expect(command.options[setting.flag]).toEqual({ type: 'string' });
      expect(command.help).toContain(`--${setting.flag} ${setting.arg}`);
      expect(command.help.replace(/\s+/g, ' ')).toContain(setting.help);
    }
    // The configuration file's JSON Schema says the same.
    const schema = configJsonSchema() as { properties: { settings: { properties: Record<string, { description: string; default: unknown }> } } };
    expect(schema.properties.settings.properties[key]).toMatchObject({ description: setting.help, default: setting.default });
  });

  it('the README lists every flag with its setting', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const key of SETTING_KEYS) expect(readme).toMatch(new RegExp(`\\| \`--${SETTINGS[key].flag} [^\`]*\` \\| \`${key}\` \\|`));
  });

  const bad: [string, string, string][] = [
    ['quarters', 'x', '--quarters must be financial, calendar or contract, not "x"'],
    ['locale', 'fr_FR', '--locale must be en_GB or en_US, not "fr_FR"'],
    ['time-zone', 'Mars/Olympus', '--time-zone must be a known time zone (an IANA name such as Europe/London), not "Mars/Olympus"'],
    ['contract-start', '2021-02-31', '--contract-start must be a real date written yyyy-mm-dd, not "2021-02-31"'],
    ['contract-months', '1.5', '--contract-months must be a whole number of months, not "1.5"'],
    ['stale-after', 'soon', '--stale-after must be a whole number of days, not "soon"'],
    ['stale-after', '', '--stale-after must be a whole number of days, not ""'],
    ['buddy-weekly-hours-limit', '0', '--buddy-weekly-hours-limit must be a number of hours above 0, not "0"'],
    ['peer-worker-limit-months', 'two years', '--peer-worker-limit-months must be a whole number of months, not "two years"'],
    ['retention-months', '0', '--retention-months must be a whole number of months, not "0"'],
  ];
  it.each(bad)('--%s %j: one line naming the flag, before anything is read', async (flag, value, message) => {
    for (const command of reading) {
      // The source does not exist: the flag is checked first.
      const run = await runCli([command.name, `--${flag}=${value}`, '--source', '/nonexistent/book.xlsx']);
      expect(run).toEqual({ code: 2, stdout: '', stderr: `peerkit ${command.name}: ${message}\n` });
    }
  });

  it('--contract-months sets how many quarters a report run covers', async () => {
    const out = tempDir();
    const run = await runCli(['report', '--contract-months', '12', '--out', out]);
    expect(run.code).toBe(0);
    // 2 January 2021 to 1 January 2022: 2020-21 Q4 and the four quarters of 2021-22, for two schemes.
    expect(run.stdout).toContain('Wrote 10 reports (5 periods × 2 schemes)');
  });

  it("--buddy-weekly-hours-limit and --peer-worker-limit-months change the schemes' checks", async () => {
    const config = join(tempDir(), 'site.json');
    writeFileSync(config, JSON.stringify({ schemes: ['buddies', 'liaison'] }));
    const reasons = async (...flags: string[]) => {
      const run = await runCli(['check', '--config', config, '--as-of', '2023-01-01', '--format', 'json', ...flags]);
      return (JSON.parse(run.stdout) as { issues: { reason: string }[] }).issues.map((i) => i.reason);
    };
    const count = (all: string[], setting: string) => all.filter((r) => r.includes(`setting ${setting}`)).length;
    const defaults = await reasons();
    expect(count(defaults, 'buddyWeeklyHoursLimit')).toBeGreaterThan(0);
    expect(count(defaults, 'peerWorkerLimitMonths')).toBeGreaterThan(0);
    const relaxed = await reasons('--buddy-weekly-hours-limit', '100', '--peer-worker-limit-months', '120');
    expect(count(relaxed, 'buddyWeeklyHoursLimit')).toBe(0);
    expect(count(relaxed, 'peerWorkerLimitMonths')).toBe(0);
    expect(count(await reasons('--buddy-weekly-hours-limit', '10'), 'buddyWeeklyHoursLimit')).toBeGreaterThan(count(defaults, 'buddyWeeklyHoursLimit'));
  });
});

describe('a closed pipe (peerkit check | head -1)', () => {
  it('ends quietly: no EPIPE error, nothing on standard error, the exit code of the run', async () => {
    const epipe = () => Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' });
    let writes = 0;
    const closedPipe = new Writable({
      write(_chunk, _encoding, done) {
        writes++;
        done(epipe());
      },
    });
    let stderr = '';
    const terminal = new Writable({
      write(chunk: Buffer, _encoding, done) {
        stderr += chunk.toString();
        done();
      },
    });
    const code = await main(['check', '--strict', '--as-of', '2021-06-30'], consoleOutput(closedPipe, terminal));
    await new Promise((resolve) => setImmediate(resolve));
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(closedPipe.destroyed).toBe(true);
    expect(writes).toBeGreaterThan(0);
  });
});
