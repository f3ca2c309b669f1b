import {
  describeSendError,
  emailRetryDelayMs,
  emailRetrySchedule,
  MAX_EMAIL_ATTEMPTS,
  MAX_EMAIL_RETRY_DELAY_MS,
} from './email-retry';

const MINUTE = 60_000;

describe('e-mail retry delays', () => {
  it('waits a minute after the first attempt, then doubles', () => {
    expect([1, 2, 3, 4, 5].map(emailRetryDelayMs)).toEqual([1, 2, 4, 8, 16].map((n) => n * MINUTE));
  });

  it('never waits longer than two hours, however many attempts', () => {
    expect(emailRetryDelayMs(8)).toBe(120 * MINUTE);
    expect(emailRetryDelayMs(9)).toBe(MAX_EMAIL_RETRY_DELAY_MS);
    expect(emailRetryDelayMs(10_000)).toBe(MAX_EMAIL_RETRY_DELAY_MS);
  });

  it('refuses attempts that are not whole numbers from 1', () => {
    expect(() => emailRetryDelayMs(0)).toThrow(RangeError);
    expect(() => emailRetryDelayMs(1.5)).toThrow(RangeError);
  });

  it('lists one delay per attempt, spreading eight attempts over about two hours', () => {
    const schedule = emailRetrySchedule();
    expect(schedule).toHaveLength(MAX_EMAIL_ATTEMPTS);
    expect(schedule).toEqual([1, 2, 4, 8, 16, 32, 64, 120].map((n) => n * MINUTE));
    // The last delay is only a lease: after the eighth attempt the e-mail is given up.
    const beforeLastAttempt = schedule.slice(0, -1).reduce((sum, delay) => sum + delay, 0);
    expect(beforeLastAttempt).toBe(127 * MINUTE);
  });
});

describe('describeSendError', () => {
  it('keeps the code, the SMTP reply code and the message on one line', () => {
    const error = Object.assign(new Error('Message failed:\n451 try again later'), {
      code: 'EMESSAGE',
      responseCode: 451,
    });
    expect(describeSendError(error)).toBe('EMESSAGE 451 Message failed: 451 try again later');
  });

  it('hides credentials and e-mail addresses', () => {
    const error = new Error(
      'Invalid login for smtps://mailer:s3cret-pass@mail.example.org: 535 s3cret-pass rejected <dr.who@clinic.example>',
    );
    const text = describeSendError(error, ['s3cret-pass', 'mailer']);
    expect(text).not.toContain('s3cret-pass');
    expect(text).not.toContain('mailer:');
    expect(text).not.toContain('dr.who@clinic.example');
    expect(text).toContain('535');
  });

  it('describes things thrown that are not errors, and stays short', () => {
    expect(describeSendError('boom')).toBe('boom');
    expect(describeSendError(new Error('x'.repeat(2000)))).toHaveLength(500);
  });
});
