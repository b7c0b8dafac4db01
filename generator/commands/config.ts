/** `peerkit config`: check a site's configuration file, or print its JSON Schema. */
import { writeFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { configJsonSchema } from '../../core/config.js';
import { loadConfig, stringOption as str } from '../options.js';
import { shownPath } from '../output.js';

export const configCommand: Command = {
  name: 'config',
  summary: "check the site's configuration (peerkit.config.json), or print its JSON Schema",
  help: `Usage: peerkit config [--config FILE] | peerkit config --schema [--out FILE]

A site names the schemes it runs and its settings in peerkit.config.json:

  {
    "$schema": "./docs/peerkit.config.schema.json",
    "site": "HMP Example",
    "schemes": ["perinatal", "reconnect"],
    "settings": { "timeZone": "Europe/London", "quarters": "financial" }
  }

Without --schema, reads the configuration (--config FILE, or peerkit.config.json
here), says what is wrong with it in one line, or prints it with the defaults
filled in. --schema prints the JSON Schema that editors use to complete the file.`,
  options: { config: { type: 'string' }, schema: { type: 'boolean' }, out: { type: 'string' } },
  async run(values, io) {
    if (values.schema) {
      const text = JSON.stringify(configJsonSchema(), null, 2) + '\n';
      const out = str(values.out);
      if (out === undefined || out === '-') io.write(text);
      else {
        writeFileSync(out, text);
        io.out(`Wrote the configuration's JSON Schema to ${shownPath(out)}`);
      }
      return;
    }
    io.write(JSON.stringify(loadConfig(values), null, 2) + '\n');
  },
};
