/** `peerkit config`: check a site's configuration file, or print its JSON Schema. */
import { writeFileSync } from 'node:fs';
import type { Command } from '../command.js';
import { configJsonSchema } from '../../core/config.js';
import { stringOption as str } from '../options.js';
import { loadConfig } from '../workspace.js';
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

Without --schema, reads the configuration (--config FILE, else the file that
$PEERKIT_CONFIG names, else the nearest peerkit.config.json in this folder or
one above it), says what is wrong with it in one line, or prints it with the
defaults filled in and says on standard error which file it read. --schema
prints the JSON Schema that editors use to complete the file. Each setting can
also be given on the command line of report, check and packs, which wins.`,
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
    const { config, file } = loadConfig(str(values.config));
    io.note(file === undefined ? 'No configuration file found: these are the defaults.' : `Read ${file}.`);
    io.write(JSON.stringify(config, null, 2) + '\n');
  },
};
