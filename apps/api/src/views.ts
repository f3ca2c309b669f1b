import Handlebars from 'handlebars';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PROJECT_ROOT } from '@academy/core';

const PARTIALS_DIR = 'libs/core/views/partials';

/** The handlebars instance of every page, with the few helpers templates need. */
export function createHandlebars(): typeof Handlebars {
  const handlebars = Handlebars.create();
  handlebars.registerHelper('eq', (left: unknown, right: unknown) => left === right);
  handlebars.registerHelper(
    'includes',
    (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item),
  );
  handlebars.registerHelper('year', () => new Date().getUTCFullYear());
  return handlebars;
}

/** Every `*.hbs` under the shared partials folder, by file name. */
export function partials(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(join(PROJECT_ROOT, PARTIALS_DIR))
      .filter((file) => file.endsWith('.hbs'))
      .map((file) => [basename(file, '.hbs'), `${PARTIALS_DIR}/${file}`]),
  );
}
