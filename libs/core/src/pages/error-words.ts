import type { ErrorBody } from '../errors/all-exceptions.filter';

/** What an error page says: a headline and a sentence or two, for a physician, not a developer. */
export interface ErrorWords {
  /** The status the page answers with (a bad id in the address is a page that is not there: 404). */
  status: number;
  heading: string;
  message: string;
}

const NO_SUCH_PAGE =
  'There is no page at this address. The link may be mistyped, or what it pointed to has moved or been removed.';

const HEADINGS: Record<number, string> = {
  400: 'We could not read that request',
  401: 'Please sign in',
  403: 'This page is not open to you',
  404: 'We could not find that page',
  405: 'That cannot be done from here',
  409: 'Something changed in the meantime',
  410: 'This is no longer here',
  413: 'That was too large to send',
  415: 'We could not read what was sent',
  422: 'We could not use what was sent',
  429: 'Too many tries in a short time',
  500: 'Something went wrong on our side',
  503: 'The academy is briefly unavailable',
};

const GENERAL: Record<number, string> = {
  400: 'Part of what your browser sent could not be read. Go back, check the page and try again.',
  403: 'Your account cannot open this page. If you think it should, ask the academy.',
  404: NO_SUCH_PAGE,
  405: 'This address does not take that kind of request. Go back and use the page’s own buttons.',
  413: 'What you sent is larger than this page takes. Try a smaller file or a shorter text.',
  415: 'What you sent is in a form this page does not take. Go back and send it from the page.',
  429: 'Wait a minute, then try again.',
  500: 'Nothing you did caused this, and we have been told. Try again in a minute; if it keeps happening, give the academy the reference below.',
};

// Messages of the framework and its plugins that are written for developers, by their code.
const FRAMEWORK_CODES: [RegExp, string][] = [
  [
    /^FST_CSRF_/,
    'This form had expired (the page was open a long time, or you signed in or out in another tab). Go back, reload the page and send the form again.',
  ],
  [/^FST_ERR_CTP_BODY_TOO_LARGE$/, GENERAL[413]!],
  [/^FST_ERR_CTP_INVALID_MEDIA_TYPE$/, GENERAL[415]!],
];

// Tell-tale signs of text meant for developers: routes ("Cannot GET /x"), validator phrasing,
// field paths ("claims.0.amount"), ISO timestamps, identifiers in code case.
const DEVELOPER_TEXT = [
  /^Cannot [A-Z]+ \//,
  /\bmust be an? /i,
  /\bmust not be\b/i,
  /\bshould not (?:be|exist)\b/i,
  /\b[a-z]\w*\.\d+(?:\.\w+)?\b/,
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/,
  /\b[a-z]+[A-Z]\w*\b/,
  /^[a-z]/,
  /\bUUID\b/,
];

/** Whether a message reads as a sentence for a person (not a route, a validator's phrase or a field path). */
export function readsAsSentence(message: string): boolean {
  return message.trim().length > 0 && !DEVELOPER_TEXT.some((pattern) => pattern.test(message));
}

/** "claims.0.amount" → "claims, item 1, amount"; "lessonId" → "lesson". */
export function fieldInWords(field: string): string {
  return field
    .split('.')
    .map((part) =>
      /^\d+$/.test(part)
        ? `item ${Number(part) + 1}`
        : part
            .replace(/Ids?$/, '')
            .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
            .replace(/_/g, ' ')
            .toLowerCase(),
    )
    .filter((part) => part.length > 0)
    .join(', ');
}

/** "note contains a character…" as "The note contains a character….", or null when it is not a sentence for people. */
function fieldSentence(field: string, problem: string): string | null {
  if (!problem.startsWith(`${field} `)) {
    return readsAsSentence(problem) ? problem : null;
  }
  const sentence = `The ${fieldInWords(field)} ${problem.slice(field.length + 1)}`;
  const ended = /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
  return readsAsSentence(ended) ? ended : null;
}

/**
 * The words of an error page. `pathParams` are the route's parameters: a problem with one of them
 * (an id that is not one) means the address names nothing, so the page answers 404.
 */
export function errorWords(body: ErrorBody, pathParams: readonly string[] = []): ErrorWords {
  const fields = Object.keys(body.fields ?? {});
  if (
    body.statusCode === 400 &&
    fields.length > 0 &&
    fields.every((field) => pathParams.includes(field.split('.')[0]!))
  ) {
    return { status: 404, heading: HEADINGS[404]!, message: NO_SUCH_PAGE };
  }
  const status = body.statusCode;
  const heading = HEADINGS[status] ?? (status >= 500 ? HEADINGS[500]! : 'That did not work');
  const framework = body.code ? FRAMEWORK_CODES.find(([code]) => code.test(body.code!)) : undefined;
  if (framework) {
    return { status, heading, message: framework[1] };
  }
  if (status === 500) {
    return { status, heading, message: GENERAL[500]! };
  }
  if (readsAsSentence(body.message)) {
    return { status, heading, message: body.message };
  }
  if (status === 400 && fields.length > 0) {
    const sentences = fields.flatMap((field) =>
      body.fields![field]!.map((problem) => fieldSentence(field, problem)),
    );
    if (sentences.every((sentence): sentence is string => sentence !== null)) {
      return { status, heading, message: sentences.join(' ') };
    }
    return {
      status,
      heading,
      message: `Some of what was sent could not be used (${fields.map(fieldInWords).join('; ')}). Go back, check it and send it again.`,
    };
  }
  return {
    status,
    heading,
    message: GENERAL[status] ?? (status >= 500 ? GENERAL[500]! : GENERAL[400]!),
  };
}
