import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const markdown = new Marked({ gfm: true, breaks: false, async: false });

// What lesson text may contain once rendered: structure, emphasis, tables, links and our images.
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'hr',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'del',
    'code',
    'pre',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'a',
    'img',
    'sup',
    'sub',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  // Images only from the platform's own media store.
  exclusiveFilter: (frame) =>
    frame.tag === 'img' && !/^\/media\/[0-9a-f-]{36}$/.test(frame.attribs.src ?? ''),
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
    h1: 'h2',
  },
  disallowedTagsMode: 'discard',
};
SANITIZE_OPTIONS.allowedAttributes = { ...SANITIZE_OPTIONS.allowedAttributes, a: ['href', 'title', 'rel'] };

// A lesson is rendered each time a learner opens it, and its text changes only with a new course
// version: the renderings of the texts used last are kept, by the text itself.
const RENDERINGS_KEPT = 300;
const rendered = new Map<string, string>();

/**
 * Lesson Markdown to HTML that is safe to put in a page: no scripts, no event handlers, no
 * javascript: or data: URLs, no raw HTML beyond the allowed tags, images only from /media.
 */
export function renderMarkdown(source: string): string {
  const kept = rendered.get(source);
  if (kept !== undefined) {
    // Most recently used last: the oldest is the first to go.
    rendered.delete(source);
    rendered.set(source, kept);
    return kept;
  }
  const html = scrollableTables(sanitizeHtml(markdown.parse(source) as string, SANITIZE_OPTIONS));
  if (rendered.size >= RENDERINGS_KEPT) {
    rendered.delete(rendered.keys().next().value!);
  }
  rendered.set(source, html);
  return html;
}

/**
 * Each table in a box of its own that scrolls sideways on a phone, named and reachable by
 * keyboard so its hidden columns can be scrolled to. The sanitised HTML has tables with no
 * attributes and escapes any `<` in text, so the tags are found exactly.
 */
function scrollableTables(html: string): string {
  let count = 0;
  return html
    .replace(/<table>/g, () => {
      count += 1;
      return `<div class="table-scroll" tabindex="0" role="region" aria-label="Table ${count}"><table>`;
    })
    .replace(/<\/table>/g, '</table></div>');
}
