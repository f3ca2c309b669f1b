import { queueOf } from '@academy/core';
import { describeSendError, EMAIL_RETRY } from './email-retry';

describe('e-mail retries', () => {
  it('tries eight times in all, a minute apart at first, doubling to at most two hours apart', () => {
    expect(queueOf({ name: 'notifications.send-email', retry: EMAIL_RETRY })).toMatchObject({
      retryLimit: 7,
      retryDelay: 60,
      retryBackoff: true,
      retryDelayMax: 7200,
    });
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
