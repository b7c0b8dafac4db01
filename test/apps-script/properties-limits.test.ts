/**
 * Google's PropertiesService limits (9 kB a value, 500 kB a store: the fake throws
 * past them) against a register that outgrows one value: the Supporter IDs offered
 * on the forms are stored in parts, so Set up and the refresh keep working and the
 * lists offer everyone. And the Dashboard's line on when it was rebuilt and whether
 * the triggers are there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, loadScript } from './harness.js';
import { PROPERTY_VALUE_BYTES } from './fakes/services.js';

beforeAll(async () => {
  await buildOnce();
});

describe('document properties stay within Google limits', () => {
  it('2,000 Supporter IDs (over 9 kB of JSON) are all offered, after a refresh and a second Set up', async () => {
    const h = await loadScript('2021-06-10T09:00:00');
    h.script.setUp();
    const ids = Array.from({ length: 2000 }, (_, i) => `PS-${String(i + 1).padStart(4, '0')}`);
    for (const [i, id] of ids.entries()) h.submit('Peer supporter registration', { 'Supporter ID': id, Name: `Testa Example ${i}`, Schemes: ['Perinatal'], 'Start date': '2021-01-04' });
    expect(JSON.stringify(ids).length).toBeGreaterThan(PROPERTY_VALUE_BYTES);
    h.asTrigger(() => h.script.dailyRefresh());
    const offered = () => h.google.formApp.byTitle('Support contact log').item('Peer supporters').choices;
    expect(offered()).toEqual(ids);
    for (const [key, value] of h.google.properties.document.data) expect(key.length + value.length, key).toBeLessThanOrEqual(PROPERTY_VALUE_BYTES);
    expect([...h.google.properties.document.data.keys()].filter((k) => k.startsWith('supporterChoices:')).length).toBeGreaterThan(1);

    // Set up rebuilds the lists from the stored parts.
    h.script.setUp();
    expect(offered()).toEqual(ids);
  });
});

describe('the Dashboard says when it was rebuilt and whether the triggers are there', () => {
  it('installed for 2 of 2 after Set up; missing once they are deleted', async () => {
    const h = await loadScript('2021-06-10T09:00:00');
    h.script.setUp();
    const line = () => h.google.spreadsheet.sheet('Dashboard')!.dump()[1]!;
    expect(line().slice(0, 3)).toEqual(['Rebuilt', h.google.env.wallClock(2021, 6, 10, 9), '(hourly when something changed, daily at least, and from the menu); triggers: installed for 2 of 2']);
    const hourly = h.google.scriptApp.triggers.findIndex((t) => t.getHandlerFunction() === 'hourlyRefresh');
    h.google.scriptApp.triggers.splice(hourly, 1);
    h.script.refreshViews();
    expect(line()[2]).toBe('(hourly when something changed, daily at least, and from the menu); triggers installed for 1 of 2: run Peer support → Set up');
    h.google.scriptApp.triggers.splice(0);
    h.script.refreshViews();
    expect(line()[2]).toBe('(hourly when something changed, daily at least, and from the menu); triggers missing: run Peer support → Set up');
  });
});
