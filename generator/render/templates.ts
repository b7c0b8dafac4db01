/**
 * The Handlebars environment: helpers, partials and templates from templates/,
 * any of which a provider can override with a folder of their own (--templates).
 */
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserError } from '../../core/errors.js';
import { packagePath } from '../paths.js';
import { HELPERS } from './helpers.js';

interface Renderer {
  render(template: string, context: object): string;
}

const BUILT_IN = packagePath('templates');

export function createRenderer(overrideDir?: string): Renderer {
  if (overrideDir !== undefined && !existsSync(overrideDir)) throw new UserError(`--templates "${overrideDir}": no such folder`);
  const hb = Handlebars.create();
  for (const [name, helper] of Object.entries(HELPERS)) hb.registerHelper(name, helper);
  const dirs = overrideDir ? [BUILT_IN, overrideDir] : [BUILT_IN];
  // Later folders win: a provider's partial of the same name replaces ours.
  for (const dir of dirs) {
    const partials = join(dir, 'partials');
    if (!existsSync(partials)) continue;
    for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
      hb.registerPartial(basename(file, '.hbs'), readFileSync(join(partials, file), 'utf8'));
    }
  }
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  return {
    render(template, context) {
      let fn = compiled.get(template);
      if (!fn) {
        const file = [...dirs].reverse().map((d) => join(d, `${template}.hbs`)).find(existsSync);
        if (!file) throw new UserError(`no template "${template}.hbs" in ${dirs.join(' or ')}`);
        fn = hb.compile(readFileSync(file, 'utf8'), { strict: false });
        compiled.set(template, fn);
      }
      return fn(context);
    },
  };
}
