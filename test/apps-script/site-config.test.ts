/**
 * PEERKIT_SETTINGS as the script reads it (apps-script/site-config.ts, pure): the
 * shape of peerkit.config.json plus submitRefreshMaxRows, settings also at the top
 * level as before, and every problem named by its field in one line.
 */
import { describe, expect, it } from 'vitest';
import { readSiteConfig } from '../../apps-script/site-config.js';
import { SCHEMES } from '../../core/schemes/index.js';

describe('PEERKIT_SETTINGS', () => {
  it('not set: the defaults, no problem', () => {
    expect(readSiteConfig(null)).toEqual({ schemes: null, schemesUnreadable: false, settings: {}, problems: [] });
    expect(readSiteConfig('  ').problems).toEqual([]);
  });

  it('reads the configuration file’s shape, and the old flat settings', () => {
    const config = readSiteConfig(
      JSON.stringify({
        $schema: './docs/peerkit.config.schema.json',
        site: 'HMP Example',
        schemes: ['perinatal', 'ewb', 'ewb'],
        settings: { quarters: 'calendar', staleAfterDays: 90, timeZone: 'America/New_York' },
        quarters: 'contract',
        contractStart: '2021-01-04',
        submitRefreshMaxRows: '200', // read by earlier versions: accepted, ignored
      }),
    );
    expect(config).toEqual({
      schemes: ['perinatal', 'ewb'],
      schemesUnreadable: false,
      // The flat setting wins; the spreadsheet's own time zone always does.
      settings: { quarters: 'contract', staleAfterDays: 90, contractStart: '2021-01-04' },
      problems: [],
    });
  });

  it('accepts every key of the configuration file, so a file pasted in whole works (its team is for packs)', async () => {
    const file = {
      site: 'HMP Example',
      provider: 'Example Peer Support CIC',
      contractReference: 'NHSE-0042',
      team: { name: 'Peer support team', phone: '01632 960000' },
      publication: { suppressBelow: 5 },
      schemes: ['perinatal'],
    };
    expect(readSiteConfig(JSON.stringify(file)).problems).toEqual([]);
    // Every key the configuration file's schema knows is known here too.
    const { configSchema } = await import('../../core/config.js');
    for (const key of Object.keys(configSchema.shape)) expect(readSiteConfig(JSON.stringify({ [key]: null })).problems.join(' ')).not.toContain('not a setting peerkit knows');
  });

  it('names each problem by its field, in one line', () => {
    const known = SCHEMES.map((r) => r.id).join(', ');
    expect(readSiteConfig('{"schemes": ["perinatal", "Reading"]}')).toMatchObject({
      schemes: null,
      schemesUnreadable: true,
      problems: [`schemes: unknown scheme "Reading": choose from ${known}`],
    });
    expect(readSiteConfig('{"schemes": []}').problems).toEqual(['schemes: Too small: expected array to have >=1 items']);
    expect(readSiteConfig('{"schemes": "ewb"}').problems).toEqual(['schemes: Invalid input: expected array, received string']);
    expect(readSiteConfig('{"scheme": ["ewb"], "settings": {"quarters": "yearly"}, "submitRefreshMaxRows": -1, "site": ""}').problems).toEqual([
      'settings.quarters: Invalid option: expected one of "financial"|"calendar"|"contract"; the default is used',
      'scheme: not a setting peerkit knows',
      'site: not a name (write it like "HMP Example")',
    ]);
    expect(readSiteConfig('{not json')).toMatchObject({ schemesUnreadable: true, problems: [expect.stringMatching(/^not valid JSON \(/)] });
    expect(readSiteConfig('["ewb"]')).toMatchObject({ schemesUnreadable: true, problems: ['not a JSON object: write it like {"schemes": ["perinatal", "reconnect"]}'] });
  });
});
