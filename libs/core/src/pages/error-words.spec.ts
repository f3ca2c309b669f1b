import { errorWords, fieldInWords, readsAsSentence } from './error-words';

describe('error pages in words', () => {
  it('answers a bad id in the address as a page that is not there, not the validator’s message', () => {
    const words = errorWords(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'lessonId must be a UUID',
        fields: { lessonId: ['lessonId must be a UUID'] },
      },
      ['slug', 'lessonId'],
    );
    expect(words).toEqual({
      status: 404,
      heading: 'We could not find that page',
      message: expect.stringContaining('There is no page at this address.'),
    });
  });

  it('replaces the router’s "Cannot GET /…" and field paths with sentences', () => {
    expect(
      errorWords({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /nothing' }).message,
    ).toMatch(/^There is no page at this address\./);
    const form = errorWords({
      statusCode: 400,
      error: 'Bad Request',
      message: 'claims.0.amount must be a number',
      fields: { 'claims.0.amount': ['claims.0.amount must be a number'] },
    });
    expect(form.message).toBe(
      'Some of what was sent could not be used (claims, item 1, amount). Go back, check it and send it again.',
    );
  });

  it('keeps a message written for people, and hides whatever went wrong inside behind one sentence', () => {
    expect(
      errorWords({
        statusCode: 409,
        error: 'Conflict',
        message: 'You already have a place in this lab.',
        code: 'X',
      }).message,
    ).toBe('You already have a place in this lab.');
    expect(
      errorWords({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Something went wrong on our side.',
      }),
    ).toMatchObject({
      heading: 'Something went wrong on our side',
      message: expect.stringContaining('Try again'),
    });
  });

  it('names the field of a form refused as a whole in a sentence, when its problem is written for people', () => {
    expect(
      errorWords({
        statusCode: 400,
        error: 'Bad Request',
        message: 'x',
        fields: { note: ['note contains a character that cannot be stored: remove it and try again'] },
      }).message,
    ).toBe('The note contains a character that cannot be stored: remove it and try again.');
  });

  it('says what an expired form means instead of the CSRF plugin’s words', () => {
    expect(
      errorWords({
        statusCode: 403,
        error: 'Forbidden',
        message: 'Invalid csrf token',
        code: 'FST_CSRF_INVALID_TOKEN',
      }).message,
    ).toMatch(/^This form had expired/);
  });

  it('tells developer text from sentences', () => {
    expect(readsAsSentence('Cannot GET /x')).toBe(false);
    expect(readsAsSentence('startsAt must be a Date instance')).toBe(false);
    expect(readsAsSentence('Closed on 2026-12-03T09:00:00.000Z.')).toBe(false);
    expect(readsAsSentence('This needs the admin role.')).toBe(true);
    expect(fieldInWords('courseVersionId')).toBe('course version');
  });
});
