import Handlebars from 'handlebars';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { dateInWords, dayInWords, PROJECT_ROOT, timeInWords } from '@academy/core';
import type { Reader } from '@academy/core';

interface HelperOptions {
  name: string;
  data?: { root?: { reader?: Reader } };
}

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
  // A view model's own field of the same name (`{{when}}`, text already in words) is shown as
  // it would be without the helper: helpers win over fields in handlebars.
  const said = (words: (date: Date, reader: Reader) => string) =>
    function (this: unknown, ...args: unknown[]): Handlebars.SafeString | string {
      const options = args[args.length - 1] as HelperOptions;
      if (args.length < 2) {
        const field = (this as Record<string, unknown> | null | undefined)?.[options.name];
        return typeof field === 'string' || typeof field === 'number' ? String(field) : '';
      }
      const value = args[0];
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
