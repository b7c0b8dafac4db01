/**
 * The Handlebars environment: helpers, partials and templates from templates/,
 * any of which a provider can override with a folder of their own (--templates).
 */
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../../core/errors.js';
import { packagePath } from '../paths.js';
import { HELPERS } from './helpers.js';

interface Renderer {
  render(template: string, context: object): string;
  /**
   * The template rendered with `items` as its list `key`, in pieces: the text before
   * the list, each item's `partial`, the text after. A print file of every pack is
   * far longer than one string may be (about 512 MB in V8: some 60,000 packs), so it
   * is written piece by piece, each item rendered only when it is written.
   */
  renderEach(template: string, context: object, key: string, partial: string, items: Iterable<object>): Iterable<string>;
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
  const templateOf = (template: string) => {
    let fn = compiled.get(template);
    if (!fn) {
      const file = [...dirs].reverse().map((d) => join(d, `${template}.hbs`)).find(existsSync);
      if (!file) throw new UserError(`no template "${template}.hbs" in ${dirs.join(' or ')}`);
      fn = hb.compile(readFileSync(file, 'utf8'), { strict: false });
      compiled.set(template, fn);
    }
    return fn;
  };
  return {
    render: (template, context) => templateOf(template)(context),
    *renderEach(template, context, key, partial, items) {
      // The template around one item whose partial is a marker: what stands either side of the list.
      const fn = templateOf(template);
      const frame = fn({ ...context, [key]: [{}] }, { partials: { [partial]: hb.compile(ITEM_MARKER) } }).split(ITEM_MARKER);
      if (frame.length !== 2 || frame.join('') !== fn({ ...context, [key]: [] })) {
        // A template of one's own that is not the list's items' partial and a frame: rendered whole.
        yield fn({ ...context, [key]: [...items] });
        return;
      }
      const item = hb.compile(`{{#each ${key}}}{{> ${partial}}}{{/each}}`, { strict: false });
      yield frame[0]!;
      for (const one of items) yield item({ ...context, [key]: [one] });
      yield frame[1]!;
    },
  };
}

/** Stands for one item while the frame is rendered: text no template of ours or anyone's would hold. */
const ITEM_MARKER = `<!--peerkit item ${randomBytes(8).toString('hex')}-->`;
