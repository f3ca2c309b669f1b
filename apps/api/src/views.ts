import Handlebars from 'handlebars';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { dateInWords, dayInWords, PROJECT_ROOT, timeInWords } from '@academy/core';
import type { Reader } from '@academy/core';

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
  // Dates as the reader says them, in their zone (the page's `reader`): {{when at}}, {{day at}}, {{date at}}.
  const said =
    (words: (date: Date, reader: Reader) => string) =>
    (value: unknown, options: { data?: { root?: { reader?: Reader } } }): Handlebars.SafeString | string => {
      const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
      const reader = options.data?.root?.reader;
      if (!date || Number.isNaN(date.getTime()) || !reader) {
        return '';
      }
      return new handlebars.SafeString(
        `<time datetime="${date.toISOString()}">${handlebars.escapeExpression(words(date, reader))}</time>`,
      );
    };
  handlebars.registerHelper('when', said(timeInWords));
  handlebars.registerHelper('day', said(dayInWords));
  handlebars.registerHelper('date', said(dateInWords));
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
