import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema, parseConfig } from '../../core/config.js';
import { workbook } from '../helpers/build-workbook.js';
import { runCli, tempDir, writeCsvWorkbook } from '../helpers/run-cli.js';

describe('the configuration file', () => {
  it('fills in defaults: the contract schemes, no settings', () => {
    expect(parseConfig('{}', 'peerkit.config.json')).toEqual({ schemes: ['perinatal', 'reconnect'], settings: {} });
  });

  const bad: [string, string, RegExp][] = [
    ['not JSON', '{ schemes: [', /^site\.json is not valid JSON/],
    ['an unknown scheme', '{"schemes": ["maternity"]}', /^site\.json: schemes\.0: Invalid option: expected one of "perinatal"\|"reconnect"/],
    ['no scheme at all', '{"schemes": []}', /^site\.json: schemes: Too small/],
    ['a misspelt key', '{"scheme": ["perinatal"]}', /^site\.json: the file: Unrecognized key: "scheme"/],
    ['a bad setting', '{"settings": {"locale": "fr_FR"}}', /^site\.json: settings\.locale: Invalid option/],
    ['an unknown setting', '{"settings": {"timezone": "Europe/London"}}', /^site\.json: settings: Unrecognized key: "timezone"/],
    ['an unknown time zone', '{"settings": {"timeZone": "Mars/Olympus"}}', /^site\.json: settings\.timeZone: not a known time zone \(an IANA name such as Europe\/London\)$/],
    ['a team phone that is not a number', '{"team": {"phone": "ask at the desk"}}', /^site\.json: team\.phone: not a phone number \(write it like "01632 960123"\)$/],
    ['an unknown key of the team', '{"team": {"email": "team@example.org"}}', /^site\.json: team: Unrecognized key: "email"$/],
    ['a pack text size it does not print', '{"settings": {"packTextSize": 14}}', /^site\.json: settings\.packTextSize: /],
  ];
  it.each(bad)('says in one line what is wrong: %s', (_name, text, message) => {
    expect(() => parseConfig(text, 'site.json')).toThrow(message);
  });

  it("reads the peer support team's name and phone number", () => {
    expect(parseConfig('{"team": {"name": "the Example peer support team", "phone": " 01632 960999 "}}', 'site.json').team).toEqual({
      name: 'the Example peer support team',
      phone: '01632 960999',
    });
  });

  it('has a JSON Schema generated from the same declaration, committed in docs/ (run "npm run docs")', () => {
    const schema = configJsonSchema() as { properties: Record<string, { items?: { enum?: string[] } }> };
    expect(schema.properties.schemes!.items!.enum).toEqual(expect.arrayContaining(['perinatal', 'reconnect', 'ewb']));
    const committed = JSON.parse(readFileSync(new URL('../../docs/peerkit.config.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(schema)));
  });
});

describe('the configuration on the command line', () => {
  const source = () =>
    writeCsvWorkbook(
      workbook({
        Contacts: [{ 'Contact date': '01/04/2021', 'Prison number': 'A1234BC', Scheme: 'Reconnect', 'Peer supporters': 'PS-001' }],
      }),
    );

  it('names the schemes a report run writes, and the site shown on each report', async () => {
    const dir = tempDir();
    const config = join(dir, 'site.json');
    writeFileSync(config, JSON.stringify({ site: 'HMP Example', schemes: ['reconnect'] }));
    const out = join(dir, 'out');
    const run = await runCli(['report', '--config', config, '--source', source(), '--quarter', '2021-22-Q1', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('reconnect peer support scheme report for 2021-22 Q1');
    expect(readFileSync(join(out, 'reconnect-2021-22-Q1.html'), 'utf8')).toContain('<dt>Site</dt><dd>HMP Example</dd>');
  });

  it('gives settings that options override', async () => {
    const dir = tempDir();
    const config = join(dir, 'site.json');
    writeFileSync(config, JSON.stringify({ settings: { quarters: 'calendar' } }));
    const calendar = await runCli(['report', '--config', config, '--source', source(), '--scheme', 'reconnect', '--quarter', '2021-Q2', '--format', 'json', '--out', '-']);
    expect(JSON.parse(calendar.stdout).period).toEqual({ label: '2021 Q2', start: '2021-04-01', end: '2021-06-30' });
    const financial = await runCli(['report', '--config', config, '--quarters', 'financial', '--source', source(), '--scheme', 'reconnect', '--quarter', '2021-22-Q1', '--format', 'json', '--out', '-']);
    expect(financial.code).toBe(0);
  });

  it('stops with one line on a broken configuration', async () => {
    const dir = tempDir();
    const config = join(dir, 'site.json');
    writeFileSync(config, '{"schemes": ["maternity"]}');
    const run = await runCli(['report', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('site.json: schemes.0');
    const missing = await runCli(['check', '--config', join(dir, 'nope.json')]);
    expect(missing.stderr).toMatch(/cannot read configuration ".*nope\.json": no such file/);
  });

  it('prints the schema and the effective configuration', async () => {
    const schema = await runCli(['config', '--schema']);
    expect(JSON.parse(schema.stdout).title).toBe('peerkit configuration');
    const effective = await runCli(['config']);
    expect(JSON.parse(effective.stdout).schemes).toEqual(['perinatal', 'reconnect']);
  });
});
