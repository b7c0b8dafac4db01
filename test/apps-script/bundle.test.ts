/**
 * What clasp pushes: dist/ holds Code.js and appsscript.json only; Code.js has no
 * module syntax and declares every menu and trigger function at top level;
 * loading it calls no Google service; it stays under its size budget; the manifest
 * asks for narrow scopes.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGET_BYTES } from '../../apps-script/build.mjs';
import { buildOnce, loadScript } from './harness.js';

const HANDLERS = ['dailyRefresh', 'deleteReviewedRows', 'hourlyRefresh', 'onEdit', 'onFormSubmit', 'onOpen', 'refreshViews', 'retentionReview', 'setUp', 'takeOverTriggers'];
let codePath = '';

beforeAll(async () => {
  codePath = await buildOnce();
});

describe('the pushed bundle', () => {
  it('is Code.js and appsscript.json, with no import or export left', () => {
    const dist = dirname(codePath);
    expect(readdirSync(dist).filter((f) => !f.endsWith('.tmp')).sort()).toEqual(['Code.js', 'appsscript.json']);
    const code = readFileSync(codePath, 'utf8');
    expect(code).not.toMatch(/^\s*import[\s{*'"]/m);
    expect(code).not.toMatch(/^\s*export\s/m);
    expect(code).not.toMatch(/\brequire\(/);
  });

  it('declares each menu and trigger function at top level', () => {
    const code = readFileSync(codePath, 'utf8');
    for (const name of HANDLERS) expect(code).toMatch(new RegExp(`^function ${name}\\(e\\) \\{$`, 'm'));
    // As Apps Script loads it: a plain script in one global scope.
    const context = vm.createContext({});
    vm.runInContext(code, context);
    for (const name of HANDLERS) expect(typeof context[name], name).toBe('function');
  });

  it('touches no Google service while loading', async () => {
    const h = await loadScript();
    expect(h.google.env.calls.total()).toBe(0);
  });

  // Apps Script loads the whole of Code.js on every execution (each menu click, submission
  // and trigger), so its size is paid every time. Unminified, with all of zod's locales, it
  // was about 1.2 MB; the build now keeps it near 410 KB.
  it('stays under 500 KB, as Apps Script loads it on every execution', () => {
    expect(BUDGET_BYTES).toBe(500 * 1024);
    const bytes = statSync(codePath).size;
    expect(bytes, `Code.js is ${(bytes / 1024).toFixed(0)} KB`).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('keeps English zod messages only, as the locales were left out', () => {
    const code = readFileSync(codePath, 'utf8');
    expect(code).toContain('Invalid input: expected');
    expect(code).not.toContain('Entrada inválida'); // Spanish, one of the locales left out
  });

  it('asks for narrow scopes, in V8, on London time', () => {
    const manifest = JSON.parse(readFileSync(join(dirname(codePath), 'appsscript.json'), 'utf8'));
    expect(manifest).toMatchObject({ runtimeVersion: 'V8', timeZone: 'Europe/London' });
    expect([...manifest.oauthScopes].sort()).toEqual([
      'https://www.googleapis.com/auth/forms',
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/script.scriptapp',
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
      'https://www.googleapis.com/auth/userinfo.email',
    ]);
    expect(manifest.oauthScopes.join(' ')).not.toMatch(/drive|auth\/spreadsheets(?!\.currentonly)/);
  });

  it('.clasp.json points clasp at dist/', () => {
    const clasp = JSON.parse(readFileSync(join(dirname(codePath), '..', '.clasp.json'), 'utf8'));
    expect(clasp.rootDir).toBe('dist');
  });
});
